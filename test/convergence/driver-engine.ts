/**
 * One deployment of the in-process driver, played the way the engine plays it against the dynamic
 * provider host (see harness/deployment.ts, which follows the engine's sources): step generation
 * (Check, Diff) one registration at a time in the order registrations arrive, each registration
 * arriving once its parents' steps are done; execution in parallel up to `--parallel`; Check{olds:
 * old inputs} then Diff{olds: old outputs, news: checked inputs}; replacements create-before-delete
 * unless the diff asks for delete-before-replace, whose dependents are diffed with the replaced
 * inputs unknown and deleted first when they must be replaced too; then every resource the program
 * no longer registers, and every replaced one, deleted dependents first.
 */
import * as handlers from "../../provider/resources/handlers";
import type { ResourceKind } from "../../provider/contracts/kinds";
import { UNKNOWN } from "../../provider/octavia/unknown";
import { keyOf, type Bag, type Registration } from "./driver-inputs";
import { Semaphore } from "../../harness/semaphore";

export { Semaphore };

/** A resource in the driver's state. */
export interface Resource {
  readonly key: string;
  readonly kind: ResourceKind;
  readonly name: string;
  id: string;
  inputs: Bag;
  outputs: Bag;
  /** Property dependencies: input key -> key of the resource it comes from. */
  readonly deps: Readonly<Record<string, string>>;
  /** The old half of a create-before-delete replacement. */
  pendingDelete: boolean;
}

export type StepOp = "create" | "update" | "same" | "replace" | "delete";

/** The engine's `--parallel` by default (the harness's default on 2 cores). */
export const PARALLEL = 8;

/** Values as they cross the gRPC wire (`undefined` dropped). */
export const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? {})) as T;

type Exec =
  | { readonly kind: "create"; readonly res: Resource; readonly old?: Resource; readonly keepOld: boolean }
  | { readonly kind: "update"; readonly res: Resource; readonly old: Resource }
  | { readonly kind: "same"; readonly res: Resource; readonly old: Resource }
  | { readonly kind: "delete"; readonly res: Resource; readonly replacement: boolean };

