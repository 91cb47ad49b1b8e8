/**
 * The io-ts codec of the serializable client options: the single source of truth for their names,
 * types, defaults' absence, and how a string (environment variable, stack config value) is read.
 * Every field codec accepts its typed value *or* its string form, so the same codec decodes
 * `{apiTimeout: 2.5}` from code and `{apiTimeout: "2.5"}` from `LOXILB_API_TIMEOUT`.
 *
 * Failure messages never contain the offending value; callers add it for non-secret options only.
 */
import * as t from "io-ts";

/** Options whose values must never appear in messages or logs. */
export const SECRET_OPTIONS: ReadonlySet<string> = new Set(["apiToken", "password", "tlsClientKey"]);

/** A codec for `A` that also reads `A` from a (trimmed) string with `parse`. */
function readable<A>(
  name: string,
  is: (u: unknown) => u is A,
  parse: (s: string) => A | undefined,
  expected: string,
): t.Type<A, A, unknown> {
  return new t.Type<A, A, unknown>(
    name,
    is,
    (u, c) => {
      if (is(u)) return t.success(u);
      const parsed = typeof u === "string" ? parse(u.trim()) : undefined;
      return parsed !== undefined && is(parsed) ? t.success(parsed) : t.failure(u, c, expected);
    },
    t.identity,
  );
}

const isNumberWhere =
  (ok: (n: number) => boolean) =>
  (u: unknown): u is number =>
    typeof u === "number" && Number.isFinite(u) && ok(u);
const toNumber = (s: string): number | undefined => (s === "" ? undefined : Number(s));

/** A number > 0 (seconds for timeouts and intervals). */
export const PositiveNumber = readable(
  "PositiveNumber",
  isNumberWhere((n) => n > 0),
  toNumber,
  "expected a number > 0",
);

/** An integer ≥ 0 (retry counts). */
export const NonNegativeInteger = readable(
  "NonNegativeInteger",
  isNumberWhere((n) => Number.isInteger(n) && n >= 0),
  toNumber,
  "expected an integer >= 0",
);

/** An integer ≥ 1 (pool sizes). */
export const PositiveInteger = readable(
  "PositiveInteger",
  isNumberWhere((n) => Number.isInteger(n) && n >= 1),
  toNumber,
  "expected an integer >= 1",
);

/** A boolean, or `true/false/1/0/yes/no/on/off` (any case). */
export const ConfigBoolean = readable(
  "ConfigBoolean",
  (u): u is boolean => typeof u === "boolean",
  (s) => (/^(true|1|yes|on)$/i.test(s) ? true : /^(false|0|no|off)$/i.test(s) ? false : undefined),
  "expected true or false",
);

/** One of `values`, also from a string with surrounding spaces. */
function oneOf<V extends string>(name: string, values: readonly V[]): t.Type<V, V, unknown> {
  const set: ReadonlySet<string> = new Set(values);
  const is = (u: unknown): u is V => typeof u === "string" && set.has(u);
  return readable<V>(name, is, (s) => (is(s) ? s : undefined), `expected one of ${values.join(", ")}`);
}

/** How the client authenticates: see `docs/client.md#authentication`. */
export const AuthType = oneOf("AuthType", ["none", "token", "password", "tls"] as const);
export type AuthType = t.TypeOf<typeof AuthType>;

/** `failover`: one endpoint at a time; `all`: writes go to every endpoint (loxilb HA pairs). */
export const ReplicationMode = oneOf("ReplicationMode", ["failover", "all"] as const);
export type ReplicationMode = t.TypeOf<typeof ReplicationMode>;

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
};

