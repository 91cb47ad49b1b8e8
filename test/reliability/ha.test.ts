/**
 * Reliability: the quickstart stack through the engine-faithful harness against two emulators:
 * failover with one endpoint down, and `replication: all` with one HA instance failing, then repaired.
 */
import test, { type ExecutionContext } from "ava";
import { startEmulator } from "../../provider/emulator";
import type { EmulatorHandle } from "../../provider/emulator/types";
import { EngineHarness } from "../../harness";
import { QUICKSTART, ROOT, liveRules, quickstartDesired, stateProblems } from "../helpers/reliability-kit";

async function twoEmulators(t: {
  teardown(fn: () => Promise<void>): void;
}): Promise<[EmulatorHandle, EmulatorHandle]> {
  const a = await startEmulator({});
  const b = await startEmulator({});
  t.teardown(async () => {
    a.faults.clear();
    b.faults.clear();
    await a.close();
    await b.close();
  });
  return [a, b];
}

const membersIn = (h: EngineHarness) => h.state().filter((s) => s.type.endsWith(":Member")).length;

test.serial("failover: with the first of two endpoints down, the up succeeds on the second", async (t) => {
  const [a, b] = await twoEmulators(t);
  const config = {
    "loxilb:apiEndpoints": JSON.stringify([a.url, b.url]),
    "loxilb:apiRetryInterval": "0.05",
  };
  const h = await EngineHarness.start({ projectDir: ROOT, project: "rel-failover", stack: "ha", config });
  t.teardown(() => h.stop());
  await a.faults.down();
  await h.up(QUICKSTART);
  t.deepEqual(liveRules(b), quickstartDesired(3));
  t.deepEqual(a.rules(), [], "nothing reached the endpoint that was down");
  t.is(membersIn(h), 6);
  t.deepEqual(stateProblems(h.state(), b), []);
  await a.faults.up();
});

const replicationConfig = (a: EmulatorHandle, b: EmulatorHandle) => ({
  "loxilb:apiEndpoints": JSON.stringify([a.url, b.url]),
  "loxilb:replication": "all",
  "loxilb:apiRetries": "1",
  "loxilb:apiRetryInterval": "0.05",
});

/** Up with instance b answering every POST with 500; returns the harness and the error. */
async function upWithBrokenB(t: ExecutionContext, a: EmulatorHandle, b: EmulatorHandle) {
  const h = await EngineHarness.start({
    projectDir: ROOT,
    project: "rel-replication",
    stack: "ha",
    config: replicationConfig(a, b),
  });
  t.teardown(() => h.stop());
  b.faults.failNext({ method: "POST" }, { status: 500, count: 100, body: "instance b is broken" });
  const error = await t.throwsAsync(h.up(QUICKSTART));
  b.faults.clear();
  return { h, message: error?.message ?? "" };
}

test.serial("replication all: a failing HA instance fails the up, and the error names it", async (t) => {
  const [a, b] = await twoEmulators(t);
  const { h, message } = await upWithBrokenB(t, a, b);
  t.true(message.includes(new URL(b.url).host), `the error names b: ${message.slice(0, 300)}`);
  t.regex(message, /replication failed on 1 of 2/);
  t.regex(message, /500/);
  t.deepEqual(liveRules(b), {}, "b holds nothing");
  t.is(membersIn(h), 0, "no member is recorded as created");
});

/** Two emulators with `replication: "all"` and the quickstart up on both. */
async function replicatedStack(t: ExecutionContext, stack: string) {
  const [a, b] = await twoEmulators(t);
  const config = replicationConfig(a, b);
  const h = await EngineHarness.start({ projectDir: ROOT, project: "rel-replication", stack, config });
  t.teardown(() => h.stop());
  await h.up(QUICKSTART);
  return { a, b, config, h };
}

// The writer reads, plans and writes every instance from its own live rule. Here the failed create
// was not recorded, so the next up creates again; an instance that lost rules while every operation
// was recorded is repaired by refresh + up (see the test at the end of this file).
test.serial(
  "replication all: after the fault is cleared, the next up repairs the failed instance",
  async (t) => {
    const [a, b] = await twoEmulators(t);
    const { h } = await upWithBrokenB(t, a, b);
    await h.up(QUICKSTART);
    t.is(membersIn(h), 6);
    t.deepEqual(liveRules(a), quickstartDesired(3));
    t.deepEqual(liveRules(b), liveRules(a), "both instances hold identical rules");
    t.deepEqual(stateProblems(h.state(), b), []);
  },
);

// Instance b missed the change while down; a already holds it, and the next up still reaches b.
test.serial(
  "replication all: a change while one instance is down fails; the next up converges both",
  async (t) => {
    const { a, b, config, h } = await replicatedStack(t, "ha2");
    t.deepEqual(liveRules(b), liveRules(a));
    h.setConfig({ ...config, "quickstart:memberCount": "4" }, []);
    await b.faults.down();
    const error = await t.throwsAsync(h.up(QUICKSTART));
    t.true((error?.message ?? "").includes(new URL(b.url).host), "the error names the instance that is down");
    await b.faults.up();
    await h.up(QUICKSTART);
    t.deepEqual(liveRules(a), quickstartDesired(4));
    t.deepEqual(liveRules(b), quickstartDesired(4));
    t.deepEqual(stateProblems(h.state(), a), []);
    t.deepEqual(stateProblems(h.state(), b), []);
  },
);

test.serial(
  "replication all: an instance that lost its rules while the state says all is done is repaired by refresh + up",
  async (t) => {
    const { a, b, h } = await replicatedStack(t, "ha3");
    t.is(membersIn(h), 6, "every create recorded");
    await fetch(`${b.url}/netlox/v1/config/loadbalancer/all`, { method: "DELETE" });
    const plainUp = await h.up(QUICKSTART);
    t.true(
      plainUp.steps.every((s) => s.op === "same"),
      "without a refresh the engine sees no change (diff does no I/O)",
    );
    await h.refresh();
    const preview = await h.preview(QUICKSTART);
    t.true(
      preview.steps.some((s) => s.op === "create" || s.op === "update"),
      "the refresh recorded the loss",
    );
    await h.up(QUICKSTART);
    t.deepEqual(liveRules(b), liveRules(a));
    t.deepEqual(liveRules(b), quickstartDesired(3));
  },
);
