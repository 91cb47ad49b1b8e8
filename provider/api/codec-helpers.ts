/**
 * Small io-ts building blocks shared by the LoxiLB wire model.
 *
 * They exist because loxilb is a Go server: arrays without `omitempty` are serialized as `null`,
 * integers are never fractional, and several enums travel as numbers that we want to name.
 */
import * as t from "io-ts";

/** A JSON number with no fractional part (unbranded, unlike `t.Int`). */
export const Integer = new t.Type<number, number, unknown>(
  "integer",
  (u): u is number => typeof u === "number" && Number.isInteger(u),
  (u, c) =>
    typeof u === "number" && Number.isInteger(u) ? t.success(u) : t.failure(u, c, "expected an integer"),
  t.identity,
);

/**
 * An array that Go writes as `null` when empty. Decodes `null` (and an absent value) to `[]`;
 * encodes an array as an array, so request bodies always carry `[]`, never `null`.
 */
export function nullableArray<C extends t.Mixed>(item: C, name = `NullableArray<${item.name}>`) {
  const arr = t.array(item);
  return new t.Type<Array<t.TypeOf<C>>, Array<t.OutputOf<C>>, unknown>(
    name,
    (u): u is Array<t.TypeOf<C>> => arr.is(u),
    (u, c) => (u === null || u === undefined ? t.success([]) : arr.validate(u, c)),
    (a) => arr.encode(a),
  );
}

/**
 * A two-way codec between a numeric wire enum and readable names. Decoding maps the number to its
 * name; encoding maps the name back. Unknown numbers fail to decode, naming the allowed values.
 */
export function namedNumericEnum<N extends string>(name: string, names: readonly N[]) {
  const byName = new Map<string, number>(names.map((n, i) => [n, i]));
  return new t.Type<N, number, unknown>(
    name,
    (u): u is N => typeof u === "string" && byName.has(u),
    (u, c) => {
      if (typeof u === "number" && Number.isInteger(u) && u >= 0 && u < names.length) {
        return t.success(names[u] as N);
      }
      return t.failure(u, c, `expected one of ${names.map((n, i) => `${i} (${n})`).join(", ")}`);
    },
    (a) => byName.get(a) as number,
  );
}

/**
 * The dotted path of an io-ts error, e.g. `serviceArguments.port` or `endpoints.3.weight`. Keys that
 * only index into an intersection or union member are dropped, because users never wrote them.
 */
export function errorPath(e: t.ValidationError): string {
  const keys: string[] = [];
  e.context.forEach((entry, i) => {
    if (i === 0 || entry.key === "") return;
    const parent = e.context[i - 1]?.type;
    if (parent instanceof t.IntersectionType || parent instanceof t.UnionType) return;
    keys.push(entry.key);
  });
  return keys.join(".");
}

/** Renders io-ts errors as `path: reason` lines, e.g. `serviceArguments.port: expected an integer, got "80"`. */
export function formatValidationErrors(errors: t.Errors): string[] {
  const lines = errors.map((e) => {
    const path = errorPath(e) || "(root)";
    const expected = e.message ?? `expected ${e.context[e.context.length - 1]?.type.name ?? "a value"}`;
    return `${path}: ${expected}, got ${describeValue(e.value)}`;
  });
  return [...new Set(lines)];
}

function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s === undefined ? `a ${typeof v}` : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
