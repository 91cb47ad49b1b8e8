/**
 * Text of a value read from untyped JSON (wire maps, state files, GET bodies): a string as it is,
 * a number or boolean in its usual form, anything else as JSON (never `[object Object]`).
 */
export function asText(v: unknown, fallback = ""): string {
  if (v === undefined || v === null) return fallback;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v) ?? fallback;
}
