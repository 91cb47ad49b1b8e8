/**
 * The deletes after a successful program: which old resources are condemned (the old halves of
 * create-before-delete replacements and every old resource the program did not register), planned,
 * and put in an order that deletes dependents first. Mirrors `GenerateDeletes` and `ScheduleDeletes`
 * in `pkg/resource/deploy/step_generator.go` of the engine, re-implemented; the deployment executes
 * the schedule antichain by antichain (step-executor.ts).
 */
import { stepBase } from "./plan";
import { allDependencies } from "./resource-state";
import type { DeploymentState, ResState, StepOp } from "./types";

/** The deletes after the program, in the order they may run. */
export interface DeleteSchedule {
  /** Antichains, dependents first: each may run in parallel once the ones before it are done. */
  readonly chains: ResState[][];
  /** Resources a delete-before-replace already deleted: they only leave the state. */
  readonly alreadyDeleted: ReadonlySet<ResState>;
}

/** `GenerateDeletes` + `ScheduleDeletes`: the condemned resources, their plan steps, their order. */
export function generateDeletes(state: DeploymentState): DeleteSchedule {
  const condemned: { res: ResState; op: StepOp | undefined; remove: boolean }[] = [];
  for (const r of state.prev) {
    if (state.removed.has(r)) continue;
    if (r.pendingDelete) {
      if (state.pendingDeletes.has(r)) continue;
      condemned.push({ res: r, op: undefined, remove: false });
    } else if (
      !state.sames.has(r.urn) &&
      !state.updates.has(r.urn) &&
      !state.replaces.has(r.urn) &&
      !state.reads.has(r.urn)
    ) {
      condemned.push({
        res: r,
        op: r.pendingReplacement ? undefined : "delete",
        remove: r.pendingReplacement,
      });
    }
  }
  const byRes = new Map(condemned.map((c) => [c.res, c]));
  const chains = scheduleDeletes(condemned.map((c) => c.res));
  for (const chain of chains) {
    for (const r of chain) {
      const op = byRes.get(r)?.op;
      if (op) state.steps.push({ ...stepBase(r), op });
    }
  }
  return { chains, alreadyDeleted: new Set(condemned.filter((c) => c.remove).map((c) => c.res)) };
}

/** The engine's `ScheduleDeletes`: antichains, dependents first. */
export function scheduleDeletes(condemned: readonly ResState[]): ResState[][] {
  const left = new Set(condemned);
  const chains: ResState[][] = [];
  while (left.size > 0) {
    const chain: ResState[] = [];
    for (const r of left) {
      const deps = allDependencies(r, true);
      const blocked = [...left].some((o) => o !== r && deps.has(o.urn));
      if (!blocked) chain.push(r);
    }
    // A dependency cycle cannot happen in a valid snapshot; do not spin if it does.
    const take = chain.length > 0 ? chain : [...left];
    for (const r of take) left.delete(r);
    chains.push(take);
  }
  return chains.reverse();
}
