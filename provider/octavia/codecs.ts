/**
 * Field codecs shared by the Octavia-shaped specs. Each failure carries a reason that describes what
 * is expected and never repeats the value (inputs may be secrets).
 */
import * as t from "io-ts";
import { isIpv4Mapped, parseCidr, parseIp } from "../api/ip";

/** Each refined codec's plain type (`Port` → number), for decoding stored state by type only. */
const plainTypes = new WeakMap<t.Mixed, t.Mixed>();

/** A codec whose failures read `reason` (the value is never echoed); `plain` is its type without the rule. */
function refined<A>(
  name: string,
  reason: string,
  is: (u: unknown) => u is A,
  plain: t.Mixed,
): t.Type<A, A, unknown> {
  const codec = new t.Type<A, A, unknown>(
    name,
    is,
    (u, c) => (is(u) ? t.success(u) : t.failure(u, c, reason)),
    t.identity,
  );
  plainTypes.set(codec, plain);
  return codec;
}

/** A string enum (codec and literal union), failing with the list of allowed values. */
export function enumOf<V extends string>(name: string, values: readonly V[]): t.Type<V, V, unknown> {
  const set = new Set<string>(values);
  return refined(
    name,
    `must be one of ${values.join(", ")}`,
    (u): u is V => typeof u === "string" && set.has(u),
    t.string,
  );
}

/** An integer in `[min, max]`; `unit` is appended to the reason (e.g. "seconds"). */
export function intRange(name: string, min: number, max: number, unit = ""): t.Type<number, number, unknown> {
  const suffix = unit === "" ? "" : ` ${unit}`;
  return refined(
    name,
    `must be an integer from ${min} to ${max}${suffix}`,
    (u): u is number => typeof u === "number" && Number.isInteger(u) && u >= min && u <= max,
    t.number,
  );
}

export const Bool = refined(
  "boolean",
  "must be true or false",
  (u): u is boolean => typeof u === "boolean",
  t.boolean,
);

/** Free text of at most 255 characters (Octavia's limit for names, descriptions and ids). */
export const Text255 = refined(
  "Text255",
  "must be a string of at most 255 characters",
  (u): u is string => typeof u === "string" && u.length <= 255,
  t.string,
);

/** A TCP/UDP/SCTP port, 1..65535. */
export const Port = intRange("Port", 1, 65535);

/**
 * An IPv4 or IPv6 address literal. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is refused: loxilb counts it as
 * IPv6 for the rule key while Go prints it as IPv4, so the same rule would have two spellings.
 */
export const IpAddress = refined(
  "IpAddress",
  "must be an IPv4 or IPv6 address literal (no prefix length, no zone, no IPv4-mapped IPv6 form)",
  (u): u is string => {
    if (typeof u !== "string") return false;
    const ip = parseIp(u);
    return ip !== undefined && !isIpv4Mapped(ip);
  },
  t.string,
);

/** An IPv4 or IPv6 CIDR; host bits are allowed and a bare address means a single host (as in Octavia). */
export const Cidr = refined(
  "Cidr",
  "must be an IPv4 or IPv6 CIDR such as 203.0.113.0/24 or 2001:db8::/32 (no IPv4-mapped IPv6 form)",
  (u): u is string => {
    if (typeof u !== "string") return false;
    const c = parseCidr(u);
    return c !== undefined && !isIpv4Mapped(c.ip);
  },
  t.string,
);

/** An object codec whose fields the check walker visits one by one (see `check-engine.ts`). */
export interface ObjectShape {
  readonly required: t.Props;
  readonly optional: t.Props;
}

const shapes = new WeakMap<t.Mixed, ObjectShape>();

/** The shape registered for `codec` by {@link objectOf}, if any. */
export function shapeOf(codec: t.Mixed): ObjectShape | undefined {
  return shapes.get(codec);
}

