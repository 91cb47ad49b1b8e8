/**
 * Convergence sequences through the in-process driver (the provider's handlers called as the
 * provider host and the engine call them): at least 1,000 checked steps per run of the suite, in
 * five parts of 200. Seeded by `CONVERGENCE_SEED` (default below); a failure prints fast-check's
 * seed, the shrunk sequence and the failing run's steps. Serial: the provider's process state is
 * global, and each deployment starts from a fresh one.
 */
import test from "ava";
import { runSequences, seedFromEnv } from "./sequence";
import { DriverWorld } from "./world";

const SEED = seedFromEnv(20_261_206);
const PARTS = 5;
const STEPS_PER_PART = 200;

for (let part = 0; part < PARTS; part++) {
  test.serial(
    `driver: after every step LoxiLB holds what a fresh up writes (part ${part + 1})`,
    async (t) => {
      t.timeout(300_000);
      const seed = SEED + part * 1000;
      const report = await runSequences({
        seed,
        runs: 1,
        minSteps: STEPS_PER_PART,
        maxCommands: 40,
        world: (instances) => DriverWorld.start(instances),
      });
      t.log(
        `seeds ${seed}..${seed + report.runs - 1}: ${report.steps} steps in ${report.runs} runs, ${report.ms} ms`,
      );
      t.true(report.steps >= STEPS_PER_PART);
    },
  );
}
