/**
 * Convergence sequences through the engine-faithful harness: the compiled program.ts in a program
 * process, the real dynamic-provider host over gRPC with a new host for every operation. Five parts
 * of at least 10 checked steps. Seeded by `CONVERGENCE_SEED`; a failure prints fast-check's seed,
 * the shrunk sequence and the failing run's steps. Also checks that the driver's fresh up, the
 * oracle's reference, writes what a fresh up through the harness writes.
 */
import test from "ava";
import fc from "fast-check";
import { stackArb } from "./arbitraries";
import { HarnessWorld } from "./harness-world";
import { freshRules } from "./oracle";
import { runSequences, seedFromEnv } from "./sequence";

const SEED = seedFromEnv(20_261_206);
const PARTS = 5;
const STEPS_PER_PART = 10;

test.serial("harness: a fresh up writes the rules the driver's fresh up (the oracle) writes", async (t) => {
  t.timeout(300_000);
  await fc.assert(
    fc.asyncProperty(stackArb, async (stack) => {
      const world = await HarnessWorld.start(1);
      try {
        await world.deploy(stack);
        const [have, want] = [await world.emus.held(0), await freshRules(stack)];
        const strip = (rules: typeof have) =>
          JSON.stringify(rules.map(({ key, view, hidden }) => ({ key, view, hidden })));
        if (strip(have) !== strip(want)) throw new Error(`harness ${strip(have)}\ndriver  ${strip(want)}`);
      } finally {
        await world.close();
      }
    }),
    { seed: SEED, numRuns: 3, includeErrorInReport: true },
  );
  t.pass();
});

for (let part = 0; part < PARTS; part++) {
  test.serial(
    `harness: after every step LoxiLB holds what a fresh up writes (part ${part + 1})`,
    async (t) => {
      t.timeout(600_000);
      const seed = SEED + part * 1000;
      const report = await runSequences({
        seed,
        runs: 1,
        minSteps: STEPS_PER_PART,
        maxCommands: 10,
        world: (instances) => HarnessWorld.start(instances),
      });
      t.log(
        `seeds ${seed}..${seed + report.runs - 1}: ${report.steps} steps in ${report.runs} runs, ${report.ms} ms`,
      );
      t.true(report.steps >= STEPS_PER_PART);
    },
  );
}
