/**
 * `Members` (a pool's whole membership as one resource) through the engine-faithful harness against
 * the emulator: one rule write per create, update and delete whatever the engine's parallelism, no
 * downtime on change, drift repaired after a refresh, check failures that name the list index, and
 * a pool that refuses both `Member` and `Members`.
 */
import test from "ava";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import type { EmulatorHandle } from "../../provider/emulator/types";
import { EngineHarness, EngineOperationError, type OperationResult } from "../../harness";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PROGRAM = path.join(ROOT, "dist", "test", "fixtures", "programs", "members-program.js");

const ops = (r: OperationResult) => {
  const counts: Record<string, number> = {};
  for (const s of r.steps) counts[s.op] = (counts[s.op] ?? 0) + 1;
  return counts;
};
const ruleWrites = (e: EmulatorHandle) =>
  e.requests().filter((r) => r.method !== "GET" && r.path.includes("/config/loadbalancer"));
const endpoints = (e: EmulatorHandle) =>
  (e.rules()[0]?.endpoints ?? []).map((x) => `${x.endpointIP}:${x.targetPort}/${x.weight}`).sort();

async function setup(t: import("ava").ExecutionContext, parallel?: number) {
  const emulator = await startEmulator({});
  const base = { "loxilb:apiEndpoints": JSON.stringify([emulator.url]) };
  const h = await EngineHarness.start({
    projectDir: ROOT,
    project: "members",
    stack: "test",
    config: base,
    ...(parallel !== undefined ? { parallel } : {}),
  });
  t.teardown(async () => {
    await h.stop();
    await emulator.close();
  });
  const configure = (extra: Record<string, string>) => h.setConfig({ ...base, ...extra }, []);
  return { emulator, h, configure };
}

test.serial("Members writes a pool of 32 in one POST, changes it in one POST, and deletes it", async (t) => {
  const { emulator, h, configure } = await setup(t, 2);
  configure({ "members:count": "32" });

  emulator.clearRequests();
  const preview = await h.preview(PROGRAM);
  t.deepEqual(ops(preview), { create: 5 });
  t.deepEqual(ruleWrites(emulator), []);

  const up = await h.up(PROGRAM);
  t.deepEqual(ops(up), { create: 5 });
  t.is(emulator.rules().length, 1);
  t.is(endpoints(emulator).length, 32);
  t.true(emulator.rules()[0]?.serviceArguments.monitor);
  t.deepEqual(
    ruleWrites(emulator).map((w) => w.method),
    ["POST"],
    "32 members with --parallel 2: one rule write",
  );
  t.is((up.outputs["operatingStatus"] as string) ?? "", "ONLINE");
  t.is((up.outputs["memberStatuses"] as unknown[]).length, 32);

  emulator.clearRequests();
  const noop = await h.up(PROGRAM);
  t.deepEqual(ops(noop), { same: 5 });
  t.deepEqual(emulator.requests(), []);

  // 33 declared with #3 and #4 left out: two removals, #32 added, #0 reweighted.
  configure({ "members:count": "33", "members:skip": "[3, 4]", "members:weightOf": '{"0": 5}' });
  emulator.clearRequests();
  const change = await h.up(PROGRAM);
  t.deepEqual(ops(change), { same: 4, update: 1 });
  t.deepEqual(
    ruleWrites(emulator).map((w) => w.method),
    ["POST"],
    "two removals, one addition and a weight change: one in-place write",
  );
  const now = endpoints(emulator);
  t.is(now.length, 31);
  t.false(now.some((e) => e.startsWith("10.9.0.4:") || e.startsWith("10.9.0.5:")));
  t.true(now.some((e) => e.startsWith("10.9.0.33:")));
  // 31 enabled members are more than loxilb's 16 weighted slots: #0's weight 5 cannot be held.
  t.true(now.includes("10.9.0.1:8080/1"), "LoxiLB holds weight 1 for #0");
  t.regex(
    change.programLogs.join("\n"),
    /Pool "web": members' weight: LoxiLB's weighted round robin has 16 slots/,
  );
  t.is((h.state().find((s) => s.type.endsWith(":Members"))?.outputs["loxilbWeights"] as number[])[0], 1);

  // With 8 members left, the weight is held: #0 gets 8 of the 16 slots (weights 5:1:…:1).
  configure({ "members:count": "8", "members:weightOf": '{"0": 5}' });
  emulator.clearRequests();
  await h.up(PROGRAM);
  t.true(endpoints(emulator).includes("10.9.0.1:8080/50"), endpoints(emulator).join(" "));
  t.is(emulator.rules()[0]?.serviceArguments.sel, 2);
  t.deepEqual(emulator.absentTimeline(), [], "the rule never went away");

  emulator.clearRequests();
  await h.destroy();
  t.deepEqual(emulator.rules(), []);
});

