/**
 * One short batch of the driver's convergence sequences against loxilb-peer (loxilb v0.9.8's own
 * REST server and rule manager, v0.9.8's HTTP 200 error answers included) instead of the emulator:
 * one instance, at least 40 checked steps. Runs when `.peers/bin/loxilb-peer` exists (`npm run
 * peers`); otherwise skipped with a message. The oracle compares what the peer lists with a fresh up
 * on the emulator (GET view; the peer shows no hidden fields).
 */
import test from "ava";
import { peerBuilt } from "../../conformance/targets";
import { PeerSet } from "./peer-instances";
import { runSequences, seedFromEnv } from "./sequence";
import { DriverWorld } from "./world";

const SEED = seedFromEnv(20_261_207);
const STEPS = 40;
const hasPeer = peerBuilt();
if (!hasPeer) {
  console.log(
    "convergence on loxilb-peer: skipped, .peers/bin/loxilb-peer is missing (`npm run peers` builds it)",
  );
}

(hasPeer ? test.serial : test.skip)(
  "driver on loxilb-peer: after every step loxilb v0.9.8 holds what a fresh up writes",
  async (t) => {
    t.timeout(600_000);
    const report = await runSequences({
      seed: SEED,
      runs: 1,
      minSteps: STEPS,
      maxCommands: 20,
      instances: [1],
      world: (instances) => DriverWorld.start(instances, "peer"),
    });
    t.log(
      `seeds ${SEED}..${SEED + report.runs - 1}: ${report.steps} steps in ${report.runs} runs, ${report.ms} ms`,
    );
    const legacy = [...PeerSet.legacyErrorTally].map(([e, n]) => `${n}x ${e}`).join(", ");
    t.log(`handler errors answered as HTTP 200 {"result"} (v0.9.8): ${legacy === "" ? "none" : legacy}`);
    t.true(report.steps >= STEPS);
  },
);
