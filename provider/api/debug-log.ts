/**
 * The `debugApiCalls` line for one HTTP exchange: method, URL, status, duration and both bodies, with
 * secret JSON keys (password, token, ...) and every known secret string redacted. The
 * `Authorization` header is never logged.
 */
import { maskSecrets, redactBody } from "./redact";

/** One exchange as logged. `status` is the HTTP status, or `ERR` when no answer arrived. */
export interface CallRecord {
  readonly method: string;
  /** The URL without credentials. */
  readonly url: string;
  readonly status: number | "ERR";
  /** From sending to the whole answer (or the failure), in ms. */
  readonly durationMs: number;
  readonly requestBody?: string;
  /** The answer's body, or the failure's message when there was no answer. */
  readonly responseBody?: string;
}

/**
 * `loxilb-api <METHOD> <url> -> <status> <ms>ms request=<body> response=<body>` with bodies redacted
 * and shortened (2,000 chars each) and `secrets` masked anywhere in the line.
 */
export function formatCallLog(r: CallRecord, secrets: readonly string[]): string {
  const line =
    `loxilb-api ${r.method} ${r.url} -> ${r.status} ${Math.max(0, Math.round(r.durationMs))}ms` +
    ` request=${redactBody(r.requestBody, secrets)} response=${redactBody(r.responseBody, secrets)}`;
  return maskSecrets(line, secrets);
}
