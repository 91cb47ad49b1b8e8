/**
 * A slice of the convergence sequences through the real `pulumi` CLI (cli-world.ts): two short
 * runs, one with a fixed seed (`CONVERGENCE_SEED`, default below) and one with a seed drawn now and
 * printed, each checked by the oracle after every step, plus a `pulumi preview` after every
 * successful step that must show no change and write nothing. Runs where `pulumi` is on PATH
 * (`npm run peers`); `npm run soak -- --cli` runs longer sequences the same way.
 */
import test from "ava";
import { hasPulumiCli } from "../harness/cli";
import { CliWorld } from "./cli-world";
import { runSequences, seedFromEnv } from "./sequence";

const FIXED_SEED = seedFromEnv(20_261_206);
const RANDOM_SEED = Date.now() % 1_000_000;
const STEPS = 8;

const hasCli = hasPulumiCli();
const cliTest = hasCli ? test.serial : test.skip;
if (!hasCli) console.log("cli-sequence: skipped, the `pulumi` CLI is not on PATH (`npm run peers`)");

for (const [kind, seed] of [
  ["fixed", FIXED_SEED],
  ["random", RANDOM_SEED],
] as const) {
  cliTest(
    `real CLI: after every step LoxiLB holds what a fresh up writes (${kind} seed ${seed})`,
    async (t) => {
      t.timeout(300_000);
      const report = await runSequences({
        seed,
        runs: 1,
        minSteps: STEPS,
        maxCommands: STEPS,
        world: (instances) => CliWorld.start(instances),
      });
      t.log(
        `seeds ${seed}..${seed + report.runs - 1}: ${report.steps} steps in ${report.runs} runs, ${report.ms} ms ` +
          `(replay: CONVERGENCE_SEED=${seed} or npm run soak -- --cli --seed ${seed} --runs ${report.runs} --steps ${STEPS})`,
      );
      t.true(report.steps >= STEPS);
    },
  );
}
