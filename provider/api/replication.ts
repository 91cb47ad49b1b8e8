/**
 * `replication: "all"` as a pure step: the per-instance outcomes of one write become its value when
 * every instance succeeded, or a {@link ReplicationError} naming the instances that failed and the
 * ones that succeeded. loxilb HA pairs do not copy rules to each other, so a write counts only when
 * it reached every instance (as kube-loxilb does).
 */
import type { Either } from "fp-ts/Either";
import { left, right } from "fp-ts/Either";
import { ReplicationError, type EndpointFailure, type LoxiLBError } from "./errors";

/** The outcome of one write on one instance. */
export type InstanceOutcome<A> =
  | { readonly endpoint: string; readonly ok: true; readonly value: A }
  | { readonly endpoint: string; readonly ok: false; readonly error: LoxiLBError };

/** All succeeded → `combine` of their values (in endpoint order); otherwise the {@link ReplicationError}. */
export function combineOutcomes<A>(
  operation: string,
  outcomes: readonly InstanceOutcome<A>[],
  combine: (values: A[]) => A,
): Either<ReplicationError, A> {
  const failed: EndpointFailure[] = [];
  const succeeded: string[] = [];
  const values: A[] = [];
  for (const o of outcomes) {
    if (o.ok) {
      succeeded.push(o.endpoint);
      values.push(o.value);
    } else failed.push({ endpoint: o.endpoint, error: o.error });
  }
  return failed.length > 0
    ? left(new ReplicationError(operation, failed, succeeded))
    : right(combine(values));
}

/** A create changed something if it changed something on any instance. */
export const combineApplied = (vs: Array<"applied" | "unchanged">): "applied" | "unchanged" =>
  vs.includes("applied") ? "applied" : "unchanged";

/** A delete removed something if it removed the rule from any instance. */
export const combineDeleted = (vs: Array<"deleted" | "absent">): "deleted" | "absent" =>
  vs.includes("deleted") ? "deleted" : "absent";

/** For writes without a value. */
export const combineVoid = (): void => undefined;