/** `t.intersection([t.type(required), t.partial(optional)])`, registered so `check` can walk it per field. */
export function objectOf<R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) {
  const codec = t.intersection([t.type(required), t.partial(optional)], name);
  shapes.set(codec, { required, optional });
  return codec;
}

/**
 * A field whose resolved spec holds less than its args accept, because `check` refuses the rest
 * (Octavia's PROXY v1 pool protocol, a listener connection limit other than -1): the codec users
 * write to and the codec the spec holds, declared together in one entry.
 */
export interface Narrowed<A extends t.Mixed = t.Mixed, S extends t.Mixed = t.Mixed> {
  readonly arg: A;
  readonly spec: S;
}

export const narrowed = <A extends t.Mixed, S extends t.Mixed>(arg: A, spec: S): Narrowed<A, S> => ({
  arg,
  spec,
});

/** Fields of one kind: a codec each, or a {@link Narrowed} pair. */
export type Fields = Record<string, t.Mixed | Narrowed>;
type ArgProps<F extends Fields> = {
  [K in keyof F]: F[K] extends Narrowed<infer A> ? A : F[K] extends t.Mixed ? F[K] : never;
};
type SpecProps<F extends Fields> = {
  [K in keyof F]: F[K] extends Narrowed<t.Mixed, infer S> ? S : F[K] extends t.Mixed ? F[K] : never;
};

const view = (fields: Fields, side: "arg" | "spec"): t.Props =>
  Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f instanceof t.Type ? f : f[side]]));

/**
 * A kind's fields, each declared once, grouped by how the args and the resolved spec hold them:
 * `required` in both, `optional` in both, `defaulted` (optional in the args, always set in the
 * spec: `check` applies the default) and `argsOnly` (accepted, never in the spec). The args codec
 * is registered for the check walker ({@link objectOf}); `optionalAsWritten` lists the optional
 * fields the spec holds as written, for the kind's resolver to copy.
 */
export function argsAndSpec<
  R extends Fields,
  O extends Fields,
  D extends Fields,
  A extends t.Props = Record<never, t.Mixed>,
>(
  names: { readonly args: string; readonly spec: string },
  fields: { required: R; optional: O; defaulted: D; argsOnly?: A },
) {
  const args = objectOf(names.args, view(fields.required, "arg") as ArgProps<R>, {
    ...(view(fields.optional, "arg") as ArgProps<O>),
    ...(view(fields.defaulted, "arg") as ArgProps<D>),
    ...((fields.argsOnly ?? {}) as A),
  });
  const spec = t.intersection(
    [
      t.type({
        ...(view(fields.required, "spec") as SpecProps<R>),
        ...(view(fields.defaulted, "spec") as SpecProps<D>),
      }),
      t.partial(view(fields.optional, "spec") as SpecProps<O>),
    ],
    names.spec,
  );
  // The optional fields the spec holds exactly as written (a resolver copies them over).
  const optionalAsWritten = Object.keys(fields.optional).filter(
    (k) => fields.optional[k] instanceof t.Type,
  ) as Array<keyof O & string>;
  return { args, spec, optionalAsWritten };
}

/**
 * `codec` with every value rule dropped and every type kept (`Port` → number, an enum → string),
 * through objects and lists: what stored state must satisfy. State an earlier version wrote under
 * looser rules still decodes, so its resources can be read, updated and deleted.
 */
export function loosened(codec: t.Mixed): t.Mixed {
  const plain = plainTypes.get(codec);
  if (plain !== undefined) return plain;
  const shape = shapes.get(codec);
  if (shape !== undefined) {
    const each = (props: t.Props): t.Props =>
      Object.fromEntries(Object.entries(props).map(([k, v]) => [k, loosened(v)]));
    return t.intersection([t.type(each(shape.required)), t.partial(each(shape.optional))], codec.name);
  }
  if (codec instanceof t.ArrayType) return t.array(loosened(codec.type as t.Mixed));
  return codec;
}