test.serial(
  "a refresh records endpoints removed outside Pulumi and the next up puts them back",
  async (t) => {
    const { emulator, h, configure } = await setup(t);
    configure({ "members:count": "6" });
    await h.up(PROGRAM);
    const rule = emulator.rules()[0];
    t.truthy(rule);
    // Someone removes two endpoints with a re-POST of the rule.
    const trimmed = { ...rule, endpoints: (rule?.endpoints ?? []).slice(2) };
    const res = await fetch(`${emulator.url}/netlox/v1/config/loadbalancer`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(trimmed),
    });
    t.is(res.status, 200);
    t.is(endpoints(emulator).length, 4);

    const refreshed = await h.refresh();
    t.deepEqual(ops(refreshed)["delete"] ?? 0, 0, "Members stays: four of its six endpoints exist");
    const state = h.state().find((s) => s.type.endsWith(":Members"));
    t.is((state?.inputs["members"] as unknown[]).length, 4, "the refreshed inputs list what exists");

    emulator.clearRequests();
    const repaired = await h.up(PROGRAM);
    t.deepEqual(ops(repaired)["update"], 1);
    t.is(endpoints(emulator).length, 6);
    t.is(ruleWrites(emulator).length, 1);
  },
);

test.serial("the pool's admin state reaches Members' status through up and refresh", async (t) => {
  const { emulator, h, configure } = await setup(t);
  configure({ "members:count": "3" });
  const status = () => h.state().find((s) => s.type.endsWith(":Members"))?.outputs["operatingStatus"];
  await h.up(PROGRAM);
  t.is(status(), "ONLINE");

  configure({ "members:count": "3", "members:poolUp": "false" });
  await h.up(PROGRAM);
  t.deepEqual(emulator.rules(), [], "a pool taken down takes its rule out of LoxiLB");
  t.is(status(), "OFFLINE", "after the up that took the pool down");
  await h.refresh();
  t.is(status(), "OFFLINE", "and after a refresh");

  configure({ "members:count": "3", "members:poolUp": "true" });
  await h.up(PROGRAM);
  t.is(endpoints(emulator).length, 3);
  await h.refresh();
  t.is(status(), "ONLINE", "back up after the pool is");
});

test.serial(
  "an invalid entry fails the up naming the Members resource, its index and value, and nothing is written",
  async (t) => {
    const { emulator, h, configure } = await setup(t);
    configure({ "members:count": "3", "members:bad": "true" });
    emulator.clearRequests();
    const e = await t.throwsAsync(h.up(PROGRAM), { instanceOf: EngineOperationError });
    t.regex(
      e?.message ?? "",
      /Members "web"\[1\]: address = "10\.9\.0\.300": must be an IPv4 or IPv6 address/,
    );
    t.true(
      e.failures.some((f) => f.property === "rule.members[1].address"),
      "a check failure (before any write), pointing into the declaration",
    );
    t.deepEqual(ruleWrites(emulator), []);
    t.deepEqual(emulator.rules(), []);
  },
);

test.serial("a pool refuses Member resources next to a Members resource", async (t) => {
  const { emulator, h, configure } = await setup(t);
  configure({ "members:mix": "true" });
  const e = await t.throwsAsync(h.up(PROGRAM), { instanceOf: EngineOperationError });
  t.regex(e?.message ?? "", /Member "extra": the members of this pool are already declared by Members "web"/);
  t.deepEqual(ruleWrites(emulator), [], "the Members declared first never reached LoxiLB");
  t.deepEqual(emulator.rules(), []);
});
