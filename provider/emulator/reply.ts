/**
 * What a route answers, and the body shapes loxilb uses: go-swagger responders (`json.Encoder`, so a
 * trailing newline), handler errors (`{code, fields, message, result}`), framework errors
 * (`{code, message}` written with `json.Marshal`, no newline).
 */
import { mapHandlerError } from "./error-map";
import type { FrameworkError } from "./framework-errors";

/** A response: status, body text, content type (exactly `application/json` unless noted) and headers. */
export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** Written by go-openapi itself (routing, binding), not by a handler's responder. */
  readonly framework?: boolean;
}

/** A JSON body as Go's `json.Encoder` writes it (trailing `\n`). */
export function jsonReply(status: number, value: unknown): Reply {
  return { status, body: `${JSON.stringify(value)}\n`, contentType: "application/json" };
}

/** `200 {"result":"Success"}`. */
export const SUCCESS: Reply = jsonReply(200, { result: "Success" });

/** A framework (go-openapi) error: `{code, message}`, with `Allow` for 405. */
export function frameworkReply(e: FrameworkError): Reply {
  const headers = e.headers?.["Allow"] !== undefined ? { Allow: e.headers["Allow"].split(",") } : undefined;
  return {
    status: e.status,
    body: JSON.stringify({ code: e.code, message: e.message }),
    contentType: "application/json",
    framework: true,
    ...(headers !== undefined ? { headers } : {}),
  };
}

/**
 * A loxinet error through loxilb's mapper (docs/loxilb-facts.md §3), or the pre-v0.9.8.5 way (HTTP 200
 * `{"result":"<error>"}`) when `legacy` is set.
 */
export function handlerErrorReply(error: string, legacy: boolean): Reply {
  if (legacy) return jsonReply(200, { result: error });
  const body = mapHandlerError(error);
  return jsonReply(body.code, body);
}

/** A plain-text reply (the disabled `/metrics` and the Prometheus exposition). */
export function textReply(status: number, body: string, contentType = "text/plain; charset=utf-8"): Reply {
  return { status, body, contentType };
}
