/**
 * A resource's identity and state record: its URN, a blank state to fill in, and every resource it
 * depends on. Mirrors `sdk/go/common/resource/urn.go` (`NewURN`) and `resource_state.go`
 * (`NewState`, `GetAllDependencies`) of the engine, re-implemented.
 */
import type { ResState } from "./types";

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
