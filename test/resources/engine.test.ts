/**
 * The quickstart program through the engine-faithful harness (the real dynamic-provider host over
 * gRPC) against the emulator: preview, up, no-op up, update, replace, refresh, destroy, with the
 * emulator's rules checked after each step, and secrets searched for everywhere they could leak.
 */
import test from "ava";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import type { EmulatorHandle } from "../../provider/emulator/types";
import { EngineHarness, EngineOperationError, type OperationResult } from "../../harness";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PROGRAM = path.join(ROOT, "dist", "examples", "quickstart", "index.js");
const TOKEN = "tok-engine-secret-7f3a";
const PASSWORD = "pw-engine-secret-91c2";

const ops = (r: OperationResult) => {
  const counts: Record<string, number> = {};
  for (const s of r.steps) counts[s.op] = (counts[s.op] ?? 0) + 1;
  return counts;
};
const writes = (e: EmulatorHandle) =>
  e.requests().filter((r) => r.method !== "GET" && r.path.includes("/config/loadbalancer"));
const endpointsOf = (e: EmulatorHandle, port: number) =>
  e
    .rules()
    .find((r) => r.serviceArguments.port === port)
    ?.endpoints?.map((x) => x.endpointIP) ?? [];

test.serial(
  "the quickstart stack goes through preview, up, no-op, update, replace, refresh and destroy",
  async (t) => {
    const emulator = await startEmulator({ token: TOKEN });
    const config: Record<string, string> = {
      "loxilb:apiEndpoints": JSON.stringify([emulator.url]),
      "loxilb:authType": "token",
      "loxilb:apiToken": TOKEN,
      "loxilb:password": PASSWORD,
      "loxilb:debugApiCalls": "true",
    };
    const secretKeys = ["loxilb:apiToken", "loxilb:password"];
    const h = await EngineHarness.start({
      projectDir: ROOT,
      project: "loxilb-quickstart",
      stack: "engine",
      config,
      secretKeys,
    });
    t.teardown(async () => {
      await h.stop();
      await emulator.close();
    });
    const step = async (name: string, run: () => Promise<OperationResult>) => {
      emulator.clearRequests();
      const r = await run();
      t.log(`${name}: ${JSON.stringify(ops(r))}, ${writes(emulator).length} LoxiLB writes`);
      return r;
    };

    const preview = await step("preview", () => h.preview(PROGRAM));
    t.deepEqual(ops(preview), { create: 13 });
    t.deepEqual(writes(emulator), [], "preview writes nothing");

    await step("up", () => h.up(PROGRAM));
    t.is(emulator.rules().length, 2);
    t.deepEqual(endpointsOf(emulator, 80), ["198.51.100.11", "198.51.100.12", "198.51.100.13"]);
    t.true(emulator.rules().every((r) => r.serviceArguments.monitor === true));
    t.true(writes(emulator).filter((w) => w.method === "POST").length <= 6, "at most 3 writes per rule");

    const noop = await step("no-op up", () => h.up(PROGRAM));
    t.deepEqual(ops(noop), { same: 13 });
    t.deepEqual(emulator.requests(), [], "an up with no change makes no API call (check and diff do no I/O)");

    h.setConfig({ ...config, "quickstart:memberCount": "4" }, secretKeys);
    const grow = await step("add a member per pool", () => h.up(PROGRAM));
    t.deepEqual(ops(grow), { same: 13, create: 2 });
    t.is(endpointsOf(emulator, 80).length, 4);
    t.is(endpointsOf(emulator, 53).length, 4);

    h.setConfig(
      { ...config, "quickstart:memberCount": "4", "quickstart:lbMethod": "LEAST_CONNECTIONS" },
      secretKeys,
    );
    const algo = await step("change the algorithm", () => h.up(PROGRAM));
    t.is(
      ops(algo)["update"],
      2,
      "only the two pools update: they write the algorithm; members are unaffected",
    );
    t.true(emulator.rules().every((r) => r.serviceArguments.sel === 4));
    t.false(writes(emulator).some((w) => w.method === "DELETE"));
    t.deepEqual(emulator.absentTimeline(), [], "no rule disappeared during the in-place updates");

    h.setConfig({ ...config, "quickstart:memberCount": "4", "quickstart:vip": "192.0.2.99" }, secretKeys);
    const moved = await step("replace the VIP", () => h.up(PROGRAM));
    t.true((ops(moved)["replace"] ?? 0) >= 1);
    t.deepEqual(
      emulator.rules().map((r) => r.serviceArguments.externalIP),
      ["192.0.2.99", "192.0.2.99"],
    );

    await fetch(
      `${emulator.url}/netlox/v1/config/loadbalancer/externalipaddress/192.0.2.99/port/80/protocol/tcp`,
      {
        method: "DELETE",
        headers: { Authorization: TOKEN },
      },
    );
    const refreshed = await step("refresh after an out-of-band delete", () => h.refresh());
    t.is(ops(refreshed)["delete"], 4, "the four web members are reported gone");
    const repaired = await step("up repairs", () => h.up(PROGRAM));
    t.is(ops(repaired)["create"], 4);
    t.is(endpointsOf(emulator, 80).length, 4);

    const exported = JSON.stringify(h.exportState());
    const providerTexts = h.state().map((s) => JSON.stringify(s.inputs["__provider"] ?? ""));
    for (const secret of [TOKEN, PASSWORD]) {
      t.false(exported.includes(secret), "not in the state");
      t.false(
        providerTexts.some((p) => p.includes(secret)),
        "not in any serialized provider",
      );
      t.false(
        h.providerLogs().some((l) => l.includes(secret)),
        "not in the provider's (debug) logs",
      );
    }
    t.true(
      h.providerLogs().some((l) => l.includes("/netlox/v1/config/loadbalancer")),
      "debug logging was on",
    );

    await step("destroy", () => h.destroy());
    t.deepEqual(emulator.rules(), []);
  },
);

