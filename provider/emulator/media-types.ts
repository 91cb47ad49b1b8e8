/**
 * go-openapi's content negotiation, which runs after routing and authentication and before any
 * parameter is bound (`middleware.Context.BindValidRequest`; seen on loxilb-peer v0.9.8):
 * - a request with a body whose `Content-Type` media type is not `application/json` is
 *   `415 unsupported media type "<type>", only [application/json] are allowed` (no `Content-Type`
 *   counts as `application/octet-stream`; parameters such as `charset` and letter case do not matter),
 *   and a `Content-Type` Go's `mime.ParseMediaType` refuses is
 *   `400 parsing Content-Type header from "<value>" failed, because mime: …`;
 * - a request without a body whose `Accept` admits no `application/json` is
 *   `406 unsupported media type requested, only [application/json] are available` (with a body, the
 *   body's type is the fallback answer type, so `Accept` never fails).
 */
import type { FrameworkError } from "./framework-errors";
import { parseMediaType } from "./go-mime";

const JSON_TYPE = "application/json";

/** The media type of a header value: lower case, without parameters. */
function mediaType(value: string): string {
  return (value.split(";")[0] ?? "").trim().toLowerCase();
}

/** The 400 or 415 for a body that is not JSON, or undefined. */
export function contentTypeError(
  contentType: string | undefined,
  hasBody: boolean,
): FrameworkError | undefined {
  if (!hasBody) return undefined;
  const parsed = parseMediaType(
    contentType === undefined || contentType === "" ? "application/octet-stream" : contentType,
  );
  if (!parsed.ok) {
    const message = `parsing Content-Type header from ${JSON.stringify(contentType)} failed, because ${parsed.error}`;
    return { status: 400, code: 400, message };
  }
  if (parsed.type === JSON_TYPE) return undefined;
  return {
    status: 415,
    code: 415,
    message: `unsupported media type ${JSON.stringify(parsed.type)}, only [${JSON_TYPE}] are allowed`,
  };
}

/** The 406 for a body-less request that accepts no JSON, or undefined. */
export function acceptError(accept: string | undefined, hasBody: boolean): FrameworkError | undefined {
  if (hasBody || accept === undefined || accept.trim() === "") return undefined;
  const ranges = accept.split(",").map(mediaType);
  if (ranges.some((r) => r === "*/*" || r === "application/*" || r === JSON_TYPE)) return undefined;
  return {
    status: 406,
    code: 406,
    message: `unsupported media type requested, only [${JSON_TYPE}] are available`,
  };
}
