/**
 * loxilb's handler error mapping (`ResultErrorResponseErrorMessage`, common.go L66-150; facts §2):
 * the first group whose needle occurs (case-insensitively) in the error text decides the status.
 */

/** A handler error body: `{code, fields: null, message, result}`. */
export interface HandlerErrorBody {
  readonly code: number;
  readonly fields: null;
  readonly message: string;
  readonly result: string;
}

interface Group {
  readonly status: number;
  readonly message?: string;
  readonly needles: readonly string[];
}

const GROUPS: readonly Group[] = [
  {
    status: 404,
    message: "Resource not found",
    needles: ["not-exists", "not found", "no-rule error", "host-notfound", "ephost-notfound", "notfound"],
  },
  {
    status: 401,
    message: "Invalid authentication credentials",
    needles: [
      "invalid token",
      "token is expired",
      "user not found",
      "invalid credentials",
      "invalid password",
    ],
  },
  {
    status: 409,
    message: "Resource conflict: Resource already exists OR dependency not found",
    needles: ["lbrule-exists error", "lbrule-exist error", " exists", "cant modify", "lb rule-referred"],
  },
  {
    status: 400,
    message: "Malformed arguments for API call",
    needles: [
      "malformed",
      "invalid ",
      "range",
      "service-args error",
      "endpoints-range",
      "rule-allowed-src error",
      "hostarm-args error",
      "n3-args error",
      "parse error",
    ],
  },
  {
    status: 403,
    message: "Capacity insufficient",
    needles: ["rule-hwm", "running in bgp only mode", "capacity"],
  },
  { status: 503, message: "Maintenance mode", needles: ["timeout", "not-ready"] },
];

/** Maps loxinet's error text to loxilb's status and body. Unmatched text → 500 with the text as message. */
export function mapHandlerError(result: string): HandlerErrorBody {
  const lower = result.toLowerCase();
  const group = GROUPS.find((g) => g.needles.some((n) => lower.includes(n)));
  const code = group?.status ?? 500;
  return { code, fields: null, message: group?.message ?? result, result };
}
