/**
 * One listener's rule declaration is composed in one place (`program/rule-composition.ts`): its pool,
 * monitor and members add their parts directly, in any order. A second pool or a second monitor
 * fails the program naming the resource, and nothing of that rule reaches LoxiLB. A part declared
 * after the declaration was finalized (after an await) fails the program naming the resource and
 * what to move; the rule then holds what was declared in time.
 */
import test from "ava";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import { EngineHarness } from "../../harness";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PROGRAM = path.join(__dirname, "..", "fixtures", "programs", "rule-parts.js");

test("misplaced parts of a rule fail the program naming the resource and what to change", async (t) => {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  const config = { "loxilb:apiEndpoints": JSON.stringify([e.url]) };
  const h = await EngineHarness.start({
    projectDir: ROOT,
    project: "parts",
    stack: "s",
    config,
    programTimeoutMs: 30_000,
  });
  t.teardown(() => h.stop());
  for (const [variant, message] of [
    [
      "late-member",
      /Member "web-2" was declared after the rule of Listener "web" was finalized\. Declare the listener's pool, its health monitor and its members in the same synchronous block/,
    ],
    ["second-pool", /Pool "other": the listener already has a pool \(Pool "web"\)/],
    ["second-monitor", /HealthMonitor "other": the pool already has a health monitor \(Octavia allows one\)/],
  ] as const) {
    h.setConfig({ ...config, "parts:variant": variant });
    const error = await t.throwsAsync(h.up(PROGRAM));
    t.regex(error?.message ?? "", message, variant);
    if (variant === "late-member") {
      // The declaration was final before the member came: the rule holds what was declared in time.
      t.deepEqual(
        e.rules()[0]?.endpoints.map((x) => x.endpointIP),
        ["10.6.0.1"],
        variant,
      );
      await h.destroy();
    }
    t.deepEqual(e.rules(), [], `${variant}: no rule left`);
  }
  h.setConfig({ ...config, "parts:variant": "ok" });
  await h.up(PROGRAM);
  const rule = e.rules()[0];
  t.deepEqual(rule?.endpoints.map((x) => x.endpointIP).sort(), ["10.6.0.1", "10.6.0.2"]);
  t.true(rule?.serviceArguments.monitor, "the monitor declared between the members is in the rule");
});
