/**
 * Runs convergence sequences: an initial model, its first up, then up to `maxCommands` steps, each
 * checked by the oracle; fast-check shrinks a failing run to a minimal sequence and prints it.
 */
import fc from "fast-check";
import { stackArb } from "./arbitraries";
import { commandsArb, initialUp, type Holder } from "./commands";
import type { World } from "./world";

export interface SequenceOptions {
  /** fast-check seed of the first run; run `i` uses `seed + i`. */
  readonly seed: number;
  /** Runs to do at least. */
  readonly runs: number;
  /** Keep running (more seeds) until this many steps were checked. */
  readonly minSteps?: number;
  readonly maxCommands: number;
  /** A new world (LoxiLB instances and a stack) with 1 or 2 instances. */
  readonly world: (instances: number) => Promise<World>;
  /** Instance counts to draw from (2: an HA pair written with `replication: "all"`). */
  readonly instances?: readonly number[];
  /** Replay of a failure (with its `seed` and `runs: 1`): fast-check's `path` and the commands' `replayPath`. */
  readonly path?: string;
  readonly replayPath?: string;
  /** False: report the first failing run as it is, without shrinking (slow against loxilb-peer). */
  readonly shrink?: boolean;
  /** Called after each run with its seed and steps. */
  readonly onRun?: (seed: number, steps: number) => void;
}

export interface SequenceReport {
  readonly runs: number;
  readonly steps: number;
  readonly ms: number;
}

/** The seed from `CONVERGENCE_SEED`, or `fallback`. */
export function seedFromEnv(fallback: number): number {
  const v = Number(process.env["CONVERGENCE_SEED"]);
  return Number.isInteger(v) ? v : fallback;
}

function property(opts: SequenceOptions, counted: { steps: number }) {
  return fc.asyncProperty(
    stackArb,
    fc.constantFrom(...(opts.instances ?? [1, 2])),
    commandsArb(opts.maxCommands, opts.replayPath),
    async (initial, instances, cmds) => {
      const world = await opts.world(instances);
      const model: Holder = { stack: initial, steps: 0, trail: [] };
      try {
        await initialUp(model, world);
        await fc.asyncModelRun(() => ({ model, real: world }), cmds);
      } finally {
        counted.steps += model.steps;
        await world.close();
      }
    },
  );
}

/**
 * Run sequences until `runs` runs and `minSteps` steps are done. Throws fast-check's report (seed,
 * shrunk counterexample, and the failing run's steps) on the first failure.
 */
export async function runSequences(opts: SequenceOptions): Promise<SequenceReport> {
  const started = Date.now();
  let steps = 0;
  let runs = 0;
  while (runs < opts.runs || steps < (opts.minSteps ?? 0)) {
    const seed = opts.seed + runs;
    const counted = { steps: 0 };
    await fc.assert(property(opts, counted), {
      seed,
      numRuns: 1,
      includeErrorInReport: true,
      ...(opts.path !== undefined ? { path: opts.path, endOnFailure: true } : {}),
      ...(opts.shrink === false ? { endOnFailure: true } : {}),
    });
    steps += counted.steps;
    runs++;
    opts.onRun?.(seed, counted.steps);
  }
  return { runs, steps, ms: Date.now() - started };
}
