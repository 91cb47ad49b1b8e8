import test from "ava";
import {
  configKeyName,
  envVarName,
  loxilbOptionsFromConfig,
  loxilbOptionsFromEnv,
  resolveLoxilbOptions,
  LOXILB_OPTION_KEYS,
} from "../../provider/api/options";
import { ConfigError, isLoxiLBError } from "../../provider/api/errors";
import { LoxiLBClient } from "../../provider/api/client";

const noConfig = () => undefined;
const configOf = (m: Record<string, string>) => (k: string) => m[k];

test("option names map to LOXILB_ env vars and loxilb: config keys", (t) => {
  t.is(envVarName("apiEndpoints"), "LOXILB_API_ENDPOINTS");
  t.is(envVarName("apiConnectionPoolSize"), "LOXILB_API_CONNECTION_POOL_SIZE");
  t.is(envVarName("tlsCaCertFile"), "LOXILB_TLS_CA_CERT_FILE");
  t.is(envVarName("debugApiCalls"), "LOXILB_DEBUG_API_CALLS");
  t.is(configKeyName("authType"), "loxilb:authType");
});

test("env values are parsed to lists, numbers, booleans and enums", (t) => {
  const o = loxilbOptionsFromEnv({
    LOXILB_API_ENDPOINTS: "http://a:11111, http://b:11111",
    LOXILB_AUTH_TYPE: "token",
    LOXILB_API_TOKEN: "tok",
    LOXILB_API_TIMEOUT: "2.5",
    LOXILB_API_RETRIES: "0",
    LOXILB_TLS_VERIFY_CERT: "false",
    LOXILB_DEBUG_API_CALLS: "1",
    LOXILB_REPLICATION: "all",
  });
  t.deepEqual(o, {
    apiEndpoints: ["http://a:11111", "http://b:11111"],
    authType: "token",
    apiToken: "tok",
    apiTimeout: 2.5,
    apiRetries: 0,
    tlsVerifyCert: false,
    debugApiCalls: true,
    replication: "all",
  });
});

test("config accepts apiEndpoints as a JSON array string", (t) => {
  const o = loxilbOptionsFromConfig(configOf({ "loxilb:apiEndpoints": '["http://x:1","http://y:2"]' }));
  t.deepEqual(o.apiEndpoints, ["http://x:1", "http://y:2"]);
});

test("overrides win over config, which wins over env", (t) => {
  const o = resolveLoxilbOptions({
    env: { LOXILB_API_ENDPOINTS: "http://env:1", LOXILB_API_RETRIES: "7", LOXILB_API_TIMEOUT: "9" },
    config: configOf({ "loxilb:apiEndpoints": "http://config:1", "loxilb:apiRetries": "5" }),
    overrides: { apiEndpoints: ["http://override:1"] },
  });
  t.deepEqual(o.apiEndpoints, ["http://override:1"]);
  t.is(o.apiRetries, 5);
  t.is(o.apiTimeout, 9);
});

test("undefined overrides do not hide config values", (t) => {
  const overrides = { apiEndpoints: undefined, apiRetries: undefined } as unknown as Record<string, never>;
  const o = resolveLoxilbOptions({
    env: { LOXILB_API_ENDPOINTS: "http://env:1" },
    config: noConfig,
    overrides,
  });
  t.deepEqual(o.apiEndpoints, ["http://env:1"]);
  t.false("apiRetries" in o);
});

test("string overrides (from Pulumi inputs) are parsed like config", (t) => {
  const overrides = { apiEndpoints: ["http://a:1"], apiTimeout: "3" } as unknown as Record<string, never>;
  const o = resolveLoxilbOptions({ env: {}, config: noConfig, overrides });
  t.is(o.apiTimeout, 3);
});

test("a missing apiEndpoints is a Config error naming the key and where to set it", (t) => {
  const e = t.throws(() => resolveLoxilbOptions({ env: {}, config: noConfig, overrides: {} }));
  t.true(e instanceof ConfigError);
  t.true(isLoxiLBError(e));
  t.is((e as ConfigError).key, "apiEndpoints");
  t.regex(e?.message ?? "", /LOXILB_API_ENDPOINTS/);
  t.regex(e?.message ?? "", /loxilb:apiEndpoints/);
});