/** Runs functions one at a time, in call order. */
class Gate {
  private chain: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

async function check(kind: ResourceKind, olds: Bag, news: Bag): Promise<Bag> {
  const r = await handlers.check(kind, wire(olds), wire(news));
  const failures = r.failures ?? [];
  if (failures.length > 0) {
    throw new Error(`check ${kind}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }
  return wire(r.inputs as Bag);
}

export class Deployment {
  private readonly olds: Map<string, Resource>;
  private readonly news: Resource[] = [];
  private readonly removed = new Set<Resource>();
  private readonly seen = new Set<string>();
  /** Keys deleted by a delete-before-replace cascade, re-created when registered again. */
  private readonly cascaded = new Set<string>();
  private readonly gate = new Gate();
  private readonly sem: Semaphore;
  /** What each resource's step was, `<op> <key>`, in the order they were decided. */
  readonly steps: string[] = [];

  constructor(
    private readonly prev: readonly Resource[],
    private readonly parallel = PARALLEL,
  ) {
    this.sem = new Semaphore(parallel);
    this.olds = new Map(prev.filter((r) => !r.pendingDelete).map((r) => [r.key, r]));
  }

  /** Run the program's registrations; resolves to the new state, rejects with the first failure. */
  async run(regs: readonly Registration[]): Promise<Resource[]> {
    const done = new Map<string, Promise<Resource>>();
    for (const reg of regs) {
      const key = keyOf(reg.kind, reg.name);
      const parents = [...new Set(Object.values(reg.deps))].map((k) => done.get(k)!);
      done.set(key, this.register(reg, key, parents));
    }
    const settled = await Promise.allSettled(done.values());
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    await this.performDeletes();
    return this.snapshot();
  }

  /** The state as far as the deployment got. */
  snapshot(): Resource[] {
    return [...this.news, ...this.prev.filter((r) => !this.removed.has(r))];
  }

  private async register(reg: Registration, key: string, parents: Array<Promise<Resource>>) {
    const byKey = new Map((await Promise.all(parents)).map((r) => [r.key, r]));
    const inputs = wire(reg.inputs((k) => byKey.get(k)!));
    const chain = await this.gate.run(() => this.generate(reg, key, inputs));
    return this.sem.run(async () => {
      for (const step of chain.steps) await this.apply(step);
      return chain.result;
    });
  }

  private async generate(reg: Registration, key: string, news: Bag) {
    this.seen.add(key);
    const old = this.olds.get(key);
    const res: Resource = {
      key,
      kind: reg.kind,
      name: reg.name,
      id: "",
      inputs: {},
      outputs: {},
      deps: reg.deps,
      pendingDelete: false,
    };
    const recreating = this.cascaded.has(key);
    res.inputs = await check(reg.kind, recreating || !old ? {} : old.inputs, news);
    const one = (op: StepOp, step: Exec) => (this.steps.push(`${op} ${key}`), { steps: [step], result: res });
    if (old === undefined) return one("create", { kind: "create", res, keepOld: false });
    if (recreating) return one("replace", { kind: "create", res, old, keepOld: false });
    const diff = await handlers.diff(reg.kind, old.id, wire(old.outputs), wire(res.inputs));
    if (diff.changes !== true) return one("same", { kind: "same", res, old });
    if ((diff.replaces ?? []).length === 0) return one("update", { kind: "update", res, old });
    res.inputs = await check(reg.kind, {}, news);
    if (diff.deleteBeforeReplace !== true) return one("replace", { kind: "create", res, old, keepOld: true });
    const steps: Exec[] = [];
    const cascade = await this.dependentReplacements(old);
    for (const d of cascade.reverse()) {
      steps.push({ kind: "delete", res: d, replacement: true });
      this.cascaded.add(d.key);
    }
    steps.push({ kind: "delete", res: old, replacement: true }, { kind: "create", res, old, keepOld: false });
    this.steps.push(`replace (delete first) ${key}`);
    return { steps, result: res };
  }

  /** `calculateDependentReplacements`: dependents (transitively, in state order) that must go too. */
  private async dependentReplacements(root: Resource): Promise<Resource[]> {
    const replacing = new Set([root.key]);
    const out: Resource[] = [];
    for (const d of this.prev.slice(this.prev.indexOf(root) + 1)) {
      if (this.seen.has(d.key) || d.pendingDelete) continue;
      const forced = Object.keys(d.inputs).filter((k) => replacing.has(d.deps[k] ?? ""));
      if (forced.length === 0) continue;
      const inputs = { ...d.inputs, ...Object.fromEntries(forced.map((k) => [k, UNKNOWN])) };
      const diff = await handlers.diff(d.kind, d.id, wire(d.outputs), inputs);
      if ((diff.replaces ?? []).length === 0) continue;
      out.push(d);
      replacing.add(d.key);
    }
    return out;
  }

  private async apply(step: Exec): Promise<void> {
    const { res } = step;
    switch (step.kind) {
      case "delete":
        await this.remove(res);
        if (!step.replacement) this.removed.add(res);
        return;
      case "same":
        res.id = step.old.id;
        res.outputs = step.old.outputs;
        this.removed.add(step.old);
        break;
      case "create": {
        handlers.noteEngineParallel(this.parallel);
        const r = await handlers.create(res.kind, wire(res.inputs));
        if (r.id === "") throw new Error(`create ${res.key}: empty id`);
        res.id = r.id;
        res.outputs = wire(r.outs as Bag);
        if (step.old !== undefined && step.keepOld) step.old.pendingDelete = true;
        else if (step.old !== undefined) this.removed.add(step.old);
        break;
      }
      case "update": {
        res.id = step.old.id;
        handlers.noteEngineParallel(this.parallel);
        const r = await handlers.update(res.kind, res.id, wire(step.old.outputs), wire(res.inputs));
        res.outputs = wire(r.outs as Bag);
        this.removed.add(step.old);
        break;
      }
    }
    this.news.push(res);
  }

  private async remove(r: Resource): Promise<void> {
    handlers.noteEngineParallel(this.parallel);
    await handlers.remove(r.kind, r.id, wire(r.outputs));
  }

  /** Old halves of replacements and resources the program dropped, dependents first. */
  private async performDeletes(): Promise<void> {
    const condemned = this.prev.filter(
      (r) => !this.removed.has(r) && (r.pendingDelete || !this.seen.has(r.key)),
    );
    for (const r of condemned)
      if (!r.pendingDelete && !this.cascaded.has(r.key)) this.steps.push(`delete ${r.key}`);
    for (const chain of scheduleDeletes(condemned)) {
      await Promise.all(
        chain.map((r) =>
          this.sem.run(async () => {
            // A resource a delete-before-replace cascade already deleted just leaves the state.
            if (!this.cascaded.has(r.key) || r.pendingDelete) await this.remove(r);
            this.removed.add(r);
          }),
        ),
      );
    }
  }
}

/** The engine's `ScheduleDeletes`: antichains, dependents first. */
function scheduleDeletes(condemned: readonly Resource[]): Resource[][] {
  const left = new Set(condemned);
  const chains: Resource[][] = [];
  while (left.size > 0) {
    const free = [...left].filter((r) => {
      const deps = new Set(Object.values(r.deps));
      return ![...left].some((o) => o !== r && deps.has(o.key));
    });
    const take = free.length > 0 ? free : [...left];
    for (const r of take) left.delete(r);
    chains.push(take);
  }
  return chains.reverse();
}
