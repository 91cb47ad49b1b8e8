/**
 * Every failure the LoxiLB client can report: a closed union of `Error` subclasses told apart by
 * `_tag`, plus predicates so callers never match message strings. Messages follow
 * `<METHOD> <url> -> <status> <result>` and never carry tokens, passwords or keys: the client passes
 * every error it throws through its `Redactor` (`redact.ts`), and endpoints are named without user info.
 */
import { stripUserInfo } from "./redact";

/** Statuses worth retrying: request timeout, rate limit, and server-side or gateway trouble. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Where a request went: method, URL and the endpoint (base URL) it was sent to, both without credentials. */
export interface RequestInfo {
  readonly method: string;
  readonly url: string;
  readonly endpoint: string;
}

/** Node error codes of a server certificate that failed verification: retrying cannot help. */
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/;

/**
 * The connection failed (refused, reset, DNS, TLS handshake). Retryable and fails over, except a
 * server certificate that failed verification, which still fails over but is not retried.
 */
export class NetworkError extends Error {
  readonly _tag = "Network" as const;
  /** Node's error code when known, e.g. `ECONNREFUSED`, `ECONNRESET`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  readonly code: string | undefined;
  /** True for certificate verification failures (see {@link isRetryable}). */
  readonly certificate: boolean;
  constructor(
    readonly request: RequestInfo,
    reason: string,
    code?: string,
  ) {
    super(
      `${request.method} ${request.url} -> network error: ${reason}${code && !reason.includes(code) ? ` (${code})` : ""}`,
    );
    this.name = "LoxiLBNetworkError";
    this.code = code;
    this.certificate = code !== undefined && CERTIFICATE_CODES.test(code);
  }
}