test("a bad number is a Config error naming the env var", (t) => {
  const e = t.throws(() =>
    resolveLoxilbOptions({
      env: { LOXILB_API_ENDPOINTS: "http://a:1", LOXILB_API_TIMEOUT: "soon" },
      config: noConfig,
      overrides: {},
    }),
  );
  t.is((e as ConfigError)._tag, "Config");
  t.is((e as ConfigError).key, "LOXILB_API_TIMEOUT");
  t.regex(e?.message ?? "", /"soon"/);
});

test("a bad boolean in config names the config key", (t) => {
  const e = t.throws(() => loxilbOptionsFromConfig(configOf({ "loxilb:tlsVerifyCert": "maybe" })));
  t.is((e as ConfigError).key, "loxilb:tlsVerifyCert");
});

test("Config errors never echo secret values", (t) => {
  const missingUser = t.throws(() =>
    resolveLoxilbOptions({
      env: { LOXILB_API_ENDPOINTS: "http://a:1", LOXILB_PASSWORD: "hunter2hunter2" },
      config: noConfig,
      overrides: { authType: "password" },
    }),
  );
  t.is((missingUser as ConfigError).key, "username");
  t.false(missingUser?.message.includes("hunter2hunter2"));
  const badUrl = t.throws(() =>
    resolveLoxilbOptions({
      env: {},
      config: noConfig,
      overrides: { apiEndpoints: ["ftp://admin:pw-in-url@x"] },
    }),
  );
  t.false(badUrl?.message.includes("pw-in-url"));
  t.regex(badUrl?.message ?? "", /ftp:\/\/\*\*\*@x/);
  const missingToken = t.throws(() =>
    resolveLoxilbOptions({
      env: { LOXILB_API_ENDPOINTS: "http://a:1" },
      config: noConfig,
      overrides: { authType: "token" },
    }),
  );
  t.is((missingToken as ConfigError).key, "apiToken");
});

test("a bad enum value lists the allowed values", (t) => {
  const e = t.throws(() => loxilbOptionsFromEnv({ LOXILB_AUTH_TYPE: "bearer" }));
  t.is((e as ConfigError).key, "LOXILB_AUTH_TYPE");
  t.regex(e?.message ?? "", /expected one of none, token, password, tls, got "bearer"/);
});

test("negative timeouts, fractional retries and non-http endpoints are rejected", (t) => {
  const base = { env: {}, config: noConfig };
  t.is(
    t.throws<ConfigError>(() =>
      resolveLoxilbOptions({ ...base, overrides: { apiEndpoints: ["http://a"], apiTimeout: -1 } }),
    ).key,
    "apiTimeout",
  );
  t.is(
    t.throws<ConfigError>(() =>
      resolveLoxilbOptions({ ...base, overrides: { apiEndpoints: ["http://a"], apiRetries: 1.5 } }),
    ).key,
    "apiRetries",
  );
  t.is(
    t.throws<ConfigError>(() => resolveLoxilbOptions({ ...base, overrides: { apiEndpoints: ["ftp://a"] } }))
      .key,
    "apiEndpoints",
  );
});

test("the client rejects an unreadable CA file with a Config error naming the option", (t) => {
  const e = t.throws(
    () => new LoxiLBClient({ apiEndpoints: ["https://127.0.0.1:1"], tlsCaCertFile: "/nonexistent/ca.pem" }),
  );
  t.is((e as ConfigError).key, "tlsCaCertFile");
  t.regex(e?.message ?? "", /ENOENT/);
});

test("authType tls without a client certificate is a Config error", (t) => {
  const e = t.throws(() => new LoxiLBClient({ apiEndpoints: ["https://127.0.0.1:1"], authType: "tls" }));
  t.is((e as ConfigError).key, "tlsClientCert");
});

