/**
 * Pulumi's preview sentinel. During `pulumi preview`, `check` and `diff` receive this string in place of
 * any input value that is not known yet, whatever the value's type (number, array, object included).
 * Nothing may fail because of it: validation skips exactly the fields that carry it.
 */

/** The unknown-value sentinel the Pulumi engine sends to dynamic providers during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export type Unknown = typeof UNKNOWN;

/** True when `v` itself is the unknown sentinel. */
export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}

/** True when `v` is, or contains at any depth (arrays, plain objects), the unknown sentinel. */
export function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnknown);
  return false;
}

/**
 * The dotted paths (relative to `v`, joined to `prefix`) of every unknown value inside `v`, e.g.
 * `["allowedCidrs.1", "persistence.type"]`. An unknown `v` itself yields `[prefix]`.
 */
export function unknownPaths(v: unknown, prefix = ""): string[] {
  if (isUnknown(v)) return [prefix];
  const join = (k: string | number) => (prefix === "" ? String(k) : `${prefix}.${k}`);
  if (Array.isArray(v)) return v.flatMap((x, i) => unknownPaths(x, join(i)));
  if (typeof v === "object" && v !== null) {
    return Object.entries(v).flatMap(([k, x]) => unknownPaths(x, join(k)));
  }
  return [];
}
