/**
 * `npm run soak -- --seed N --runs M [--steps S] [--harness]`: convergence sequences through the
 * in-process driver (or the engine harness with `--harness`), printing each run and, on a failure,
 * fast-check's report with the shrunk sequence.
 */
import { runSequences } from "./sequence";
import { DriverWorld } from "./world";
import type { World } from "./world";

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const v = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isInteger(v) ? v : fallback;
}

function pathArg(): string | undefined {
  const at = process.argv.indexOf("--path");
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function worldFor(instances: number): Promise<World> {
  if (!process.argv.includes("--harness")) return DriverWorld.start(instances);
  const { HarnessWorld } = await import("./harness-world");
  return HarnessWorld.start(instances);
}

async function main(): Promise<void> {
  const seed = flag("seed", Date.now() % 1_000_000);
  const runs = flag("runs", 20);
  const maxCommands = flag("steps", 40);
  console.log(`soak: seed ${seed}, ${runs} runs of up to ${maxCommands} steps`);
  const report = await runSequences({
    seed,
    runs,
    maxCommands,
    world: worldFor,
    ...(pathArg() !== undefined ? { path: pathArg()! } : {}),
    onRun: (s, steps) => console.log(`  seed ${s}: ${steps} steps`),
  });
  console.log(
    `soak: ${report.runs} runs, ${report.steps} steps, ${(report.ms / 1000).toFixed(1)} s, no failure`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
