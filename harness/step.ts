/**
 * The steps a deployment executes and what applying each one does: Create, Update, Same, Delete
 * (the replacement kinds are a create with the old state, or a delete marked as a replacement),
 * and the Read of `get` with `opts.id`. Mirrors `pkg/resource/deploy/step.go` of the engine
 * (`CreateStep.Apply`, `UpdateStep.Apply`, `SameStep.Apply`, `DeleteStep.Apply`, `ReadStep.Apply`),
 * re-implemented. Applying a step calls the provider (in a preview, Delete makes no call and the
 * plugin answers Create/Update itself for a provider without preview support) and records the new
 * and removed states in the deployment's state.
 */
import { InitError, type ProviderPlugin } from "./provider-plugin";
import { blankState } from "./resource-state";
import type { DeploymentState, ReadRegistration, ResState } from "./types";
import { clone, makeSecret } from "./wire";

/** A new resource; with `old`, the create half of a replacement. */
export interface CreateStep {
  readonly kind: "create";
  readonly new: ResState;
  readonly old?: ResState;
  /** Create-before-delete: the old state stays, marked pending delete, until the deletes run. */
  readonly pendingDeleteOld: boolean;
}
export interface UpdateStep {
  readonly kind: "update";
  readonly old: ResState;
  readonly new: ResState;
  readonly ignoreChanges: string[];
}
export interface SameStep {
  readonly kind: "same";
  readonly old: ResState;
  readonly new: ResState;
}
/** With `replacement`, the delete half of a delete-before-replace: its replacement comes later. */
export interface DeleteStep {
  readonly kind: "delete";
  readonly res: ResState;
  readonly replacement: boolean;
}
export type ExecStep = CreateStep | UpdateStep | SameStep | DeleteStep;

/** The steps generated for one registration (its chain), run in order. */
export interface Generated {
  readonly steps: ExecStep[];
  /** The state the registration is answered with, once the chain has run. */
  readonly result: ResState;
}

/** What applying a step needs from the engine. */
export interface StepEnv {
  readonly preview: boolean;
  /** The plugin for a custom resource type, configuring the provider first if needed. */
  pluginFor(type: string): Promise<{ plugin: ProviderPlugin; providerRef: string }>;
}

/** Apply one step of a chain. */
export async function applyStep(env: StepEnv, state: DeploymentState, step: ExecStep): Promise<void> {
  switch (step.kind) {
    case "create":
      return applyCreate(env, state, step);
    case "update":
      return applyUpdate(env, state, step);
    case "same":
      return applySame(state, step);
    case "delete":
      return applyDelete(env, state, step);
  }
}

/** `CreateStep.Apply`: Create (components get no outputs); a replacement retires the old state. */
export async function applyCreate(env: StepEnv, state: DeploymentState, step: CreateStep): Promise<void> {
  const s = step.new;
  if (s.custom) {
    const { plugin } = await env.pluginFor(s.type);
    try {
      const res = await plugin.create({ urn: s.urn, properties: s.inputs, preview: env.preview });
      s.id = res.id;
      s.outputs = res.outputs;
    } catch (e) {
      if (e instanceof InitError) {
        s.id = e.id;
        s.outputs = e.outputs;
        s.initErrors = e.reasons;
        applyAdditionalSecretOutputs(s);
        state.news.push(s);
      }
      throw new Error(`${s.urn}: Create failed: ${(e as Error).message}`);
    }
    applyAdditionalSecretOutputs(s);
  } else {
    s.outputs = {};
  }
  if (step.old) {
    if (step.pendingDeleteOld) step.old.pendingDelete = true;
    else state.removed.add(step.old);
  }
  state.news.push(s);
}

/** `UpdateStep.Apply`: Update (components keep their old outputs); the new state replaces the old. */
export async function applyUpdate(env: StepEnv, state: DeploymentState, step: UpdateStep): Promise<void> {
  const s = step.new;
  s.id = step.old.id;
  if (s.custom) {
    const { plugin } = await env.pluginFor(s.type);
    try {
      const res = await plugin.update({
        urn: s.urn,
        id: s.id,
        oldInputs: step.old.inputs,
        oldOutputs: step.old.outputs,
        newInputs: s.inputs,
        preview: env.preview,
        ignoreChanges: step.ignoreChanges,
      });
      s.outputs = res.outputs;
    } catch (e) {
      if (e instanceof InitError) {
        s.outputs = e.outputs;
        s.initErrors = e.reasons;
        applyAdditionalSecretOutputs(s);
        state.removed.add(step.old);
        state.news.push(s);
      }
      throw new Error(`${s.urn}: Update failed: ${(e as Error).message}`);
    }
    applyAdditionalSecretOutputs(s);
  } else {
    s.outputs = clone(step.old.outputs);
  }
  state.removed.add(step.old);
  state.news.push(s);
}

/** `SameStep.Apply`: no call; the new state takes the old id, outputs and init errors. */
export function applySame(state: DeploymentState, step: SameStep): void {
  step.new.id = step.old.id;
  step.new.outputs = clone(step.old.outputs);
  step.new.initErrors = [...step.old.initErrors];
  state.removed.add(step.old);
  state.news.push(step.new);
}

/** `DeleteStep.Apply`: Delete; a replaced resource stays in the state until its replacement exists. */
export async function applyDelete(env: StepEnv, state: DeploymentState, step: DeleteStep): Promise<void> {
  await deleteResource(env, step.res);
  if (step.replacement) step.res.pendingReplacement = true;
  else state.removed.add(step.res);
}

/** Delete one old resource (no RPC in preview, for components, external or retained ones). */
export async function deleteResource(env: StepEnv, r: ResState): Promise<void> {
  if (env.preview || !r.custom || r.external) return;
  if (r.protect) {
    throw new Error(`unable to delete resource "${r.urn}" as it is currently marked for protection`);
  }
  if (r.retainOnDelete || r.pendingReplacement) return;
  const { plugin } = await env.pluginFor(r.type);
  try {
    await plugin.delete({ urn: r.urn, id: r.id, inputs: r.inputs, outputs: r.outputs });
  } catch (e) {
    throw new Error(`${r.urn}: Delete failed: ${(e as Error).message}`);
  }
}

/** `ReadStep.Apply`: Read the resource `get` names, recorded as external; returns its new state. */
export async function applyRead(
  env: StepEnv,
  state: DeploymentState,
  urn: string,
  reg: ReadRegistration,
): Promise<ResState> {
  const { plugin, providerRef } = await env.pluginFor(reg.type);
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
  const old = state.olds.get(urn);
  if (old) state.removed.add(old);
  state.news.push(s);
  return s;
}

/** The step executor marks `additionalSecretOutputs` secret in the new state. */
function applyAdditionalSecretOutputs(s: ResState): void {
  for (const k of s.additionalSecretOutputs) {
    const v = s.outputs[k];
    if (v !== undefined) s.outputs[k] = makeSecret(v);
  }
}