test("every option of the codec round-trips through env and stack config", (t) => {
  const values: Record<string, string> = {
    apiEndpoints: "http://a:11111,https://b:8091",
    authType: "password",
    apiToken: "t",
    username: "u",
    password: "p",
    tlsVerifyCert: "false",
    tlsCaCertFile: "/ca.pem",
    tlsClientCertFile: "/c.pem",
    tlsClientKeyFile: "/k.pem",
    tlsCaCert: "CA",
    tlsClientCert: "CERT",
    tlsClientKey: "KEY",
    apiTimeout: "5",
    apiRetries: "2",
    apiRetryInterval: "0.5",
    apiConnectionPoolSize: "4",
    maxResponseBytes: "1048576",
    replication: "all",
    debugApiCalls: "true",
  };
  t.deepEqual([...LOXILB_OPTION_KEYS].sort(), Object.keys(values).sort());
  const env = Object.fromEntries(Object.entries(values).map(([k, v]) => [envVarName(k), v]));
  const fromEnv = loxilbOptionsFromEnv(env);
  const fromConfig = loxilbOptionsFromConfig((k) => values[k.replace(/^loxilb:/, "")]);
  t.deepEqual(fromEnv, fromConfig);
  t.deepEqual(fromEnv, {
    apiEndpoints: ["http://a:11111", "https://b:8091"],
    authType: "password",
    apiToken: "t",
    username: "u",
    password: "p",
    tlsVerifyCert: false,
    tlsCaCertFile: "/ca.pem",
    tlsClientCertFile: "/c.pem",
    tlsClientKeyFile: "/k.pem",
    tlsCaCert: "CA",
    tlsClientCert: "CERT",
    tlsClientKey: "KEY",
    apiTimeout: 5,
    apiRetries: 2,
    apiRetryInterval: 0.5,
    apiConnectionPoolSize: 4,
    maxResponseBytes: 1048576,
    replication: "all",
    debugApiCalls: true,
  });
});

test("a wrongly typed secret is rejected without showing its value", (t) => {
  const e = t.throws(() =>
    resolveLoxilbOptions({ env: {}, overrides: { apiEndpoints: ["http://a:1"], password: 123456789 } }),
  );
  t.is((e as ConfigError).key, "password");
  t.false(e?.message.includes("123456789"));
  const url = t.throws(() =>
    resolveLoxilbOptions({ env: { LOXILB_API_ENDPOINTS: "ftp://admin:pa55word@host:1" } }),
  );
  t.is((url as ConfigError).key, "LOXILB_API_ENDPOINTS");
  t.false(url?.message.includes("pa55word"));
  t.regex(url?.message ?? "", /not an http\(s\) URL: ftp:\/\/\*\*\*@host:1/);
});

test("a pool size must be a whole number of sockets and the password needs a username", (t) => {
  const e = t.throws(() =>
    resolveLoxilbOptions({
      env: { LOXILB_API_ENDPOINTS: "http://a:1", LOXILB_API_CONNECTION_POOL_SIZE: "2.5" },
    }),
  );
  t.is((e as ConfigError).key, "LOXILB_API_CONNECTION_POOL_SIZE");
  t.regex(e?.message ?? "", /expected an integer >= 1, got "2.5"/);
  const p = t.throws(() =>
    resolveLoxilbOptions({
      env: {},
      overrides: { apiEndpoints: ["http://a:1"], authType: "password", password: "x" },
    }),
  );
  t.is((p as ConfigError).key, "username");
});

test("config takes apiEndpoints as JSON, and a malformed JSON list names the key", (t) => {
  const e = t.throws(() => loxilbOptionsFromConfig(configOf({ "loxilb:apiEndpoints": '["http://a:1",' })));
  t.is((e as ConfigError).key, "loxilb:apiEndpoints");
  t.regex(e?.message ?? "", /JSON array or comma-separated/);
});

test("the client's hooks must be functions", (t) => {
  const e = t.throws(
    () => new LoxiLBClient({ apiEndpoints: ["http://a:1"], sleep: 5 as unknown as () => Promise<void> }),
  );
  t.is((e as ConfigError).key, "sleep");
});
