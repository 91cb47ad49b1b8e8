/**
 * loxilb ≤ v0.9.8.4 answered handler errors with HTTP 200 `{"result":"<error text>"}` (and the DSR
 * check still does, with `Error: ...`). To give those the same typed errors as current servers, the
 * status is inferred from the text with loxilb's own substring table (`common.go` L66-150, facts §2):
 * case-insensitive, groups tried in order, 500 when nothing matches.
 */

interface StatusGroup {
  readonly status: number;
  readonly message: string;
  readonly needles: readonly string[];
}

/** loxilb's groups, in the order it tries them. */
export const LEGACY_STATUS_GROUPS: readonly StatusGroup[] = [
  {
    status: 404,
    message: "Resource not found",
    needles: ["not-exists", "not found", "no-rule error", "host-notfound", "ephost-notfound", "notfound"],
  },
  {
    status: 401,
    message: "Invalid authentication credentials",
    needles: ["invalid token", "token is expired", "user not found", "unauthorized"],
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

/** The status and fixed message loxilb ≥ v0.9.8.5 would have sent for this error text. */
export function inferLegacyStatus(text: string): { status: number; message: string } {
  const lower = text.toLowerCase();
  for (const g of LEGACY_STATUS_GROUPS) {
    if (g.needles.some((n) => lower.includes(n))) return { status: g.status, message: g.message };
  }
  return { status: 500, message: text };
}