/** Split a JSON array string (`["http://a:11111"]`) or a comma-separated list; undefined when malformed. */
function parseUrlList(s: string): string[] | undefined {
  if (!s.startsWith("[")) return s.split(",");
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A non-empty list of http(s) base URLs, from an array or a JSON-array / comma-separated string. */
export const EndpointList = new t.Type<string[], string[], unknown>(
  "EndpointList",
  (u): u is string[] =>
    Array.isArray(u) && u.length > 0 && u.every((x) => typeof x === "string" && isHttpUrl(x)),
  (u, c) => {
    const list = typeof u === "string" ? parseUrlList(u.trim()) : u;
    if (!Array.isArray(list) || !list.every((x) => typeof x === "string")) {
      return t.failure(u, c, "expected a list of http(s) URLs (a JSON array or comma-separated)");
    }
    const urls = list.map((x: string) => x.trim()).filter((x) => x !== "");
    if (urls.length === 0) return t.failure(u, c, "expected at least one http(s) URL");
    const bad = urls.find((x) => !isHttpUrl(x));
    if (bad !== undefined) return t.failure(u, c, `not an http(s) URL: ${withoutUserInfo(bad)}`);
    return t.success(urls);
  },
  (a) => [...a],
);

/** A URL as text with `user:password@` masked as `***@` (messages must not carry credentials). */
export function withoutUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1***@");
}

/**
 * Default `maxResponseBytes`: 64 MiB, over 7 times the largest answer loxilb can give. loxilb's largest answer is `GET /config/loadbalancer/all` with a
 * full table (2,048 rules of 32 endpoints): about 6.3 MiB, 8.7 MiB with 20-digit traffic counters;
 * typical answers are a few kilobytes. The cap bounds what one attempt can buffer.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Every serializable option and its codec. Key order is the documentation order. */
export const optionProps = {
  /** loxilb API base URLs, e.g. `http://10.0.0.5:11111` (`/netlox/v1` is appended). Required. */
  apiEndpoints: EndpointList,
  /** Default `none`. */
  authType: AuthType,
  /** Raw token for `Authorization` (authType `token`). Secret. */
  apiToken: t.string,
  /** User for `POST /auth/login` (authType `password`). */
  username: t.string,
  /** Password for `POST /auth/login`. Secret. */
  password: t.string,
  /** Verify the server certificate. Default true. */
  tlsVerifyCert: ConfigBoolean,
  /** PEM CA bundle file. */
  tlsCaCertFile: t.string,
  /** PEM client certificate file (mTLS). */
  tlsClientCertFile: t.string,
  /** PEM client key file (mTLS). */
  tlsClientKeyFile: t.string,
  /** Inline PEM CA bundle (wins over the file). */
  tlsCaCert: t.string,
  /** Inline PEM client certificate (wins over the file). */
  tlsClientCert: t.string,
  /** Inline PEM client key (wins over the file). Secret. */
  tlsClientKey: t.string,
  /** Per-request timeout in seconds (connect, send and read the whole body). Default 30. */
  apiTimeout: PositiveNumber,
  /** Retries after the first attempt, for retryable failures only. Default 3. */
  apiRetries: NonNegativeInteger,
  /** Base of the exponential backoff in seconds. Default 1.0. */
  apiRetryInterval: PositiveNumber,
  /** Keep-alive sockets per endpoint. Default 10. */
  apiConnectionPoolSize: PositiveInteger,
  /** Largest response body read, in bytes; past it the read stops. Default {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  maxResponseBytes: PositiveInteger,
  /** Default `failover`. */
  replication: ReplicationMode,
  /** Log every call with secrets redacted. Default false. */
  debugApiCalls: ConfigBoolean,
};

/** The option names, in documentation order. */
export type LoxiLBOptionKey = keyof typeof optionProps;
export const LOXILB_OPTION_KEYS = Object.keys(optionProps) as LoxiLBOptionKey[];

const { apiEndpoints, ...optionalProps } = optionProps;

/** Some options, e.g. from one source (env, stack config) before merging. */
export const PartialLoxiLBOptions = t.partial(optionProps, "PartialLoxiLBOptions");
export type PartialLoxiLBOptions = t.TypeOf<typeof PartialLoxiLBOptions>;

/** A complete set of serializable options: `apiEndpoints` is required. */
export const LoxiLBSerializableOptions = t.intersection(
  [t.type({ apiEndpoints }), t.partial(optionalProps)],
  "LoxiLBSerializableOptions",
);
export type LoxiLBSerializableOptions = t.TypeOf<typeof LoxiLBSerializableOptions>;
