/**
 * Client options and where they come from. Every serializable option `fooBar` is also stack config
 * `loxilb:fooBar` and environment variable `LOXILB_FOO_BAR`; precedence is explicit overrides, then
 * stack config, then environment. Values are decoded with the codec in `options-codec.ts`, so strings
 * become numbers, booleans and lists there. A bad value is a {@link ConfigError} naming the key it came
 * from (option, `loxilb:` key or `LOXILB_` variable) and never echoing a secret.
 */
import type { Agent } from "http";
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import { ConfigError } from "./errors";
import {
  LOXILB_OPTION_KEYS,
  LoxiLBSerializableOptions,
  PartialLoxiLBOptions,
  SECRET_OPTIONS,
  type LoxiLBOptionKey,
} from "./options-codec";

export {
  DEFAULT_MAX_RESPONSE_BYTES,
  LOXILB_OPTION_KEYS,
  LoxiLBSerializableOptions,
  PartialLoxiLBOptions,
  type LoxiLBOptionKey,
  type AuthType,
  type ReplicationMode,
} from "./options-codec";

/** The request a {@link FetchLike} receives (node-fetch v2's `fetch` accepts it too). */
export interface FetchInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** The endpoint's keep-alive agent (pooling, TLS material). */
  readonly agent?: Agent;
  /** Aborted when `apiTimeout` elapses, and when the client gives up reading the answer. */
  readonly signal?: AbortSignal;
  /**
   * The client's `maxResponseBytes`. A transport should stop reading a body past it and reject (from
   * `fetch` or `text()`) with {@link BodyLimitExceeded}. The client also refuses a larger
   * `Content-Length` before calling `text()`, and a larger text after it.
   */
  readonly maxResponseBytes?: number;
}

/**
 * What a {@link FetchLike} rejects with when a body passes `init.maxResponseBytes`; the client reports
 * it as a `ResponseTooLargeError` (a `DecodeError`, not retried).
 */
export class BodyLimitExceeded extends Error {
  readonly code = "ERR_LOXILB_BODY_LIMIT";
  constructor(
    /** The answer's status. */
    readonly status: number,
    /** The limit that was passed. */
    readonly limit: number,
    /** The announced `Content-Length`, when that is what passed the limit. */
    readonly declared?: number,
  ) {
    super(`response body${declared === undefined ? "" : ` of ${declared} bytes`} exceeds ${limit} bytes`);
    this.name = "BodyLimitExceeded";
  }
}
/** The part of a response the client reads. */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}
/** A `fetch`-shaped transport. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** Injected behaviour (not serializable, never read from config or env). */
export interface LoxiLBClientHooks {
  /** Transport. Default: Node `http`/`https` with the endpoint's keep-alive agent (`http-fetch.ts`). */
  fetch?: FetchLike;
  /** Wait before a retry, in ms. Default: `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock in ms since the epoch (failover cool-down, `Retry-After` dates, latency). Default `Date.now`. */
  now?: () => number;
  /** Randomness in [0, 1] for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Sink for `debugApiCalls` lines. Default `console.error`. */
  logger?: (line: string) => void;
}

/** Everything `new LoxiLBClient(...)` accepts. See `docs/client.md` for the table of options. */
export type LoxiLBClientOptions = LoxiLBSerializableOptions & LoxiLBClientHooks;

const HOOKS = ["fetch", "sleep", "now", "random", "logger"] as const;

