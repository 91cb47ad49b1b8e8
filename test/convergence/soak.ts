/**
 * `npm run soak -- --seed N --runs M`: convergence sequences through the in-process driver, printing
 * each run and, on a failure, fast-check's report with the shrunk sequence and the failing run's
 * steps. Options: `--steps S` (most steps per run, default 40; the harness test uses 10),
 * `--instances 1|2` (default: either), `--harness` (through the engine harness, slow), `--cli`
 * (through the real `pulumi` CLI on PATH, about 5 s a step, each step also checked by a no-op
 * `pulumi preview`), `--peer` (or `CONVERGENCE_TARGET=peer`: the driver against loxilb-peer instead
 * of the emulator), `--no-shrink` (report a failing run as it is: each shrink step against a peer
 * starts a new one), and to replay a reported failure `--runs 1 --path P --replay R` with the
 * report's seed, path and `replayPath`.
 */
import { runSequences } from "./sequence";
import { DriverWorld } from "./world";
import type { World } from "./world";

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const v = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isInteger(v) ? v : fallback;
}

function text(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function worldFor(instances: number): Promise<World> {
  if (process.argv.includes("--cli")) {
    const { CliWorld } = await import("./cli-world");
    return CliWorld.start(instances);
  }
  const peer = process.argv.includes("--peer") || process.env["CONVERGENCE_TARGET"] === "peer";
  if (!process.argv.includes("--harness")) return DriverWorld.start(instances, peer ? "peer" : "emulator");
  const { HarnessWorld } = await import("./harness-world");
  return HarnessWorld.start(instances);
}

async function main(): Promise<void> {
  if (process.argv.includes("--cli")) {
    const { hasPulumiCli } = await import("../../harness/cli");
    if (!hasPulumiCli())
      throw new Error("--cli needs the `pulumi` CLI on PATH (`npm run peers` builds it into .peers/bin)");
  }
  const seed = flag("seed", Date.now() % 1_000_000);
  const runs = flag("runs", 20);
  const maxCommands = flag("steps", 40);
  console.log(`soak: seed ${seed}, ${runs} runs of up to ${maxCommands} steps`);
  const report = await runSequences({
    seed,
    runs,
    maxCommands,
    world: worldFor,
    ...(flag("instances", 0) > 0 ? { instances: [flag("instances", 1)] } : {}),
    ...(text("path") !== undefined ? { path: text("path")! } : {}),
    ...(text("replay") !== undefined ? { replayPath: text("replay")! } : {}),
    ...(process.argv.includes("--no-shrink") ? { shrink: false } : {}),
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
