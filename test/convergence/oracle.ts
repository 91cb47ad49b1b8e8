/**
 * The oracle of the convergence tests, path independence: after each step every LoxiLB instance
 * holds exactly the rules a fresh `up` of the same model writes to a fresh emulator (GET view and
 * the fields GET hides), each named after the stack's current load balancer and listener; no rule
 * was deleted during a step LoxiLB can apply in place; a change of the load balancer's name or
 * description writes nothing.
 */
import { Driver } from "./driver";
import { EmulatorSet } from "./emulators";
import type { HeldRule } from "./instances";
import { hasRule, ruleKey, showStack, type ListenerModel, type StackModel } from "./model";
import type { World } from "./world";

const fresh = new Map<string, Promise<HeldRule[]>>();

/**
 * What a fresh `up` of `stack` writes to a fresh emulator: through the driver with `--parallel 1`
 * (no write waits for a gather window, and a second path to the same rules); cached per model.
 */
export function freshRules(stack: StackModel): Promise<HeldRule[]> {
  const key = JSON.stringify(stack);
  let found = fresh.get(key);
  if (found === undefined) {
    found = (async () => {
      const emus = await EmulatorSet.start(1);
      try {
        await new Driver(emus.urls, 1).up(stack);
        return await emus.held(0);
      } finally {
        await emus.close();
      }
    })();
    fresh.set(key, found);
    found.catch(() => fresh.delete(key));
  }
  return found;
}

export interface StepContext {
  readonly label: string;
  readonly before: StackModel;
  readonly after: StackModel;
  /** The step repaired an out-of-band change (so a name-only change may still write the repair). */
  readonly drift: boolean;
}

const show = (v: unknown) => JSON.stringify(v);

function compareRules(instance: number, have: HeldRule[], want: HeldRule[]): string[] {
  const problems: string[] = [];
  const keys = [...new Set([...have, ...want].map((r) => r.key))].sort();
  for (const key of keys) {
    const h = have.find((r) => r.key === key);
    const w = want.find((r) => r.key === key);
    if (h === undefined)
      problems.push(`instance ${instance}: rule ${key} is missing; a fresh up writes ${show(w?.view)}`);
    else if (w === undefined)
      problems.push(`instance ${instance}: rule ${key} should not exist; it holds ${show(h.view)}`);
    else {
      if (show(h.view) !== show(w.view))
        problems.push(
          `instance ${instance}: rule ${key} holds ${show(h.view)}; a fresh up writes ${show(w.view)}`,
        );
      // an instance that cannot show the hidden fields (loxilb-peer) is compared on its GET view only
      if (h.hidden !== undefined && show(h.hidden) !== show(w.hidden))
        problems.push(
          `instance ${instance}: rule ${key} hidden fields ${show(h.hidden)}; a fresh up writes ${show(w.hidden)}`,
        );
    }
  }
  return problems;
}

function nameProblems(instance: number, have: HeldRule[], names: Map<string, string>): string[] {
  return have
    .filter((r) => names.get(r.key) !== r.name)
    .map(
      (r) =>
        `instance ${instance}: rule ${r.key} is named ${r.name}; the stack's listener names it ${names.get(r.key) ?? "(no listener)"}`,
    );
}

const listenerAt = (s: StackModel, key: string): ListenerModel | undefined =>
  s.listeners.find((l) => ruleKey(l) === key);

const sameCidrSet = (a: readonly string[], b: readonly string[]) =>
  show([...new Set(a)].sort()) === show([...new Set(b)].sort());

/** Why a DELETE of `key` in this step is expected, or undefined when the change is in place. */
function recreateReason(ctx: StepContext, key: string): string | undefined {
  const b = listenerAt(ctx.before, key);
  const a = listenerAt(ctx.after, key);
  if (a === undefined || !hasRule(ctx.after, a)) return "the rule goes";
  if (b === undefined || !hasRule(ctx.before, b)) return undefined;
  if (ctx.before.subnet !== ctx.after.subnet) return "the load balancer is replaced";
  if (show(a.monitor) !== show(b.monitor)) return "the monitor changes";
  const cidrsChange = !sameCidrSet(a.cidrs, b.cidrs);
  if (cidrsChange && new Set(a.cidrs).size === new Set(b.cidrs).size) return "same-count allowed sources";
  return undefined;
}

function deleteProblems(ctx: StepContext, deletes: string[][]): string[] {
  const problems: string[] = [];
  deletes.forEach((keys, instance) => {
    for (const key of new Set(keys)) {
      const count = keys.filter((k) => k === key).length;
      const why = recreateReason(ctx, key);
      if (why === undefined)
        problems.push(`instance ${instance}: ${count} DELETE of ${key} during an in-place change`);
      else if (count > 1 && ctx.before.subnet === ctx.after.subnet)
        problems.push(`instance ${instance}: ${key} deleted ${count} times (${why}: once is enough)`);
    }
  });
  return problems;
}

const onlyLbText = (a: StackModel, b: StackModel) =>
  show({ ...a, lbName: "", description: "" }) === show({ ...b, lbName: "", description: "" });

/** Check the world after a step; throws an error listing every problem. */
export async function verifyStep(w: World, ctx: StepContext): Promise<void> {
  const want = await freshRules(ctx.after);
  const names = w.expectedNames();
  const problems: string[] = [];
  for (let i = 0; i < w.emus.count; i++) {
    const have = await w.emus.held(i);
    problems.push(...compareRules(i, have, want), ...nameProblems(i, have, names));
  }
  problems.push(...deleteProblems(ctx, w.emus.deletesSinceMark()));
  if (!ctx.drift && onlyLbText(ctx.before, ctx.after)) {
    w.emus.writesSinceMark().forEach((writes, i) => {
      if (writes.length > 0)
        problems.push(`instance ${i}: a load balancer name/description change wrote ${writes.join(", ")}`);
    });
  }
  if (problems.length === 0 && w.redeployProblems !== undefined)
    problems.push(...(await w.redeployProblems(ctx.after)));
  if (problems.length > 0) {
    throw new Error(`after ${ctx.label}:\n- ${problems.join("\n- ")}\nmodel now:\n${showStack(ctx.after)}`);
  }
}
