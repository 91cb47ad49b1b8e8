/**
 * A missing LoxiLB connection fails early: `preview` names the setting before `up` records anything,
 * and a resource that never wrote to LoxiLB (the load balancer) is destroyable without one.
 */
import test from "ava";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import { EngineHarness } from "../../harness";
import { STACK_PROGRAM as PROGRAM, type StackSpec } from "../../harness/programs";

const ROOT = path.resolve(__dirname, "..", "..", "..");

const spec: StackSpec = {
  endpoints: [],
  lbs: [
    {
      name: "lb",
      vip: "192.0.2.90",
      listeners: [
        {
          name: "web",
          protocol: "TCP",
          port: 80,
          pool: { protocol: "TCP", lbMethod: "ROUND_ROBIN", members: [{ address: "10.2.0.1", port: 80 }] },
        },
      ],
    },
  ],
};

test("without loxilb:apiEndpoints, preview fails naming the setting and up records nothing", async (t) => {
  const h = await EngineHarness.start({ projectDir: ROOT, project: "conn", stack: "none", config: {} });
  t.teardown(() => h.stop());
  const preview = await t.throwsAsync(h.preview(PROGRAM, spec));
  t.regex(
    preview?.message ?? "",
    /no LoxiLB endpoint configured \(set apiEndpoints, stack config loxilb:apiEndpoints/,
  );
  await t.throwsAsync(h.up(PROGRAM, spec));
  t.deepEqual(
    h.state().filter((s) => s.type.includes("loxilb")),
    [],
    "nothing was recorded",
  );
});

test("a load balancer recorded with a connection is destroyable after the connection is gone", async (t) => {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  const config = { "loxilb:apiEndpoints": JSON.stringify([e.url]) };
  const h = await EngineHarness.start({ projectDir: ROOT, project: "conn", stack: "gone", config });
  t.teardown(() => h.stop());
  await h.up(PROGRAM, { ...spec, lbs: [{ ...spec.lbs[0]!, listeners: [] }] });
  t.is(h.state().filter((s) => s.type.endsWith(":LoadBalancer")).length, 1);
  h.setConfig({});
  await h.destroy();
  t.deepEqual(
    h.state().filter((s) => s.type.includes("loxilb")),
    [],
  );
});
