/**
 * loxilb's own mapping from handler error text to HTTP status and fixed message
 * (`ResultErrorResponseErrorMessage`, common.go L66-150; facts §3): groups are tried in order, the
 * first whose needle occurs case-insensitively in the text decides; nothing matched → 500 with the
 * text itself as the message. The emulator answers with it; the client uses it to type the errors
 * of legacy servers that answer HTTP 200 `{"result":"<error>"}`.
 */

interface StatusGroup {
  readonly status: number;
  readonly message: string;
  readonly needles: readonly string[];
}

/** loxilb's groups, in the order it tries them. */
export const LOXILB_STATUS_GROUPS: readonly StatusGroup[] = [
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
      "unauthorized",
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
      "parse error",
      "args error",
    ],
  },
  {
    status: 403,
    message: "Capacity insufficient",
    needles: ["rule-hwm", "running in bgp only mode", "capacity"],
  },
  { status: 503, message: "Maintenance mode", needles: ["timeout", "not-ready"] },
];

/** The status and message loxilb (≥ v0.9.8.5) sends for a handler error with this text. */
export function classifyLoxilbError(text: string): { status: number; message: string } {
  const lower = text.toLowerCase();
  const group = LOXILB_STATUS_GROUPS.find((g) => g.needles.some((n) => lower.includes(n)));
  return group === undefined
    ? { status: 500, message: text }
    : { status: group.status, message: group.message };
}
