/**
 * Errors raised by go-openapi before a loxilb handler runs (docs/loxilb-facts.md §3): body
 * `{code, message}` only, codes ≥ 600 sent as HTTP 422.
 */

/** A framework error: the HTTP status, the body `code` and `message`, and extra headers. */
export interface FrameworkError {
  readonly status: number;
  readonly code: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** `400 parsing attr body from "" failed, because <goError>` (go-openapi `NewParseError`). */
export function parseError(goError: string): FrameworkError {
  return { status: 400, code: 400, message: `parsing attr body from "" failed, because ${goError}` };
}

/** `422 {"code":602,"message":"<name> in body is required"}`. */
export function requiredError(name: string): FrameworkError {
  return { status: 422, code: 602, message: `${name} in body is required` };
}

/** `404 path <path> was not found` (go-openapi router). */
export function pathNotFound(path: string): FrameworkError {
  return { status: 404, code: 404, message: `path ${path} was not found` };
}

/** `405 method X is not allowed, but [A B] are`, with the `Allow` header. */
export function methodNotAllowed(method: string, allowed: readonly string[]): FrameworkError {
  return {
    status: 405,
    code: 405,
    message: `method ${method} is not allowed, but [${allowed.join(" ")}] are`,
    headers: { Allow: allowed.join(",") },
  };
}

/** `401 unauthenticated for invalid credentials`: auth is on and `Authorization` is missing. */
export const UNAUTHENTICATED: FrameworkError = {
  status: 401,
  code: 401,
  message: "unauthenticated for invalid credentials",
};