/** `apiConnectionPoolSize` → `LOXILB_API_CONNECTION_POOL_SIZE`. */
export function envVarName(option: string): string {
  return `LOXILB_${option.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

/** `apiEndpoints` → `loxilb:apiEndpoints`. */
export function configKeyName(option: string): string {
  return `loxilb:${option}`;
}

/** The options set in `env` (`LOXILB_*`); blank values count as unset. Throws {@link ConfigError}. */
export function loxilbOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PartialLoxiLBOptions {
  return decodeSource((k) => env[envVarName(k)], envVarName);
}

/** The options set in stack config (`loxilb:*`, read through `get`). Throws {@link ConfigError}. */
export function loxilbOptionsFromConfig(get: (key: string) => string | undefined): PartialLoxiLBOptions {
  return decodeSource((k) => get(configKeyName(k)), configKeyName);
}

/** Overrides as code (or a Pulumi `connection` input) passes them: typed values or their strings. */
export type LoxiLBOptionOverrides = Readonly<Partial<Record<LoxiLBOptionKey, unknown>>> & LoxiLBClientHooks;

/**
 * Merge overrides > stack config > environment and validate the result. `config` defaults to none,
 * `env` to `process.env`. Hooks (`fetch`, `sleep`, ...) are taken from `overrides`. Throws {@link ConfigError}.
 */
export function resolveLoxilbOptions(input: {
  config?: (key: string) => string | undefined;
  env?: NodeJS.ProcessEnv;
  overrides?: LoxiLBOptionOverrides;
}): LoxiLBClientOptions {
  const overrides = input.overrides ?? {};
  const fromEnv = loxilbOptionsFromEnv(input.env ?? process.env);
  const fromConfig = input.config === undefined ? {} : loxilbOptionsFromConfig(input.config);
  const fromOverrides = decodeSource(
    (k) => (overrides as Record<string, unknown>)[k],
    (k) => k,
  );
  return validateOptions({ ...fromEnv, ...fromConfig, ...fromOverrides, ...hooksOf(overrides) });
}

/**
 * Check a complete set of options (the client constructor calls this): decode every serializable
 * option, then the cross-field rules of each `authType`. Returns a copy. Throws {@link ConfigError}.
 */
export function validateOptions(o: LoxiLBClientOptions | LoxiLBOptionOverrides): LoxiLBClientOptions {
  const raw = o as Record<string, unknown>;
  if (isUnset(raw["apiEndpoints"])) {
    throw new ConfigError(
      "apiEndpoints",
      `no LoxiLB endpoint configured (set apiEndpoints, stack config ${configKeyName("apiEndpoints")} ` +
        `or ${envVarName("apiEndpoints")})`,
    );
  }
  const decoded = LoxiLBSerializableOptions.decode(pickOptions((k) => raw[k]));
  if (isLeft(decoded)) throw configErrorOf(decoded.left, (k) => k, raw);
  const options: LoxiLBClientOptions = { ...decoded.right, ...hooksOf(o) };
  checkAuth(options);
  return options;
}

function checkAuth(o: LoxiLBClientOptions): void {
  const missing = (v: string | undefined) => v === undefined || v === "";
  if (o.authType === "token" && missing(o.apiToken)) {
    throw new ConfigError("apiToken", 'required when authType is "token"');
  }
  if (o.authType === "password" && missing(o.username)) {
    throw new ConfigError("username", 'required when authType is "password"');
  }
  if (o.authType === "password" && o.password === undefined) {
    throw new ConfigError("password", 'required when authType is "password"');
  }
  const hasCert = !missing(o.tlsClientCert) || !missing(o.tlsClientCertFile);
  const hasKey = !missing(o.tlsClientKey) || !missing(o.tlsClientKeyFile);
  if (o.authType === "tls" && !hasCert) {
    throw new ConfigError("tlsClientCert", 'authType "tls" needs tlsClientCert or tlsClientCertFile');
  }
  if (hasCert !== hasKey) {
    throw new ConfigError(hasCert ? "tlsClientKey" : "tlsClientCert", "a client certificate needs its key");
  }
}

function hooksOf(o: object): LoxiLBClientHooks {
  const out: Record<string, unknown> = {};
  for (const h of HOOKS) {
    const v = (o as Record<string, unknown>)[h];
    if (v === undefined) continue;
    if (typeof v !== "function") throw new ConfigError(h, "expected a function");
    out[h] = v;
  }
  return out;
}

const isUnset = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** The set options among the known keys (unknown keys are ignored). */
function pickOptions(read: (option: LoxiLBOptionKey) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of LOXILB_OPTION_KEYS) {
    const v = read(k);
    if (!isUnset(v)) out[k] = v;
  }
  return out;
}

function decodeSource(read: (option: LoxiLBOptionKey) => unknown, label: (option: string) => string) {
  const raw = pickOptions(read);
  const decoded = PartialLoxiLBOptions.decode(raw);
  if (isLeft(decoded)) throw configErrorOf(decoded.left, label, raw);
  return decoded.right;
}

/** The first decode failure as a {@link ConfigError} labelled for its source; secrets are not shown. */
function configErrorOf(
  errors: t.Errors,
  label: (option: string) => string,
  raw: Record<string, unknown>,
): ConfigError {
  const e = errors[0];
  const option = e?.context.find((c, i) => i > 0 && c.key !== "" && c.key in raw)?.key ?? "options";
  const expected = e?.message ?? `expected ${e?.context.at(-1)?.type.name ?? "a valid value"}`;
  const shown =
    SECRET_OPTIONS.has(option) || option === "apiEndpoints" ? "" : `, got ${describe(raw[option])}`;
  return new ConfigError(label(option), `${expected}${shown}`);
}

function describe(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
