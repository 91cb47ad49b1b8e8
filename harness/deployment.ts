/**
 * One engine operation over the harness's state: step generation (Check, Diff, the replacement
 * decisions, the delete-before-replace cascade) and step execution (Create, Update, Delete), with
 * the scheduling the engine uses. Follows `pkg/resource/deploy/step_generator.go`,
 * `deployment_executor.go` and `step.go` of the engine (v3.260), re-implemented.
 *
 * Concurrency model (as in the engine with its default options): step *generation* (Check, Diff,
 * and the DBR dependents' Diffs) runs one registration at a time in arrival order; step *execution*
 * (Create/Update/Delete chains) runs in parallel, up to `parallel` chains at once. A registration is
 * answered when its chain has run.
 */
import type { DiffResult, ProviderPlugin } from "./provider-plugin";
import { InitError, urnName, urnType } from "./provider-plugin";
import type {
  CheckFailure,
  PlanStep,
  ReadRegistration,
  Registration,
  RegistrationAnswer,
  StepOp,
} from "./types";
import { changedKeys, clone, isObject, makeSecret, UNKNOWN, type Wire, type WireMap } from "./wire";

/** A resource as the engine keeps it in a snapshot. Mutable only inside a deployment's clone. */
export interface ResState {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  id: string;
  parent: string;
  inputs: WireMap;
  outputs: WireMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  provider: string;
  protect: boolean;
  retainOnDelete: boolean;
  additionalSecretOutputs: string[];
  ignoreChanges: string[];
  deletedWith: string;
  external: boolean;
  /** `Delete: true`: the old half of a create-before-delete replacement. */
  pendingDelete: boolean;
  /** Deleted by a delete-before-replace; its replacement has not been created yet. */
  pendingReplacement: boolean;
  initErrors: string[];
}

export interface DeploymentEnv {
  readonly preview: boolean;
  readonly stack: string;
  readonly project: string;
  readonly parallel: number;
  /** The snapshot to start from (the deployment works on a copy). */
  readonly snapshot: readonly ResState[];
  /** The plugin for a custom resource type, configuring the provider first if needed. */
  pluginFor(type: string): Promise<{ plugin: ProviderPlugin; providerRef: string }>;
}

/** Check failures, formatted the way the engine reports them (`issueCheckFailures`). */
export class CheckFailedError extends Error {
  constructor(
    readonly urn: string,
    readonly failures: CheckFailure[],
    inputs: WireMap,
  ) {
    super(
      failures
        .map((f) =>
          f.property
            ? `${urnType(urn)} resource '${urnName(urn)}': property ${f.property} value ${display(inputs[f.property])} has a problem: ${f.reason}`
            : `${urnType(urn)} resource '${urnName(urn)}' has a problem: ${f.reason}`,
        )
        .join("\n") + `\nresource ${urn} is invalid`,
    );
    this.name = "CheckFailedError";
  }
}

function display(v: Wire | undefined): string {
  if (v === undefined) return "undefined";
  if (isObject(v) && "4dabf18193072939515e22adb298388d" in v) return "[secret]";
  return JSON.stringify(v);
}

type ExecStep =
  | { kind: "create"; new: ResState; old?: ResState; pendingDeleteOld: boolean }
  | { kind: "update"; old: ResState; new: ResState; ignoreChanges: string[] }
  | { kind: "same"; old: ResState; new: ResState }
  | { kind: "delete"; res: ResState; replacement: boolean }
  | { kind: "read"; new: ResState; old?: ResState };

interface Generated {
  readonly steps: ExecStep[];
  /** The state the registration is answered with, once the chain has run. */
  readonly result: ResState;
}

/** A small counting semaphore. */
export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

