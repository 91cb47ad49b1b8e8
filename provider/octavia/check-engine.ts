/**
 * The `check` machinery shared by the five resources: walk an args codec field by field (so every
 * failure names its dotted path and unknown values are skipped exactly where they are), run the
 * cross-field rules whose inputs are all usable, and resolve defaults into a spec.
 */
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import { shapeOf, type ObjectShape } from "./codecs";
import { containsUnknown, isUnknown, type Unknown } from "./unknown";

/** One reason `check` refuses the inputs: the dotted input path as the user wrote it, and why. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** Every input is known and valid: `spec` is the resolved spec (defaults applied). */
export interface CheckValid<S> {
  readonly ok: true;
  readonly known: true;
  readonly spec: S;
  readonly failures: readonly [];
  readonly unknownFields: readonly [];
}

/** Nothing known is wrong, but some inputs are still unknown (preview): no spec can be resolved yet. */
export interface CheckPending {
  readonly ok: true;
  readonly known: false;
  readonly failures: readonly [];
  /** Dotted paths of the unknown inputs (`"*"` when the whole input is unknown). */
  readonly unknownFields: readonly string[];
}

/**
 * At least one known input is invalid. Unknown inputs are listed, never reported as failures;
 * `known` is false when there are some.
 */
export interface CheckInvalid {
  readonly ok: false;
  readonly known: boolean;
  readonly failures: readonly CheckFailure[];
  readonly unknownFields: readonly string[];
}

export type CheckResult<S> = CheckValid<S> | CheckPending | CheckInvalid;

/** A parent spec as a child sees it: any field may still be Pulumi's unknown sentinel during preview. */
export type Parent<S> = { readonly [K in keyof S]: S[K] | Unknown };

/** Root path used when the whole input is unknown or not an object. */
export const ROOT = "*";

/**
 * A cross-field or LoxiLB-specific rule. It runs only when each field in `needs` is absent or valid
 * (never unknown or already failing) and each parent field in `parentNeeds` is present and known.
 */
export interface CrossRule<A, P> {
  readonly property: string;
  readonly needs: ReadonlyArray<keyof A & string>;
  readonly parentNeeds?: { readonly [K in keyof P]?: readonly string[] };
  /**
   * `args` holds only the valid fields; `raw` is the whole input (for element-wise rules that skip
   * unknown or invalid elements themselves). Returns the reason (reported at `property`) or failures.
   */
  readonly test: (
    args: Partial<A>,
    parents: P,
    raw: Readonly<Record<string, unknown>>,
  ) => string | undefined | readonly CheckFailure[];
}

/** How to check one resource. */
export interface ResourceCheck<A, S, P> {
  readonly args: t.Mixed;
  readonly crossRules: ReadonlyArray<CrossRule<A, P>>;
  readonly resolve: (args: A) => S;
}

interface Walk {
  readonly failures: CheckFailure[];
  readonly unknown: string[];
}

const join = (path: string, key: string | number): string => (path === "" ? String(key) : `${path}.${key}`);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function walk(codec: t.Mixed, value: unknown, path: string, out: Walk): void {
  if (isUnknown(value)) {
    out.unknown.push(path === "" ? ROOT : path);
    return;
  }
  const shape = shapeOf(codec);
  if (shape !== undefined) return walkObject(shape, value, path, out);
  if (codec instanceof t.ArrayType) {
    if (!Array.isArray(value)) {
      out.failures.push({ property: path, reason: "must be a list" });
      return;
    }
    value.forEach((v, i) => walk(codec.type as t.Mixed, v, join(path, i), out));
    return;
  }
  const r = codec.decode(value);
  if (isLeft(r)) {
    for (const e of r.left)
      out.failures.push({ property: path, reason: e.message ?? `must be ${codec.name}` });
  }
}

function walkObject(shape: ObjectShape, value: unknown, path: string, out: Walk): void {
  if (!isRecord(value)) {
    out.failures.push({ property: path === "" ? ROOT : path, reason: "must be an object" });
    return;
  }
  for (const [k, c] of Object.entries(shape.required)) {
    const v = value[k];
    if (v === undefined || v === null) out.failures.push({ property: join(path, k), reason: "is required" });
    else walk(c, v, join(path, k), out);
  }
  for (const [k, c] of Object.entries(shape.optional)) {
    const v = value[k];
    if (v !== undefined && v !== null) walk(c, v, join(path, k), out);
  }
}

const topKey = (path: string): string => path.split(".")[0] ?? path;

/** The top-level keys that are unknown or failing (whatever is below them). */
function blockedKeys(w: Walk): Set<string> {
  return new Set([...w.failures.map((f) => f.property), ...w.unknown].map(topKey));
}

/** The fields of `raw` that are present and not in `blocked` (null counts as absent). */
function presentFields(raw: Record<string, unknown>, blocked: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!blocked.has(k) && v !== undefined && v !== null) out[k] = v;
  return out;
}

function parentsReady<P>(needs: CrossRule<unknown, P>["parentNeeds"], parents: P): boolean {
  if (needs === undefined) return true;
  for (const [name, fields] of Object.entries<readonly string[] | undefined>(needs)) {
    const parent = (parents as Record<string, unknown>)[name];
    if (!isRecord(parent)) return false;
    if ((fields ?? []).some((f) => containsUnknown(parent[f]))) return false;
  }
  return true;
}

function runRules<A, P>(
  crossRules: ReadonlyArray<CrossRule<A, P>>,
  raw: Record<string, unknown>,
  w: Walk,
  parents: P,
) {
  const blocked = blockedKeys(w);
  const usable = presentFields(raw, blocked);
  const out: CheckFailure[] = [];
  for (const rule of crossRules) {
    if (rule.needs.some((k) => blocked.has(k))) continue;
    if (!parentsReady(rule.parentNeeds, parents)) continue;
    const r = rule.test(usable as Partial<A>, parents, raw);
    if (typeof r === "string") out.push({ property: rule.property, reason: r });
    else if (r !== undefined) out.push(...r);
  }
  return out;
}

/** `failures` without repeats (the same path and reason reported twice). */
export function uniqueFailures(failures: readonly CheckFailure[]): CheckFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const k = `${f.property}\u0000${f.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Check `raw` against `def`: all failures, the unknown fields, or the resolved spec. */
export function checkArgs<A, S, P>(def: ResourceCheck<A, S, P>, raw: unknown, parents: P): CheckResult<S> {
  const w: Walk = { failures: [], unknown: [] };
  walk(def.args, raw, "", w);
  const record = isRecord(raw) ? raw : {};
  const ruleFailures = isRecord(raw) ? runRules(def.crossRules, record, w, parents) : [];
  const failures = uniqueFailures([...w.failures, ...ruleFailures]);
  const known = w.unknown.length === 0;
  if (failures.length > 0) return { ok: false, known, failures, unknownFields: w.unknown };
  if (!known) return { ok: true, known: false, failures: [], unknownFields: w.unknown };
  return {
    ok: true,
    known: true,
    spec: def.resolve(presentFields(record, new Set()) as A),
    failures: [],
    unknownFields: [],
  };
}
