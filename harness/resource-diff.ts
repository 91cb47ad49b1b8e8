/**
 * The diff of one resource against its old state: the provider's Diff (with the engine's own input
 * diff when the provider cannot tell), `ignoreChanges` and `replaceOnChanges`. Mirrors
 * `diffResource`, `processIgnoreChanges` and `applyReplaceOnChanges` in
 * `pkg/resource/deploy/step_generator.go` of the engine, re-implemented.
 */
import type { DiffResult, ProviderPlugin } from "./provider-plugin";
import type { ResState } from "./types";
import { changedKeys, clone, isObject, type Wire, type WireMap } from "./wire";

/** `diffResource`: the provider's Diff, with the engine's own input diff for DIFF_UNKNOWN. */
export async function diffResource(
  plugin: ProviderPlugin,
  urn: string,
  old: ResState,
  news: WireMap,
  ignoreChanges: string[],
  preview: boolean,
): Promise<DiffResult> {
  const diff = await plugin.diff({
    urn,
    id: old.id,
    oldInputs: old.inputs,
    oldOutputs: old.outputs,
    newInputs: news,
    allowUnknowns: preview,
    ignoreChanges,
  });
  if (diff.changes !== "unknown") return diff;
  const keys = changedKeys(old.inputs, processIgnoreChanges(news, old.inputs, ignoreChanges));
  return { ...diff, changes: keys.length > 0 ? "some" : "none", changedKeys: keys };
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

/** `applyReplaceOnChanges`: changed keys under a `replaceOnChanges` path force replacement. */
export function applyReplaceOnChanges(diff: DiffResult, replaceOnChanges: readonly string[]): DiffResult {
  if (diff.changes !== "some" || replaceOnChanges.length === 0) return diff;
  const keys = new Set(diff.replaceKeys);
  for (const k of diff.changedKeys) {
    if (replaceOnChanges.some((p) => p === "*" || p === k || k.startsWith(`${p}.`) || k.startsWith(`${p}[`)))
      keys.add(k);
  }
  return { ...diff, replaceKeys: [...keys] };
}