/** No answer within `apiTimeout`. Retryable. */
export class TimeoutError extends Error {
  readonly _tag = "Timeout" as const;
  constructor(
    readonly request: RequestInfo,
    /** The timeout that elapsed, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(`${request.method} ${request.url} -> timeout after ${timeoutMs} ms`);
    this.name = "LoxiLBTimeoutError";
  }
}

/** Fields of an HTTP error besides the request. */
export interface HttpErrorDetails {
  readonly status: number;
  /** `code` of loxilb's error body (equals the status, or ≥ 600 for schema errors sent as 422). */
  readonly code?: number;
  /** loxilb's fixed `message` per error class. */
  readonly loxilbMessage?: string;
  /** loxilb's raw error text, e.g. `lbrule-exists error`. */
  readonly result?: string;
  /** True when the server answered 200 `{"result":"<error>"}` and the status was inferred (docs/loxilb-facts.md §3). */
  readonly legacy?: boolean;
  /** `Retry-After` in milliseconds when the server sent one. */
  readonly retryAfterMs?: number;
  /** False for answers that will not change by retrying (e.g. `/metrics` disabled). Default: by status. */
  readonly transient?: boolean;
}

/** loxilb answered with an error status (or a legacy 200 error body). */
export class HttpError extends Error {
  readonly _tag = "Http" as const;
  readonly status: number;
  readonly code: number | undefined;
  readonly loxilbMessage: string | undefined;
  readonly result: string | undefined;
  readonly legacy: boolean;
  readonly retryAfterMs: number | undefined;
  readonly transient: boolean;
  constructor(
    readonly request: RequestInfo,
    details: HttpErrorDetails,
  ) {
    const text = details.result ?? details.loxilbMessage ?? "";
    super(`${request.method} ${request.url} -> ${details.status} ${text}`.trimEnd());
    this.name = "LoxiLBHttpError";
    this.status = details.status;
    this.code = details.code;
    this.loxilbMessage = details.loxilbMessage;
    this.result = details.result;
    this.legacy = details.legacy ?? false;
    this.retryAfterMs = details.retryAfterMs;
    this.transient = details.transient ?? (RETRYABLE_STATUSES.has(details.status) && !this.legacy);
  }
  get method(): string {
    return this.request.method;
  }
  get url(): string {
    return this.request.url;
  }
  get endpoint(): string {
    return this.request.endpoint;
  }
}

/** At most this many problems are kept in a {@link DecodeError} (the rest are counted). */
export const MAX_DECODE_PROBLEMS = 10;
/** Each kept problem is cut to this many characters. */
export const MAX_PROBLEM_LENGTH = 300;

/** The first {@link MAX_DECODE_PROBLEMS} problems, each shortened, and a count of the others. */
function boundedProblems(problems: readonly string[]): string[] {
  const kept = problems
    .slice(0, MAX_DECODE_PROBLEMS)
    .map((p) => (p.length > MAX_PROBLEM_LENGTH ? `${p.slice(0, MAX_PROBLEM_LENGTH - 3)}...` : p));
  const more = problems.length - kept.length;
  return more > 0 ? [...kept, `... and ${more} more problem${more === 1 ? "" : "s"}`] : kept;
}

/**
 * A response body did not match its codec, was not JSON at all (or nested too deeply), or was larger
 * than `maxResponseBytes` ({@link ResponseTooLargeError}). Never retried.
 */
export class DecodeError extends Error {
  readonly _tag = "Decode" as const;
  /**
   * One `path: reason` line per problem, or `invalid JSON: ...`; at most {@link MAX_DECODE_PROBLEMS}
   * lines of at most {@link MAX_PROBLEM_LENGTH} characters, then `... and N more problems`.
   */
  readonly problems: readonly string[];
  constructor(
    readonly request: RequestInfo,
    readonly status: number,
    problems: readonly string[],
  ) {
    const bounded = boundedProblems(problems);
    super(`${request.method} ${request.url} -> ${status} undecodable response: ${bounded.join("; ")}`);
    this.name = "LoxiLBDecodeError";
    this.problems = bounded;
  }
}

/**
 * The answer's body was larger than `maxResponseBytes`: the client stopped reading it (the connection
 * is closed) or refused it at its `Content-Length`. A {@link DecodeError} (`_tag: "Decode"`), never
 * retried: the same request would bring the same body.
 */
export class ResponseTooLargeError extends DecodeError {
  constructor(
    request: RequestInfo,
    status: number,
    /** The `maxResponseBytes` in force. */
    readonly maxResponseBytes: number,
    /** The `Content-Length` the server announced, when that is what exceeded the limit. */
    readonly declaredBytes?: number,
  ) {
    const size = declaredBytes === undefined ? "" : ` of ${declaredBytes} bytes (Content-Length)`;
    super(request, status, [`response body${size} exceeds maxResponseBytes (${maxResponseBytes} bytes)`]);
    this.name = "LoxiLBResponseTooLargeError";
  }
}

/** The last failure seen for one endpoint. */
export interface EndpointFailure {
  readonly endpoint: string;
  readonly error: LoxiLBError;
}

/** Failures with their endpoints named without user info. */
const safeFailures = (failures: readonly EndpointFailure[]): EndpointFailure[] =>
  failures.map((f) => ({ endpoint: stripUserInfo(f.endpoint), error: f.error }));

/** Every configured endpoint failed with a network error or timeout (failover mode). */
export class AllEndpointsDownError extends Error {
  readonly _tag = "AllEndpointsDown" as const;
  /** Each endpoint (without user info) and its last failure. */
  readonly failures: readonly EndpointFailure[];
  constructor(failures: readonly EndpointFailure[]) {
    const safe = safeFailures(failures);
    super(`all endpoints are down: ${safe.map((f) => `${f.endpoint} (${f.error.message})`).join("; ")}`);
    this.name = "LoxiLBAllEndpointsDownError";
    this.failures = safe;
  }
}

/** A replicated write (`replication: "all"`) failed on at least one instance. */
export class ReplicationError extends Error {
  readonly _tag = "Replication" as const;
  /** The instances (without user info) that failed, with their errors. */
  readonly failed: readonly EndpointFailure[];
  /** The instances (without user info) that took the write. */
  readonly succeeded: readonly string[];
  constructor(
    readonly operation: string,
    failed: readonly EndpointFailure[],
    succeeded: readonly string[],
  ) {
    const safeFailed = safeFailures(failed);
    const safeSucceeded = succeeded.map(stripUserInfo);
    super(
      `${operation}: replication failed on ${failed.length} of ${failed.length + succeeded.length} LoxiLB instances: ` +
        safeFailed.map((f) => `${f.endpoint} (${f.error.message})`).join("; ") +
        (succeeded.length > 0 ? `; succeeded on ${safeSucceeded.join(", ")}` : ""),
    );
    this.name = "LoxiLBReplicationError";
    this.failed = safeFailed;
    this.succeeded = safeSucceeded;
  }
}

/** Bad or missing client configuration. `key` names the option; values of secrets are never shown. */
export class ConfigError extends Error {
  readonly _tag = "Config" as const;
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid LoxiLB client configuration ${key}: ${reason}`);
    this.name = "LoxiLBConfigError";
  }
}

/** Everything the client throws. */
export type LoxiLBError =
  | NetworkError
  | TimeoutError
  | HttpError
  | DecodeError
  | AllEndpointsDownError
  | ReplicationError
  | ConfigError;

const TAGS = new Set(["Network", "Timeout", "Http", "Decode", "AllEndpointsDown", "Replication", "Config"]);

/** True for every error the client produces (any `_tag` of the union). */
export function isLoxiLBError(e: unknown): e is LoxiLBError {
  return e instanceof Error && TAGS.has((e as { _tag?: unknown })._tag as string);
}

/** loxilb answered with an error status (or a legacy 200 error body). */
export function isHttpError(e: unknown): e is HttpError {
  return isLoxiLBError(e) && e._tag === "Http";
}

/** 404: the rule, probe host or route does not exist. */
export function isNotFound(e: unknown): e is HttpError {
  return isHttpError(e) && e.status === 404;
}

/**
 * A 404 from the router, not from loxilb's handlers: `path /netlox/v1/... was not found` (a wrong base
 * URL, or a proxy). It says nothing about whether a rule exists.
 */
export function isRouteNotFound(e: unknown): e is HttpError {
  return isNotFound(e) && e.result === undefined && /^path .* was not found$/i.test(e.loxilbMessage ?? "");
}

/** The answer's body exceeded `maxResponseBytes` (a {@link DecodeError}). */
export function isResponseTooLarge(e: unknown): e is ResponseTooLargeError {
  return e instanceof ResponseTooLargeError;
}

/** 409: the object exists or is still referred to. */
export function isConflict(e: unknown): e is HttpError {
  return isHttpError(e) && e.status === 409;
}

/**
 * 409 `lbrule-exists error` exactly: the rule is already as posted (success for a create). Other 409s
 * such as `lbrule-exist error: cant modify rule security mode` are real conflicts.
 */
export function isRuleExists(e: unknown): e is HttpError {
  const result = isConflict(e) ? (e.result ?? "") : "";
  return /^\s*lbrule-exists error/i.test(result) && !/cant modify/i.test(result);
}

/** loxilb's texts for a token it refused (answered 500 by go-openapi, or 401 for expired ones). */
export const REJECTED_TOKEN = /invalid token|token is expired|token not found/i;

/** 401 (or loxilb's 500 for a rejected token): credentials missing, wrong or expired. */
export function isUnauthorized(e: unknown): e is HttpError {
  if (!isHttpError(e)) return false;
  return (
    e.status === 401 ||
    (e.status === 500 && REJECTED_TOKEN.test(`${e.loxilbMessage ?? ""} ${e.result ?? ""}`))
  );
}

/**
 * Network errors (except certificate verification failures), timeouts, and HTTP 408/429/500/502/503/504
 * (not legacy 200 errors, not `/metrics` disabled). Never decode, config or other 4xx errors.
 */
export function isRetryable(e: unknown): boolean {
  if (!isLoxiLBError(e)) return false;
  if (e._tag === "Network") return !e.certificate;
  if (e._tag === "Timeout") return true;
  return e._tag === "Http" && e.transient;
}

/** Network errors and timeouts: the endpoint itself is unreachable (drives failover). */
export function isUnreachable(e: unknown): e is NetworkError | TimeoutError {
  return isLoxiLBError(e) && (e._tag === "Network" || e._tag === "Timeout");
}
