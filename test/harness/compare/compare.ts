/**
 * Compares what the harness and the real CLI did in the same scenario: each engine's records are
 * normalized (normalize.ts), the allowed differences are taken out of both (allowlist.ts, each
 * counting where it applied), and what remains is listed (diff.ts). Equal runs leave no line.
 */
import type { ProviderCall } from "../../../harness/grpc-log";
import type { WireMap } from "../../../harness/wire";
import { ALLOWED, type AllowedDifference, type EngineName } from "./allowlist";
import { callDiffs, resourceDiffs } from "./diff";
import type { OperationRecord } from "./engines";
import { Normalizer } from "./normalize";

/** One engine's run of a scenario: its records in step order and its emulators' URLs. */
export interface EngineRun {
  readonly engine: EngineName;
  readonly emulators: readonly string[];
  readonly steps: ReadonlyArray<{ readonly label: string; readonly record: OperationRecord }>;
}

export interface Comparison {
  /** What differs once the allowed differences are taken out (empty: the runs agree). */
  readonly differences: string[];
  /** Provider calls compared, per method (the CLI's counts; equal to the harness's when no difference). */
  readonly calls: Record<string, number>;
  /** Allowed differences that applied, with how many calls or resources each changed. */
  readonly allowed: Record<string, number>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function applyAllowed(
  engine: EngineName,
  calls: ProviderCall[],
  resources: WireMap[],
  used: Record<string, number>,
  allowed: readonly AllowedDifference[],
): { calls: ProviderCall[]; resources: WireMap[] } {
  let [cs, rs] = [calls, resources];
  for (const a of allowed) {
    const nextCalls = a.calls ? a.calls(engine, cs) : cs;
    const nextResources = a.resources ? a.resources(engine, rs) : rs;
    const changed =
      nextCalls.length !== cs.length ||
      nextResources.length !== rs.length ||
      nextCalls.some((c, i) => !same(c, cs[i])) ||
      nextResources.some((r, i) => !same(r, rs[i]));
    if (changed) used[a.name] = (used[a.name] ?? 0) + 1;
    [cs, rs] = [nextCalls, nextResources];
  }
  return { calls: cs, resources: rs };
}

function normalized(run: EngineRun) {
  const n = new Normalizer(run.emulators);
  for (const s of run.steps) n.learn(s.record.calls);
  return run.steps.map((s) => ({
    label: s.label,
    error: s.record.error,
    calls: s.record.calls.map((c) => n.call(c)),
    resources: s.record.resources.map((r) => n.value(r) as WireMap),
  }));
}

/** Compare two runs of one scenario step by step. */
export function compareRuns(harness: EngineRun, cli: EngineRun, allowed = ALLOWED): Comparison {
  const [hs, cs] = [normalized(harness), normalized(cli)];
  const differences: string[] = [];
  const calls: Record<string, number> = {};
  const used: Record<string, number> = {};
  if (hs.length !== cs.length) differences.push(`steps: harness ${hs.length}, cli ${cs.length}`);
  hs.forEach((h, i) => {
    const c = cs[i];
    if (c === undefined) return;
    const label = `${i + 1}. ${h.label}`;
    if ((h.error === undefined) !== (c.error === undefined))
      differences.push(`${label}: harness ${h.error ?? "succeeded"}; cli ${c.error ?? "succeeded"}`);
    const x = applyAllowed("harness", h.calls, h.resources, used, allowed);
    const y = applyAllowed("cli", c.calls, c.resources, used, allowed);
    for (const call of c.calls) calls[call.method] = (calls[call.method] ?? 0) + 1;
    differences.push(
      ...callDiffs(label, x.calls, y.calls),
      ...resourceDiffs(label, x.resources, y.resources),
    );
  });
  return { differences, calls, allowed: used };
}
