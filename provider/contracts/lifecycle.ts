/**
 * Lifecycle rules as data, and the one diff every resource uses. `diff` receives the old OUTPUTS
 * (every input is kept in the outputs for that reason) and the checked new inputs; it never does
 * I/O. A field listed in `replaceOn` forces replacement, also when its new value is still unknown
 * (preview of a replaced parent); fields in `ignore` never cause an update on their own.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isUnknown } from "../octavia/unknown";

export interface Lifecycle {
  /** Every input key of the resource (outputs such as statuses are not compared). */
  readonly inputKeys: readonly string[];
  /** Inputs whose change replaces the resource. */
  readonly replaceOn: readonly string[];
  /** Inputs whose change alone is not worth an update (parents' args kept for validation only). */
  readonly ignore?: readonly string[];
  /** Replace by deleting first (loxilb keys would collide with a create-before-delete). */
  readonly deleteBeforeReplace?: boolean;
  /**
   * Inputs compared on some fields only: a parent's args whose other fields have no effect on
   * LoxiLB through this resource (a load balancer's name does not touch the listener's rule).
   */
  readonly compareOnly?: Readonly<Record<string, readonly string[]>>;
  /**
   * Inputs used by the operation they arrive with and never kept in state (the rule declaration):
   * a stored copy of other resources' args would go stale, so nothing may read one back.
   */
  readonly transient?: readonly string[];
}

/** `v` reduced to the fields listed for `key` in `compareOnly` (other values unchanged). */
function comparable(lifecycle: Lifecycle, key: string, v: unknown): unknown {
  const fields = lifecycle.compareOnly?.[key];
  if (fields === undefined || typeof v !== "object" || v === null || isUnknown(v)) return v;
  const bag = v as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, bag[f]]));
}

/** Compute Pulumi's diff for `lifecycle` from old outputs and new inputs. */
export function diffInputs(
  lifecycle: Lifecycle,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
) {
  const ignore = new Set([...(lifecycle.ignore ?? []), ...(lifecycle.transient ?? [])]);
  const changed = lifecycle.inputKeys.filter(
    (k) => !ignore.has(k) && !sameValue(comparable(lifecycle, k, olds[k]), comparable(lifecycle, k, news[k])),
  );
  const replaces = lifecycle.replaceOn.filter((k) => isUnknown(news[k]) || !sameValue(olds[k], news[k]));
  const result: pulumi.dynamic.DiffResult = {
    changes: changed.length > 0 || replaces.length > 0,
    replaces,
    stables: lifecycle.inputKeys.filter((k) => !changed.includes(k)),
    ...(replaces.length > 0 && lifecycle.deleteBeforeReplace === true ? { deleteBeforeReplace: true } : {}),
  };
  return result;
}

/** Structural equality of JSON-like values, treating `undefined` and absent alike. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    return [...keys].every((k) => sameValue(ao[k], bo[k]));
  }
  return false;
}

/** `bag` without the lifecycle's transient inputs: what is kept in state. */
export function stored(lifecycle: Lifecycle, bag: Record<string, unknown>): Record<string, unknown> {
  const out = withoutUndefined(bag);
  for (const k of lifecycle.transient ?? []) delete out[k];
  return out;
}

/** `bag` without keys whose value is undefined (the provider host cannot send them). */
export function withoutUndefined(bag: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(bag).filter(([, v]) => v !== undefined));
}

/** Keep only the listed keys of `bag` that are defined. */
export function pick(bag: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (bag[k] !== undefined) out[k] = bag[k];
  return out;
}
