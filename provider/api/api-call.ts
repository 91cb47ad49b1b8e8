/**
 * A single LoxiLB call as data (method, path, encoded body, how to read the answer), and the pure
 * interpretation of an HTTP answer into a value or a typed error. Endpoint-group modules build
 * `ApiCall`s; the transport sends them; the executor adds retries, failover and replication.
 */
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import { ErrorBody, ResultResponse, formatValidationErrors, isLegacyError } from "./model";
import { DecodeError, HttpError, REJECTED_TOKEN, type LoxiLBError, type RequestInfo } from "./errors";
import { classifyLoxilbError } from "./error-classes";
import { parseRetryAfter } from "./retry-policy";

/** How to read a 2xx answer. */
export type ResponseSpec<A> =
  /** JSON decoded with a codec. */
  | { readonly kind: "json"; readonly codec: t.Decoder<unknown, A> }
  /** A write: `{"result":"Success"}`; any other `result` is a (legacy) error. */
  | { readonly kind: "write"; readonly value: A }
  /** Plain text parsed by `parse` (returns problems as strings on failure). */
  | { readonly kind: "text"; readonly parse: (text: string) => A | { readonly problems: string[] } };

export interface ApiCall<A> {
  readonly method: "GET" | "POST" | "DELETE";
  /** Path below `/netlox/v1`, including the query string. */
  readonly path: string;
  /** Wire JSON (already encoded with the codec: enum names → loxilb numbers). */
  readonly body?: unknown;
  readonly response: ResponseSpec<A>;
  /** Send credentials. Default true (`/version` and `/auth/login` do not need them). */
  readonly auth?: boolean;
  /** The answer carries a secret (the login token): decode problems then name paths, not values. */
  readonly sensitive?: boolean;
  /** Turn some errors into values on each endpoint (409 exists → "unchanged", 404 → "absent"). */
  readonly recover?: (e: LoxiLBError) => A | undefined;
}

/** A raw HTTP answer. */
export interface RawAnswer {
  readonly status: number;
  readonly text: string;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
}

/** JSON nested deeper than this is refused before it is parsed (loxilb's answers nest about 5 deep). */
export const MAX_JSON_DEPTH = 256;

/**
 * A call's answer as its value; throws {@link HttpError} or {@link DecodeError}. `mask` hides secrets
 * in server text: errors are built from the masked body, before any text is shortened, so neither a
 * secret nor a prefix of one reaches a message. A value is always decoded from the body as sent.
 */
export function interpretAnswer<A>(
  call: ApiCall<A>,
  req: RequestInfo,
  answer: RawAnswer,
  now: number,
  mask: (text: string) => string = (text) => text,
): A {
  const masked = (): RawAnswer => ({ ...answer, text: mask(answer.text) });
  if (answer.status < 200 || answer.status >= 300) {
    throw guarded(req, answer.status, () => httpErrorOf(req, masked(), now));
  }
  try {
    return guarded(req, answer.status, () => interpretSuccess(call, req, answer));
  } catch (e) {
    const clean = masked();
    if (clean.text === answer.text) throw e;
    // The error may quote the body: the same error again, from the masked body.
    guarded(req, answer.status, () => interpretSuccess(call, req, clean));
    throw e; // only when masking made the body valid; the transport's redactor still cleans `e`
  }
}

/** `f()`, with a stack overflow or an oversized string (hostile bodies) turned into a {@link DecodeError}. */
function guarded<T>(req: RequestInfo, status: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new DecodeError(req, status, [`cannot decode: ${e.message}`]);
  }
}

function interpretSuccess<A>(call: ApiCall<A>, req: RequestInfo, answer: RawAnswer): A {
  const spec = call.response;
  if (spec.kind === "text") {
    const parsed = spec.parse(answer.text);
    if (isProblems(parsed)) throw new DecodeError(req, answer.status, parsed.problems);
    return parsed;
  }
  const json = parseJson(req, answer, call.sensitive === true);
  if (spec.kind === "json") return decodeWith(spec.codec, json, req, answer.status, call.sensitive === true);
  const result = decodeWith(ResultResponse, json, req, answer.status);
  if (isLegacyError(result)) {
    const inferred = classifyLoxilbError(result.result);
    throw new HttpError(req, {
      status: inferred.status,
      loxilbMessage: inferred.message,
      result: result.result,
      legacy: true,
    });
  }
  return spec.value;
}

/** An error status as an {@link HttpError}, reading loxilb's error body when there is one. */
export function httpErrorOf(req: RequestInfo, answer: RawAnswer, now: number): HttpError {
  const retryAfterMs = parseRetryAfter(answer.retryAfter, now);
  const base = { status: answer.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  let json: unknown;
  try {
    json = jsonDepthExceeds(answer.text, MAX_JSON_DEPTH) ? undefined : JSON.parse(answer.text);
  } catch {
    json = undefined;
  }
  const body = ErrorBody.decode(json);
  if (!isLeft(body)) {
    const b = body.right;
    const result = b.result !== undefined && b.result !== "" ? { result: b.result } : {};
    // A refused token is answered 500 by loxilb; retrying it cannot help.
    const permanent = REJECTED_TOKEN.test(`${b.message} ${b.result ?? ""}`) ? { transient: false } : {};
    return new HttpError(req, { ...base, code: b.code, loxilbMessage: b.message, ...result, ...permanent });
  }
  const legacyResult = ResultResponse.decode(json);
  if (!isLeft(legacyResult)) return new HttpError(req, { ...base, result: legacyResult.right.result });
  const text = plainText(answer.text);
  // `/metrics` without `--prometheus` is a configuration answer, not an outage.
  const permanent = /prometheus option is disabled/i.test(text) ? { transient: false } : {};
  return new HttpError(req, { ...base, ...(text !== "" ? { loxilbMessage: text } : {}), ...permanent });
}

function parseJson(req: RequestInfo, answer: RawAnswer, sensitive: boolean): unknown {
  if (jsonDepthExceeds(answer.text, MAX_JSON_DEPTH)) {
    throw new DecodeError(req, answer.status, [
      `invalid JSON: nested more than ${MAX_JSON_DEPTH} levels deep`,
    ]);
  }
  try {
    return JSON.parse(answer.text);
  } catch (e) {
    const what =
      /html/i.test(answer.contentType ?? "") || /^\s*</.test(answer.text) ? " (got an HTML page)" : "";
    // V8's message quotes the body; a sensitive body (login token) must not be quoted.
    const reason = sensitive ? "" : `: ${e instanceof Error ? e.message : String(e)}`;
    throw new DecodeError(req, answer.status, [`invalid JSON${what}${reason}`]);
  }
}

function decodeWith<A>(
  codec: t.Decoder<unknown, A>,
  json: unknown,
  req: RequestInfo,
  status: number,
  sensitive = false,
): A {
  const r = codec.decode(json);
  if (!isLeft(r)) return r.right;
  const problems = formatValidationErrors(r.left);
  throw new DecodeError(req, status, sensitive ? problems.map((p) => p.replace(/, got .*$/s, "")) : problems);
}

/**
 * True when `text` opens more than `max` arrays/objects at once (strings skipped). One linear pass, no
 * recursion: the parsed value is then shallow enough for every recursive step after it (decoding,
 * describing problems, redacting logs).
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash skips the escaped character; a quote ends the string.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

function isProblems<A>(x: A | { readonly problems: string[] }): x is { readonly problems: string[] } {
  return typeof x === "object" && x !== null && Array.isArray((x as { problems?: unknown }).problems);
}

/** First 200 chars of a non-JSON body, tags stripped, whitespace collapsed. */
function plainText(text: string): string {
  const s = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}
