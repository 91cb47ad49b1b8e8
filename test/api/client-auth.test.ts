import test, { type ExecutionContext } from "ava";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import type { LoxilbEmulator, StartEmulatorOptions } from "../../provider/emulator/types";
import { makeCa, makeCert, type PemPair, type TestCa } from "../helpers/certs";
import { LoxiLBClient } from "../../provider/api/client";
import {
  AllEndpointsDownError,
  HttpError,
  NetworkError,
  isRetryable,
  isUnauthorized,
} from "../../provider/api/errors";
import type { LoadbalanceEntry } from "../../provider/api/model";
import { nodeHttpFetch } from "../../provider/api/http-fetch";
import type { FetchLike, LoxiLBClientOptions } from "../../provider/api/options";

const rule: LoadbalanceEntry = {
  serviceArguments: { externalIP: "192.0.2.70", port: 443, protocol: "tcp" },
  endpoints: [{ endpointIP: "10.0.0.1", targetPort: 8443, weight: 1 }],
};

async function setup(t: ExecutionContext, emu: StartEmulatorOptions, o: Partial<LoxiLBClientOptions>) {
  const emulator = await startEmulator(emu);
  const headers: Array<string | undefined> = [];
  const fetch: FetchLike = (url, init) => {
    headers.push(init.headers["Authorization"]);
    return nodeHttpFetch(url, init);
  };
  const client = new LoxiLBClient({ apiEndpoints: [emulator.url], fetch, sleep: async () => {}, ...o });
  t.teardown(async () => {
    client.close();
    await emulator.close();
  });
  const paths = () =>
    emulator.requests().map((r) => `${r.status} ${r.method} ${r.path.replace("/netlox/v1", "")}`);
  return { emulator, client, headers, paths };
}

test("token auth sends the raw token in Authorization, without 'Bearer'", async (t) => {
  const { client, headers } = await setup(
    t,
    { token: "manual-t0ken" },
    { authType: "token", apiToken: "manual-t0ken" },
  );
  t.deepEqual(await client.listLoadBalancers(), []);
  t.deepEqual(headers, ["manual-t0ken"]);
});

test("a wrong token is loxilb's 500 'invalid token': unauthorized, not retried, not shown", async (t) => {
  const { client, paths } = await setup(
    t,
    { token: "right-token" },
    { authType: "token", apiToken: "wrong-token" },
  );
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
  t.is(e?.status, 500);
  t.true(isUnauthorized(e));
  t.false(isRetryable(e));
  t.regex(
    e?.message ?? "",
    /^GET http:\/\/127\.0\.0\.1:\d+\/netlox\/v1\/config\/loadbalancer\/all -> 500 invalid token$/,
  );
  t.false(e?.message.includes("wrong-token"));
  t.deepEqual(paths(), ["500 GET /config/loadbalancer/all"]);
});

test("a missing token is a 401", async (t) => {
  const { client } = await setup(t, { token: "right-token" }, {});
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
  t.is(e?.status, 401);
  t.true(isUnauthorized(e));
});

test("/version needs no credentials", async (t) => {
  const { client, headers } = await setup(t, { token: "tok" }, { authType: "token", apiToken: "tok" });
  await client.getVersion();
  t.deepEqual(headers, [undefined]);
});

test("password auth logs in once and reuses the token", async (t) => {
  const { client, paths, headers } = await setup(
    t,
    { users: { admin: "s3cret-pw" } },
    { authType: "password", username: "admin", password: "s3cret-pw" },
  );
  await client.listLoadBalancers();
  await client.listLoadBalancers();
  t.deepEqual(paths(), [
    "200 POST /auth/login",
    "200 GET /config/loadbalancer/all",
    "200 GET /config/loadbalancer/all",
  ]);
  t.is(headers[0], undefined, "login carries no Authorization");
  t.truthy(headers[1]);
  t.is(headers[1], headers[2]);
  t.false(String(headers[1]).startsWith("Bearer "));
});

test("concurrent first calls share a single login", async (t) => {
  const { client, paths } = await setup(
    t,
    { users: { admin: "pw-c" } },
    { authType: "password", username: "admin", password: "pw-c" },
  );
  await Promise.all(Array.from({ length: 10 }, () => client.listLoadBalancers()));
  t.is(paths().filter((p) => p.endsWith("/auth/login")).length, 1);
  t.is(paths().filter((p) => p === "200 GET /config/loadbalancer/all").length, 10);
});

test("an expired token triggers exactly one re-login and a resend", async (t) => {
  const { client, emulator, paths } = await setup(
    t,
    { users: { admin: "pw-1" } },
    { authType: "password", username: "admin", password: "pw-1" },
  );
  await client.listLoadBalancers();
  await expireTokens(emulator);
  emulator.clearRequests();
  await client.listLoadBalancers();
  t.deepEqual(paths(), [
    "401 GET /config/loadbalancer/all",
    "200 POST /auth/login",
    "200 GET /config/loadbalancer/all",
  ]);
});

test("a 401 right after a fresh login is final: one re-login, no loop", async (t) => {
  const { client, emulator, paths } = await setup(
    t,
    { users: { admin: "pw-2" } },
    { authType: "password", username: "admin", password: "pw-2" },
  );
  emulator.faults.failNext(
    { method: "GET", path: "/config/loadbalancer/all" },
    { status: 401, count: 2, body: { code: 401, message: "unauthenticated for invalid credentials" } },
  );
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
  t.is(e?.status, 401);
  t.deepEqual(paths(), [
    "200 POST /auth/login",
    "401 GET /config/loadbalancer/all",
    "200 POST /auth/login",
    "401 GET /config/loadbalancer/all",
  ]);
});

