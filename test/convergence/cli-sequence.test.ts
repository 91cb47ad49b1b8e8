/**
 * A slice of the convergence sequences through the real `pulumi` CLI (cli-world.ts): two short
 * runs, one with a fixed seed (`CONVERGENCE_SEED`, default below) and one with a seed drawn now and
 * printed, each checked by the oracle after every step, plus a `pulumi preview` after every
 * successful step that must show no change and write nothing. Runs where `pulumi` is on PATH
 * (`npm run peers`); `npm run soak -- --cli` runs longer sequences the same way.
 */
import test from "ava";
import { hasPulumiCli } from "../../harness/cli";
import { CliWorld } from "./cli-world";
import { ruleKeyOf, type StackModel } from "./model";
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
      t.timeout(600_000, "about 5 s a step alone, twice that inside the full suite");
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

const ONE_LISTENER: StackModel = {
  lbName: "lb",
  description: "",
  natMode: "dnat",
  adminUp: true,
  subnet: "subnet-a",
  listeners: [
    {
      name: "tcp80",
      protocol: "TCP",
      port: 80,
      adminUp: true,
      cidrs: [],
      poolProtocol: "TCP",
      lbMethod: "ROUND_ROBIN",
      poolAdminUp: true,
      monitor: null,
      batch: false,
      members: [{ name: "m1", address: "10.1.0.2", weight: 1, up: true }],
    },
  ],
};

cliTest("real CLI world: its no-op check reports a preview that would change something", async (t) => {
  t.timeout(300_000);
  const world = await CliWorld.start(1);
  t.teardown(() => world.close());
  await world.deploy(ONE_LISTENER);
  t.deepEqual(
    [...world.expectedNames().keys()],
    [ruleKeyOf("TCP", 80)],
    "the listener's rule, from the CLI's state",
  );
  t.deepEqual(
    await world.redeployProblems(ONE_LISTENER),
    [],
    "the model just deployed previews as no change",
  );
  const problems = await world.redeployProblems({ ...ONE_LISTENER, description: "changed" });
  t.is(problems.length, 1);
  t.regex(problems[0] ?? "", /^a preview after the up is not a no-op: update urn:pulumi:.*LoadBalancer::lb$/);
});
