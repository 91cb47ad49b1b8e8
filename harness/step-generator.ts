/**
 * Step generation: for each registration, the steps the engine would take (Check, Diff, the
 * replacement decisions, the delete-before-replace cascade), as a chain for the step executor.
 * Mirrors `pkg/resource/deploy/step_generator.go` of the engine (v3.260), re-implemented; the
 * deletes after the program are in delete-steps.ts, the diff of one resource in resource-diff.ts.
 * Generation runs one registration at a time, in arrival order (the deployment serializes the
 * calls); it calls Check and Diff, never Create/Update/Delete.
 */
import type { DiffResult, ProviderPlugin } from "./provider-plugin";
import { applyReplaceOnChanges, diffResource, processIgnoreChanges } from "./resource-diff";
import { allDependencies, blankState, computeUrn } from "./resource-state";
import { CheckFailedError, stepBase } from "./plan";
import type { ExecStep, Generated, StepEnv } from "./step";
import type { DeploymentState, PlanStep, ReadRegistration, Registration, ResState } from "./types";
import { changedKeys, clone, UNKNOWN, type WireMap } from "./wire";

/** What generating steps needs from the engine. */
export interface GeneratorEnv extends StepEnv {
  readonly stack: string;
  readonly project: string;
}

export class StepGenerator {
  constructor(
    private readonly env: GeneratorEnv,
    private readonly state: DeploymentState,
  ) {}

  private plan(step: PlanStep): void {
    this.state.steps.push(step);
  }

  /**
   * Step generation for one registration, in the phases of the engine's `generateSteps`:
   * register; for a custom resource, Check; then the steps for a new resource, a re-creation after
   * a delete-before-replace, or what the Diff calls for.
   */
  async generate(reg: Registration): Promise<Generated> {
    const { s, old } = this.register(reg);
    if (!reg.custom) return this.componentSteps(s, old);
    if (reg.importId) {
      throw new Error(
        `${s.urn}: import (id ${reg.importId}) is not supported by dynamic providers (Read gets no __provider)`,
      );
    }
    const { plugin, providerRef } = await this.env.pluginFor(reg.type);
    s.provider = providerRef;
    const recreating = this.state.deletes.has(s.urn);
    s.inputs =
      recreating || !old
        ? await this.checkInputs(plugin, s, old, {}, reg.object)
        : await this.checkInputs(plugin, s, old, old.inputs, s.inputs, old.outputs);
    if (recreating && old) return this.recreateSteps(s, old);
    if (!old) {
      this.plan({ ...stepBase(s), op: "create" });
      return { steps: [{ kind: "create", new: s, pendingDeleteOld: false }], result: s };
    }
    return this.diffSteps(reg, plugin, s, old);
  }

  /** A `get` with `opts.id` (`GenerateReadSteps`): its URN, unique in the deployment. */
  registerRead(reg: ReadRegistration): string {
    const urn = computeUrn(this.env.stack, this.env.project, reg.parent, reg.type, reg.name);
    if (this.state.seen.has(urn)) throw new Error(`Duplicate resource URN '${urn}'`);
    this.state.seen.add(urn);
    this.state.reads.add(urn);
    return urn;
  }

  /**
   * Registration: the URN (unique in the deployment), the old state under it and the new state the
   * registration describes, with `ignoreChanges` applied to its inputs.
   */
  private register(reg: Registration): { s: ResState; old: ResState | undefined } {
    const urn = computeUrn(this.env.stack, this.env.project, reg.parent, reg.type, reg.name);
    if (this.state.seen.has(urn)) {
      throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
    }
    this.state.seen.add(urn);
    const old = this.state.olds.get(urn);
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
    const base = stepBase(s);
    if (!old) {
      this.plan({ ...base, op: "create" });
      return { steps: [{ kind: "create", new: s, pendingDeleteOld: false }], result: s };
    }
    const keys = changedKeys(old.inputs, s.inputs);
    if (keys.length === 0) {
      this.state.sames.add(s.urn);
      this.plan({ ...base, op: "same" });
      return { steps: [{ kind: "same", old, new: s }], result: s };
    }
    this.state.updates.add(s.urn);
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
    const res = await plugin.check({ urn: s.urn, olds, news, oldOutputs, allowUnknowns: this.env.preview });
    if (res.failures.length > 0) {
      this.state.failures.push(...res.failures);
      const op = old ? "update" : "create";
      this.plan({ ...stepBase(s), op, failures: res.failures, error: "check failed" });
      throw new CheckFailedError(s.urn, res.failures, res.inputs);
    }
    return res.inputs;
  }

  /** Re-creation of a resource that a dependency's delete-before-replace deleted earlier in this deployment. */
  private recreateSteps(s: ResState, old: ResState): Generated {
    this.state.deletes.delete(s.urn);
    this.state.replaces.add(s.urn);
    this.plan({
      ...stepBase(s),
      op: "replace",
      diffKeys: changedKeys(old.inputs, s.inputs),
      replaceKeys: this.state.dependentReplaceKeys.get(s.urn) ?? [],
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
      await diffResource(plugin, s.urn, old, s.inputs, reg.ignoreChanges, this.env.preview),
      reg.replaceOnChanges,
    );
    const displayKeys = diff.changedKeys.length > 0 ? diff.changedKeys : changedKeys(old.inputs, s.inputs);
    const changed = diff.changes === "some" || old.pendingReplacement;
    if (changed && (diff.replaceKeys.length > 0 || old.pendingReplacement)) {
      return this.replaceSteps(reg, plugin, s, old, diff, displayKeys);
    }
    // A resource whose last create or update failed half way is updated even without changes.
    if (changed || old.initErrors.length > 0) {
      this.state.updates.add(s.urn);
      this.plan({ ...stepBase(s), op: "update", diffKeys: changed ? displayKeys : [] });
      return { steps: [{ kind: "update", old, new: s, ignoreChanges: reg.ignoreChanges }], result: s };
    }
    this.state.sames.add(s.urn);
    this.plan({ ...stepBase(s), op: "same" });
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
    this.state.replaces.add(s.urn);
    s.inputs = await this.checkInputs(plugin, s, old, {}, reg.object);
    const dbr = reg.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    const planStep: PlanStep = {
      ...stepBase(s),
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
      if (this.state.pendingDeletes.has(dep.res)) continue;
      this.state.dependentReplaceKeys.set(dep.res.urn, dep.keys);
      if (!dep.res.pendingDelete && dep.res.protect) {
        throw new Error(
          `unable to replace resource "${dep.res.urn}" as part of replacing "${old.urn}" as it is currently marked for protection`,
        );
      }
      steps.push({ kind: "delete", res: dep.res, replacement: !dep.res.pendingDelete });
      this.state.deletes.add(dep.res.urn);
      this.state.pendingDeletes.add(dep.res);
    }
    if (!old.pendingReplacement) steps.push({ kind: "delete", res: old, replacement: true });
    return steps;
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
    const index = this.state.prev.indexOf(root);
    const set = new Set([root.urn]);
    const out: ResState[] = [];
    for (const r of this.state.prev.slice(index + 1)) {
      if (this.state.seen.has(r.urn)) continue;
      const deps = allDependencies(r, false);
      if ([...deps].some((u) => set.has(u))) {
        out.push(r);
        set.add(r.urn);
      }
    }
    return out;
  }
}