export function computeUrn(
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string {
  let qualified = type;
  if (parent) {
    const parentQualified = parent.split("::")[2] ?? "";
    if (parentQualified !== "pulumi:pulumi:Stack") qualified = `${parentQualified}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Every URN a resource depends on (parent, dependencies, property dependencies, deletedWith). */
export function allDependencies(r: ResState, includeParent: boolean): Set<string> {
  const out = new Set<string>(r.dependencies);
  for (const urns of Object.values(r.propertyDependencies)) for (const u of urns) out.add(u);
  if (r.deletedWith) out.add(r.deletedWith);
  if (includeParent && r.parent) out.add(r.parent);
  return out;
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

/** Top-level and dotted-path `ignoreChanges` (`processIgnoreChanges`): copy old values into news. */
export function processIgnoreChanges(news: WireMap, olds: WireMap, ignore: readonly string[]): WireMap {
  if (ignore.length === 0) return news;
  const out = clone(news);
  for (const p of ignore) {
    const parts = p.replace(/\[(\d+)\]/g, ".$1").split(".");
    let src: Wire | undefined = olds;
    let dst: Wire | undefined = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const k = parts[i] as string;
      src = isObject(src) ? src[k] : undefined;
      dst = isObject(dst) ? dst[k] : undefined;
    }
    const last = parts[parts.length - 1] as string;
    if (!isObject(dst)) continue;
    const oldValue = isObject(src) ? src[last] : undefined;
    if (oldValue === undefined) delete dst[last];
    else dst[last] = clone(oldValue);
  }
  return out;
}

export class Deployment {
  /** Working copy of the starting snapshot. */
  readonly prev: ResState[];
  /** Live old resources by URN (not pending deletion). */
  private readonly olds = new Map<string, ResState>();
  private readonly seen = new Set<string>();
  private readonly deletes = new Set<string>();
  private readonly pendingDeletes = new Set<ResState>();
  private readonly dependentReplaceKeys = new Map<string, string[]>();
  private readonly sames = new Set<string>();
  private readonly updates = new Set<string>();
  private readonly replaces = new Set<string>();
  private readonly reads = new Set<string>();
  /** New states in completion order. */
  readonly news: ResState[] = [];
  /** Old states that left the snapshot (deleted, or superseded by a new state). */
  readonly removed = new Set<ResState>();
  readonly steps: PlanStep[] = [];
  readonly failures: CheckFailure[] = [];
  failure: Error | undefined;
  private onFailure: (() => void)[] = [];
  private genChain: Promise<unknown> = Promise.resolve();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly sem: Semaphore;

  constructor(private readonly env: DeploymentEnv) {
    this.prev = clone([...env.snapshot]);
    for (const r of this.prev) if (!r.pendingDelete) this.olds.set(r.urn, r);
    this.sem = new Semaphore(env.parallel);
  }

  get preview(): boolean {
    return this.env.preview;
  }

  /** Resolves at the first failure. */
  readonly failed = new Promise<void>((resolve) => {
    this.onFailure.push(resolve);
  });

  fail(e: unknown): void {
    if (this.failure) return;
    this.failure = e instanceof Error ? e : new Error(String(e));
    for (const f of this.onFailure) f();
    this.onFailure = [];
  }

  /** Wait for every chain in flight. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const forget = () => this.inflight.delete(p);
    p.then(forget, forget);
    return p;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const r = this.genChain.then(fn);
    this.genChain = r.catch(() => undefined);
    return this.track(r);
  }

  private bailed(): RegistrationAnswer {
    return { ok: false, error: `the deployment failed: ${this.failure?.message ?? "unknown error"}` };
  }

  private plan(step: PlanStep): void {
    this.steps.push(step);
  }

  /** Serve one registration: generate its steps, run them, answer with the resulting state. */
  async onRegister(reg: Registration): Promise<RegistrationAnswer> {
    if (this.failure) return this.bailed();
    let gen: Generated;
    try {
      gen = await this.serial(() => this.generate(reg));
    } catch (e) {
      this.fail(e);
      return { ok: false, error: (e as Error).message };
    }
    if (this.failure) return this.bailed();
    try {
      const state = await this.track(
        this.sem.run(async () => {
          if (this.failure) throw new Error(`skipped: ${this.failure.message}`);
          return this.execute(gen);
        }),
      );
      return { ok: true, urn: state.urn, id: state.id, object: clone(state.outputs) };
    } catch (e) {
      this.fail(e);
      return { ok: false, error: (e as Error).message };
    }
  }

  /** `get` of an existing resource by id (`opts.id`): a Read, recorded as external. */
  async onRead(reg: ReadRegistration): Promise<{ ok: true; object: WireMap } | { ok: false; error: string }> {
    if (this.failure) return { ok: false, error: `the deployment failed: ${this.failure.message}` };
    try {
      const state = await this.serial(async () => {
        const urn = computeUrn(this.env.stack, this.env.project, reg.parent, reg.type, reg.name);
        if (this.seen.has(urn)) throw new Error(`Duplicate resource URN '${urn}'`);
        this.seen.add(urn);
        this.reads.add(urn);
        const { plugin, providerRef } = await this.env.pluginFor(reg.type);
        const res = await plugin.read({ urn, id: reg.id, inputs: reg.object, state: reg.object });
        const s: ResState = {
          ...blankState(urn, reg.type, reg.name, true, reg.parent),
          id: res.id,
          inputs: res.inputs ?? clone(reg.object),
          outputs: res.outputs,
          dependencies: reg.dependencies,
          provider: providerRef,
          additionalSecretOutputs: reg.additionalSecretOutputs,
          external: true,
        };
        if (!res.id) throw new Error(`resource '${reg.id}' does not exist`);
        applyAdditionalSecretOutputs(s);
        const old = this.olds.get(urn);
        if (old) this.removed.add(old);
        this.news.push(s);
        this.plan({ ...this.stepBase(s), op: "read" });
        return s;
      });
      return { ok: true, object: clone(state.outputs) };
    } catch (e) {
      this.fail(e);
      return { ok: false, error: (e as Error).message };
    }
  }

  private stepBase(s: { urn: string; type: string; name: string }) {
    return {
      urn: s.urn,
      type: s.type,
      name: s.name,
      diffKeys: [],
      replaceKeys: [],
      deleteBeforeReplace: false,
    };
  }

  /**
   * Step generation for one registration (runs serialized), in the phases of the engine's
   * `generateSteps`: register; for a custom resource, Check; then the steps for a new resource, a
   * re-creation after a delete-before-replace, or what the Diff calls for.
   */
  private async generate(reg: Registration): Promise<Generated> {
    const { s, old } = this.register(reg);
    if (!reg.custom) return this.componentSteps(s, old);
    if (reg.importId) {
      throw new Error(
        `${s.urn}: import (id ${reg.importId}) is not supported by dynamic providers (Read gets no __provider)`,
      );
    }
    const { plugin, providerRef } = await this.env.pluginFor(reg.type);
    s.provider = providerRef;
    const recreating = this.deletes.has(s.urn);
    s.inputs =
      recreating || !old
        ? await this.checkInputs(plugin, s, old, {}, reg.object)
        : await this.checkInputs(plugin, s, old, old.inputs, s.inputs, old.outputs);
    if (recreating && old) return this.recreateSteps(s, old);
    if (!old) {
      this.plan({ ...this.stepBase(s), op: "create" });
      return { steps: [{ kind: "create", new: s, pendingDeleteOld: false }], result: s };
    }
    return this.diffSteps(reg, plugin, s, old);
  }

  /**
   * Registration: the URN (unique in the deployment), the old state under it and the new state the
   * registration describes, with `ignoreChanges` applied to its inputs.
   */
  private register(reg: Registration): { s: ResState; old: ResState | undefined } {
    const urn = computeUrn(this.env.stack, this.env.project, reg.parent, reg.type, reg.name);
    if (this.seen.has(urn)) {
      throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
    }
    this.seen.add(urn);
    const old = this.olds.get(urn);
    const s: ResState = {
      ...blankState(urn, reg.type, reg.name, reg.custom, reg.parent),
      inputs: old ? processIgnoreChanges(reg.object, old.inputs, reg.ignoreChanges) : reg.object,
      dependencies: [...reg.dependencies],
      propertyDependencies: clone(reg.propertyDependencies),
      protect: reg.protect,
      retainOnDelete: reg.retainOnDelete,
      additionalSecretOutputs: [...reg.additionalSecretOutputs],
      ignoreChanges: [...reg.ignoreChanges],
      deletedWith: reg.deletedWith,
    };
    return { s, old };
  }

  /** Components have no provider: the engine diffs their inputs itself (create, update or same). */
  private componentSteps(s: ResState, old: ResState | undefined): Generated {
    const base = this.stepBase(s);
    if (!old) {
      this.plan({ ...base, op: "create" });
      return { steps: [{ kind: "create", new: s, pendingDeleteOld: false }], result: s };
    }
    const keys = changedKeys(old.inputs, s.inputs);
    if (keys.length === 0) {
      this.sames.add(s.urn);
      this.plan({ ...base, op: "same" });
      return { steps: [{ kind: "same", old, new: s }], result: s };
    }
    this.updates.add(s.urn);
    this.plan({ ...base, op: "update", diffKeys: keys });
    return { steps: [{ kind: "update", old, new: s, ignoreChanges: [] }], result: s };
  }

  /** The provider's Check; failures are recorded and fail the registration. Returns the checked inputs. */
  private async checkInputs(
    plugin: ProviderPlugin,
    s: ResState,
    old: ResState | undefined,
    olds: WireMap,
    news: WireMap,
    oldOutputs: WireMap = {},
  ): Promise<WireMap> {
    const res = await plugin.check({ urn: s.urn, olds, news, oldOutputs, allowUnknowns: this.preview });
    if (res.failures.length > 0) {
      this.failures.push(...res.failures);
      const op = old ? "update" : "create";
      this.plan({ ...this.stepBase(s), op, failures: res.failures, error: "check failed" });
      throw new CheckFailedError(s.urn, res.failures, res.inputs);
    }
    return res.inputs;
  }

  /** Re-creation of a resource that a dependency's delete-before-replace deleted earlier in this deployment. */
  private recreateSteps(s: ResState, old: ResState): Generated {
    this.deletes.delete(s.urn);
    this.replaces.add(s.urn);
    this.plan({
      ...this.stepBase(s),
      op: "replace",
      diffKeys: changedKeys(old.inputs, s.inputs),
      replaceKeys: this.dependentReplaceKeys.get(s.urn) ?? [],
      deleteBeforeReplace: true,
    });
    return { steps: [{ kind: "create", new: s, old, pendingDeleteOld: false }], result: s };
  }

  /** Diff against the old state, then the steps it calls for: replace, update or same. */
  private async diffSteps(
    reg: Registration,
    plugin: ProviderPlugin,
    s: ResState,
    old: ResState,
  ): Promise<Generated> {
    const diff = applyReplaceOnChanges(
      await this.diffResource(plugin, s.urn, old, s.inputs, reg.ignoreChanges),
      reg.replaceOnChanges,
    );
    const displayKeys = diff.changedKeys.length > 0 ? diff.changedKeys : changedKeys(old.inputs, s.inputs);
    const changed = diff.changes === "some" || old.pendingReplacement;
    if (changed && (diff.replaceKeys.length > 0 || old.pendingReplacement)) {
      return this.replaceSteps(reg, plugin, s, old, diff, displayKeys);
    }
    // A resource whose last create or update failed half way is updated even without changes.
    if (changed || old.initErrors.length > 0) {
      this.updates.add(s.urn);
      this.plan({ ...this.stepBase(s), op: "update", diffKeys: changed ? displayKeys : [] });
      return { steps: [{ kind: "update", old, new: s, ignoreChanges: reg.ignoreChanges }], result: s };
    }
    this.sames.add(s.urn);
    this.plan({ ...this.stepBase(s), op: "same" });
    return { steps: [{ kind: "same", old, new: s }], result: s };
  }

  /**
   * A replacement: a second Check without the old inputs (a replacement is a new resource, its
   * defaults are recomputed), then create-before-delete, or delete-before-replace when the diff or
   * `opts.deleteBeforeReplace` asks for it.
   */
  private async replaceSteps(
    reg: Registration,
    plugin: ProviderPlugin,
    s: ResState,
    old: ResState,
    diff: DiffResult,
    diffKeys: string[],
  ): Promise<Generated> {
    if (s.protect && old.protect) {
      throw new Error(`unable to replace resource "${s.urn}" as it is currently marked for protection`);
    }
    this.replaces.add(s.urn);
    s.inputs = await this.checkInputs(plugin, s, old, {}, reg.object);
    const dbr = reg.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    const planStep: PlanStep = {
      ...this.stepBase(s),
      op: "replace",
      diffKeys,
      replaceKeys: diff.replaceKeys,
      deleteBeforeReplace: dbr,
    };
    if (!dbr) {
      this.plan(planStep);
      return { steps: [{ kind: "create", new: s, old, pendingDeleteOld: true }], result: s };
    }
    const steps = await this.deleteBeforeReplaceSteps(old);
    steps.push({ kind: "create", new: s, old, pendingDeleteOld: false });
    this.plan(planStep);
    return { steps, result: s };
  }

  /**
   * The delete-before-replace cascade: the dependents that must be replaced too are deleted first
   * (the last dependent first), then the old resource; each is re-created when registered again.
   */
  private async deleteBeforeReplaceSteps(old: ResState): Promise<ExecStep[]> {
    const steps: ExecStep[] = [];
    const toReplace = await this.calculateDependentReplacements(old);
    for (let i = toReplace.length - 1; i >= 0; i--) {
      const dep = toReplace[i]!;
      if (this.pendingDeletes.has(dep.res)) continue;
      this.dependentReplaceKeys.set(dep.res.urn, dep.keys);
      if (!dep.res.pendingDelete && dep.res.protect) {
        throw new Error(
          `unable to replace resource "${dep.res.urn}" as part of replacing "${old.urn}" as it is currently marked for protection`,
        );
      }
      steps.push({ kind: "delete", res: dep.res, replacement: !dep.res.pendingDelete });
      this.deletes.add(dep.res.urn);
      this.pendingDeletes.add(dep.res);
    }
    if (!old.pendingReplacement) steps.push({ kind: "delete", res: old, replacement: true });
    return steps;
  }

  /** `diffResource`: the provider's Diff, with the engine's own input diff for DIFF_UNKNOWN. */
  private async diffResource(
    plugin: ProviderPlugin,
    urn: string,
    old: ResState,
    news: WireMap,
    ignoreChanges: string[],
  ): Promise<DiffResult> {
    const diff = await plugin.diff({
      urn,
      id: old.id,
      oldInputs: old.inputs,
      oldOutputs: old.outputs,
      newInputs: news,
      allowUnknowns: this.preview,
      ignoreChanges,
    });
    if (diff.changes !== "unknown") return diff;
    const keys = changedKeys(old.inputs, processIgnoreChanges(news, old.inputs, ignoreChanges));
    return { ...diff, changes: keys.length > 0 ? "some" : "none", changedKeys: keys };
  }

  /** `calculateDependentReplacements`: which dependents a delete-before-replace must take down too. */
  private async calculateDependentReplacements(root: ResState): Promise<{ res: ResState; keys: string[] }[]> {
    const toReplace: { res: ResState; keys: string[] }[] = [];
    const replaceSet = new Set([root.urn]);
    for (const d of this.dependingOn(root)) {
      if (!d.custom || d.external) continue;
      let hasDependency = false;
      const inputsForDiff: WireMap = {};
      for (const [k, v] of Object.entries(d.inputs)) {
        const deps = d.propertyDependencies[k] ?? [];
        if (deps.some((u) => replaceSet.has(u))) {
          hasDependency = true;
          inputsForDiff[k] = UNKNOWN;
        } else {
          inputsForDiff[k] = v;
        }
      }
      if (!hasDependency) continue;
      const { plugin } = await this.env.pluginFor(d.type);
      const diff = await plugin.diff({
        urn: d.urn,
        id: d.id,
        oldInputs: d.inputs,
        oldOutputs: d.outputs,
        newInputs: inputsForDiff,
        allowUnknowns: true,
        ignoreChanges: [],
      });
      if (diff.replaceKeys.length > 0) {
        toReplace.push({ res: d, keys: diff.replaceKeys });
        replaceSet.add(d.urn);
      }
    }
    return toReplace;
  }

  /** `DependencyGraph.DependingOn(root, sg.urns, false)`: transitive dependents, in snapshot order. */
  private dependingOn(root: ResState): ResState[] {
    const index = this.prev.indexOf(root);
    const set = new Set([root.urn]);
    const out: ResState[] = [];
    for (const r of this.prev.slice(index + 1)) {
      if (this.seen.has(r.urn)) continue;
      const deps = allDependencies(r, false);
      if ([...deps].some((u) => set.has(u))) {
        out.push(r);
        set.add(r.urn);
      }
    }
    return out;
  }

  /** Run one registration's chain (serially) and return its new state. */
  private async execute(gen: Generated): Promise<ResState> {
    for (const step of gen.steps) await this.apply(step);
    return gen.result;
  }

  private async apply(step: ExecStep): Promise<void> {
    const preview = this.preview;
    switch (step.kind) {
      case "delete": {
        await this.deleteResource(step.res);
        if (step.replacement) step.res.pendingReplacement = true;
        else this.removed.add(step.res);
        return;
      }
      case "same": {
        step.new.id = step.old.id;
        step.new.outputs = clone(step.old.outputs);
        step.new.initErrors = [...step.old.initErrors];
        this.removed.add(step.old);
        this.news.push(step.new);
        return;
      }
      case "create": {
        const s = step.new;
        if (s.custom) {
          const { plugin } = await this.env.pluginFor(s.type);
          try {
            const res = await plugin.create({ urn: s.urn, properties: s.inputs, preview });
            s.id = res.id;
            s.outputs = res.outputs;
          } catch (e) {
            if (e instanceof InitError) {
              s.id = e.id;
              s.outputs = e.outputs;
              s.initErrors = e.reasons;
              applyAdditionalSecretOutputs(s);
              this.news.push(s);
            }
            throw new Error(`${s.urn}: Create failed: ${(e as Error).message}`);
          }
          applyAdditionalSecretOutputs(s);
        } else {
          s.outputs = {};
        }
        if (step.old) {
          if (step.pendingDeleteOld) step.old.pendingDelete = true;
          else this.removed.add(step.old);
        }
        this.news.push(s);
        return;
      }
      case "update": {
        const s = step.new;
        s.id = step.old.id;
        if (s.custom) {
          const { plugin } = await this.env.pluginFor(s.type);
          try {
            const res = await plugin.update({
              urn: s.urn,
              id: s.id,
              oldInputs: step.old.inputs,
              oldOutputs: step.old.outputs,
              newInputs: s.inputs,
              preview,
              ignoreChanges: step.ignoreChanges,
            });
            s.outputs = res.outputs;
          } catch (e) {
            if (e instanceof InitError) {
              s.outputs = e.outputs;
              s.initErrors = e.reasons;
              applyAdditionalSecretOutputs(s);
              this.removed.add(step.old);
              this.news.push(s);
            }
            throw new Error(`${s.urn}: Update failed: ${(e as Error).message}`);
          }
          applyAdditionalSecretOutputs(s);
        } else {
          s.outputs = clone(step.old.outputs);
        }
        this.removed.add(step.old);
        this.news.push(s);
        return;
      }
      case "read":
        return;
    }
  }

  /** Delete one old resource (no RPC in preview, for components, external or retained ones). */
  private async deleteResource(r: ResState): Promise<void> {
    if (this.preview || !r.custom || r.external) return;
    if (r.protect) {
      throw new Error(`unable to delete resource "${r.urn}" as it is currently marked for protection`);
    }
    if (r.retainOnDelete || r.pendingReplacement) return;
    const { plugin } = await this.env.pluginFor(r.type);
    try {
      await plugin.delete({ urn: r.urn, id: r.id, inputs: r.inputs, outputs: r.outputs });
    } catch (e) {
      throw new Error(`${r.urn}: Delete failed: ${(e as Error).message}`);
    }
  }

  /**
   * After the program: `GenerateDeletes` + `ScheduleDeletes` + execution, antichain by antichain.
   * Condemned: old halves of create-before-delete replacements and every old resource the program
   * did not register.
   */
  async performDeletes(): Promise<void> {
    const condemned: { res: ResState; op: StepOp | undefined; remove: boolean }[] = [];
    for (const r of this.prev) {
      if (this.removed.has(r)) continue;
      if (r.pendingDelete) {
        if (this.pendingDeletes.has(r)) continue;
        condemned.push({ res: r, op: undefined, remove: false });
      } else if (
        !this.sames.has(r.urn) &&
        !this.updates.has(r.urn) &&
        !this.replaces.has(r.urn) &&
        !this.reads.has(r.urn)
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
        if (op) this.plan({ ...this.stepBase(r), op });
      }
    }
    for (const chain of chains) {
      if (this.failure) return;
      await Promise.all(
        chain.map((r) =>
          this.track(
            this.sem.run(async () => {
              try {
                if (!byRes.get(r)?.remove) await this.deleteResource(r);
                this.removed.add(r);
              } catch (e) {
                this.fail(e);
              }
            }),
          ),
        ),
      );
    }
  }

  /** The snapshot after this deployment (only meaningful when not a preview). */
  result(): ResState[] {
    return [...this.news, ...this.prev.filter((r) => !this.removed.has(r))];
  }
}

/** `applyReplaceOnChanges`: changed keys under a `replaceOnChanges` path force replacement. */
function applyReplaceOnChanges(diff: DiffResult, replaceOnChanges: readonly string[]): DiffResult {
  if (diff.changes !== "some" || replaceOnChanges.length === 0) return diff;
  const keys = new Set(diff.replaceKeys);
  for (const k of diff.changedKeys) {
    if (replaceOnChanges.some((p) => p === "*" || p === k || k.startsWith(`${p}.`) || k.startsWith(`${p}[`)))
      keys.add(k);
  }
  return { ...diff, replaceKeys: [...keys] };
}

/** The step executor marks `additionalSecretOutputs` secret in the new state. */
function applyAdditionalSecretOutputs(s: ResState): void {
  for (const k of s.additionalSecretOutputs) {
    const v = s.outputs[k];
    if (v !== undefined) s.outputs[k] = makeSecret(v);
  }
}

/** A resource state with every field at its default (what the engine writes before filling it in). */
export function blankState(
  urn: string,
  type: string,
  name: string,
  custom: boolean,
  parent: string,
): ResState {
  return {
    urn,
    type,
    name,
    custom,
    id: "",
    parent,
    inputs: {},
    outputs: {},
    dependencies: [],
    propertyDependencies: {},
    provider: "",
    protect: false,
    retainOnDelete: false,
    additionalSecretOutputs: [],
    ignoreChanges: [],
    deletedWith: "",
    external: false,
    pendingDelete: false,
    pendingReplacement: false,
    initErrors: [],
  };
}
