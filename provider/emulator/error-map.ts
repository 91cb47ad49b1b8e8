/**
 * loxilb's handler error mapping (`ResultErrorResponseErrorMessage`, common.go L66-150;
 * docs/loxilb-facts.md §3): the first group whose needle occurs (case-insensitively) in the error text
 * decides the status.
 */
import { classifyLoxilbError } from "../api/error-classes";

/** A handler error body: `{code, fields: null, message, result}`. */
export interface HandlerErrorBody {
  readonly code: number;
  readonly fields: null;
  readonly message: string;
  readonly result: string;
}

/** Maps loxinet's error text to loxilb's status and body. Unmatched text → 500 with the text as message. */
export function mapHandlerError(result: string): HandlerErrorBody {
  const { status, message } = classifyLoxilbError(result);
  return { code: status, fields: null, message, result };
}