test("concurrent calls with an expired token share a single re-login", async (t) => {
  const { client, emulator, paths } = await setup(
    t,
    { users: { admin: "pw-3" } },
    { authType: "password", username: "admin", password: "pw-3" },
  );
  await client.listLoadBalancers();
  await expireTokens(emulator);
  emulator.clearRequests();
  await Promise.all(Array.from({ length: 5 }, () => client.listLoadBalancers()));
  const logins = paths().filter((p) => p.includes("/auth/login"));
  t.deepEqual(logins, ["200 POST /auth/login"]);
  t.is(paths().filter((p) => p === "200 GET /config/loadbalancer/all").length, 5);
});

test("wrong credentials fail once with 401 and never show the password", async (t) => {
  const { client, paths } = await setup(
    t,
    { users: { admin: "right-pw" } },
    { authType: "password", username: "admin", password: "wrong-pw-xyz" },
  );
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
  t.is(e?.status, 401);
  t.regex(e?.message ?? "", /^POST http:\/\/127\.0\.0\.1:\d+\/netlox\/v1\/auth\/login -> 401/);
  t.false(JSON.stringify({ ...e, message: e?.message }).includes("wrong-pw-xyz"));
  t.deepEqual(paths(), ["401 POST /auth/login"]);
});

/** The emulator-only token expiry (issued tokens then answer 401 `token is expired`). */
async function expireTokens(emulator: LoxilbEmulator): Promise<void> {
  emulator.expireTokens();
}

// ---- TLS ---------------------------------------------------------------------------------------

/** One CA, server and client certificate for every TLS test (RSA key generation is slow). */
let pki: { ca: TestCa; server: PemPair; client: PemPair } | undefined;
function testPki() {
  if (pki === undefined) {
    const ca = makeCa();
    pki = {
      ca,
      server: makeCert(ca, { cn: "loxilb", altIps: ["127.0.0.1"] }),
      client: makeCert(ca, { cn: "pulumi-loxilb", client: true }),
    };
  }
  return pki;
}

async function tlsEmulator(t: ExecutionContext, mtls: boolean) {
  const { ca, server, client } = testPki();
  const emulator = await startEmulator({
    tls: { cert: server.cert, key: server.key, ...(mtls ? { ca: ca.cert } : {}) },
  });
  t.teardown(() => emulator.close());
  if (emulator.tlsUrl === undefined) throw new Error("emulator has no TLS listener");
  return { ca, clientCert: client, emulator, tlsUrl: emulator.tlsUrl };
}

function tlsClient(t: ExecutionContext, o: LoxiLBClientOptions) {
  const client = new LoxiLBClient({ apiRetries: 0, ...o });
  t.teardown(() => client.close());
  return client;
}

test("TLS verification is on by default: a self-signed server without its CA fails, unretried", async (t) => {
  const { tlsUrl } = await tlsEmulator(t, false);
  const sleeps: number[] = [];
  const client = tlsClient(t, {
    apiEndpoints: [tlsUrl],
    apiRetries: 3,
    sleep: async (ms) => void sleeps.push(ms),
  });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: AllEndpointsDownError });
  const cause = e?.failures[0]?.error;
  t.true(cause instanceof NetworkError);
  t.regex((cause as NetworkError).code ?? "", /CERT|SIGNATURE|ISSUER/);
  t.true((cause as NetworkError).certificate);
  t.deepEqual(sleeps, [], "a certificate that fails verification is not retried");
});

test("TLS with the custom CA (inline PEM) verifies and works", async (t) => {
  const { tlsUrl, ca } = await tlsEmulator(t, false);
  const client = tlsClient(t, { apiEndpoints: [tlsUrl], tlsCaCert: ca.cert });
  t.deepEqual(await client.listLoadBalancers(), []);
});

test("tlsVerifyCert false accepts an unknown CA", async (t) => {
  const { tlsUrl } = await tlsEmulator(t, false);
  const client = tlsClient(t, { apiEndpoints: [tlsUrl], tlsVerifyCert: false });
  t.deepEqual(await client.listLoadBalancers(), []);
});

test("mTLS: a client certificate signed by the server's CA is accepted", async (t) => {
  const { tlsUrl, ca, clientCert: cert } = await tlsEmulator(t, true);
  const client = tlsClient(t, {
    apiEndpoints: [tlsUrl],
    authType: "tls",
    tlsCaCert: ca.cert,
    tlsClientCert: cert.cert,
    tlsClientKey: cert.key,
  });
  t.deepEqual(await client.listLoadBalancers(), []);
});

test("mTLS: without a client certificate the server rejects the connection", async (t) => {
  const { tlsUrl, ca } = await tlsEmulator(t, true);
  const client = tlsClient(t, { apiEndpoints: [tlsUrl], tlsCaCert: ca.cert });
  const e = await t.throwsAsync(client.listLoadBalancers());
  const cause = (e as { failures?: Array<{ error: unknown }> }).failures?.[0]?.error;
  t.true(cause instanceof NetworkError);
});

test("mTLS: CA, client certificate and key can come from PEM files", async (t) => {
  const { tlsUrl, ca, clientCert } = await tlsEmulator(t, true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loxilb-client-"));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, pem: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, pem, { mode: 0o600 });
    return p;
  };
  const client = tlsClient(t, {
    apiEndpoints: [tlsUrl],
    authType: "tls",
    tlsCaCertFile: file("ca.pem", ca.cert),
    tlsClientCertFile: file("client.pem", clientCert.cert),
    tlsClientKeyFile: file("client.key", clientCert.key),
  });
  t.is(await client.createLoadBalancer(rule), "applied");
  t.is((await client.listLoadBalancers()).length, 1);
});