test.serial(
  "check rejects what LoxiLB cannot do, naming every field, before any call to LoxiLB",
  async (t) => {
    const emulator = await startEmulator({});
    const config = { "loxilb:apiEndpoints": JSON.stringify([emulator.url]) };
    const h = await EngineHarness.start({ projectDir: ROOT, project: "invalid", stack: "engine", config });
    t.teardown(async () => {
      await h.stop();
      await emulator.close();
    });
    const program = path.join(ROOT, "dist", "test", "fixtures", "programs", "invalid-stack.js");
    // The load balancer and the listener fail their own checks. The pool's, member's and monitor's
    // problems are refused first by the listener's check (it carries the whole rule declaration), as
    // `rule.<part>` failures naming the resource that declared the value.
    const expected: Record<string, { at: RegExp; who: string; fields: string[] }> = {
      lb: { at: /^vipAddress$/, who: "", fields: ["vipAddress"] },
      listener: { at: /^(connectionLimit|protocol)$/, who: "", fields: ["connectionLimit", "protocol"] },
      pool: { at: /^rule\.pool\./, who: 'Pool "bad-pool"', fields: ["persistence.type"] },
      member: {
        at: /^rule\.members\[0\]\./,
        who: 'Member "bad-member"',
        fields: ["backup", "protocolPort", "weight"],
      },
      monitor: {
        at: /^rule\.healthMonitor\./,
        who: 'HealthMonitor "bad-monitor"',
        fields: ["maxRetries", "type"],
      },
    };
    for (const [only, { at, who, fields }] of Object.entries(expected)) {
      h.setConfig({ ...config, "invalid:only": only });
      const error = await t.throwsAsync(h.preview(program), { instanceOf: EngineOperationError });
      const failures = error.failures;
      const text = failures.map((f) => `${f.property}: ${f.reason}`).join("\n");
      t.true(failures.length > 0 && failures.every((f) => at.test(f.property)), `${only}: ${text}`);
      t.true(text.includes(who), `${only} names ${who}: ${text}`);
      for (const field of fields)
        t.regex(text, new RegExp(`(^|[ .])${field.replace(".", "\\.")}\\b`), `${only}: ${field}`);
      t.true(
        failures.every((f) => (error?.message ?? "").includes(f.reason)),
        "the message shows every reason",
      );
    }
    t.deepEqual(emulator.requests(), [], "check and diff make no API call");
  },
);

test.serial(
  "adding health monitors creates them without touching members, then recreates each rule once",
  async (t) => {
    const emulator = await startEmulator({});
    const config: Record<string, string> = {
      "loxilb:apiEndpoints": JSON.stringify([emulator.url]),
      "quickstart:monitors": "false",
    };
    const h = await EngineHarness.start({
      projectDir: ROOT,
      project: "loxilb-quickstart",
      stack: "engine",
      config,
    });
    t.teardown(async () => {
      await h.stop();
      await emulator.close();
    });
    await h.up(PROGRAM);
    t.true(emulator.rules().every((r) => r.serviceArguments.monitor !== true));
    h.setConfig({ ...config, "quickstart:monitors": "true" });
    emulator.clearRequests();
    const preview = await h.preview(PROGRAM);
    t.deepEqual(emulator.requests(), [], "preview makes no API call");
    const members = preview.steps.filter((s) => s.type.endsWith(":Member"));
    t.is(members.length, 6);
    t.true(
      members.every((m) => m.op === "same"),
      "the monitors write their rules; members are not touched",
    );
    const monitors = preview.steps.filter((s) => s.type.endsWith(":HealthMonitor"));
    t.deepEqual(
      monitors.map((m) => m.op),
      ["create", "create"],
    );
    await h.up(PROGRAM);
    t.true(emulator.rules().every((r) => r.serviceArguments.monitor === true));
    t.is(emulator.requests().filter((r) => r.method === "DELETE").length, 2, "one recreate per rule");
  },
);
