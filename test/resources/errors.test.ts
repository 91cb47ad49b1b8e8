/**
 * Bad input during `up` is blamed on the resource that declared it, with the field and the value,
 * before anything reaches LoxiLB (found on c4cecf7: a sibling was blamed, as "(new)", without the value).
 */
import test from "ava";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import { EngineHarness, EngineOperationError } from "../../harness";
import { STACK_PROGRAM as PROGRAM, type MemberSpec, type StackSpec } from "../../harness/programs";

const ROOT = path.resolve(__dirname, "..", "..", "..");

const stackWith = (url: string, members: MemberSpec[]): StackSpec => ({
  endpoints: [url],
  lbs: [
    {
      name: "lb",
      vip: "192.0.2.91",
      listeners: [
        {
          name: "web",
          protocol: "TCP",
          port: 80,
          pool: { protocol: "TCP", lbMethod: "ROUND_ROBIN", members },
        },
      ],
    },
  ],
});

for (const [field, bad, value] of [
  ["address", { address: "10.3.0.300", port: 8080 }, /address = "10\.3\.0\.300"/],
  ["weight", { address: "10.3.0.3", port: 8080, weight: 300 }, /weight = 300/],
] as const) {
  test(`an invalid member ${field} fails the up naming that member and its value, and nothing is written`, async (t) => {
    const e = await startEmulator({});
    t.teardown(() => e.close());
    const h = await EngineHarness.start({ projectDir: ROOT, project: "errors", stack: field, config: {} });
    t.teardown(() => h.stop());
    const members = [{ address: "10.3.0.1", port: 8080 }, { address: "10.3.0.2", port: 8080 }, bad];
    const error = await t.throwsAsync(h.up(PROGRAM, stackWith(e.url, members)), {
      instanceOf: EngineOperationError,
    });
    const who = `Member "web-${bad.address}-8080"`.replace(/[.]/g, "\\.");
    t.regex(error?.message ?? "", new RegExp(`${who}: ${value.source}`));
    t.false(/web-10\.3\.0\.1-8080|\(new\)/.test(error?.message ?? ""), "no sibling and no '(new)' is blamed");
    t.true(error.failures.some((f) => f.property === `rule.members[2].${field}`));
    t.deepEqual(
      e.requests().filter((r) => r.method !== "GET"),
      [],
    );
  });
}

test("NaN and Infinity reach check through the harness and are refused naming the field", async (t) => {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  const h = await EngineHarness.start({ projectDir: ROOT, project: "errors", stack: "nan", config: {} });
  t.teardown(() => h.stop());
  const members = [
    { address: "10.3.0.1", port: 8080, weight: Number.NaN },
    { address: "10.3.0.2", port: Infinity },
  ];
  const error = await t.throwsAsync(h.up(PROGRAM, stackWith(e.url, members)), {
    instanceOf: EngineOperationError,
  });
  const text = error.failures.map((f) => `${f.property}: ${f.reason}`).join("\n");
  t.regex(text, /members\[0\]\.weight/);
  t.regex(text, /weight = "NaN": must be an integer/);
  t.regex(text, /protocolPort = "Infinity": must be an integer/);
  t.deepEqual(
    e.requests().filter((r) => r.method !== "GET"),
    [],
  );
});

test("an operation error of an unnamed resource names it in LoxiLB terms, never '(new)'", async (t) => {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  const config = { "loxilb:apiRetries": "0" };
  const h = await EngineHarness.start({ projectDir: ROOT, project: "errors", stack: "label", config });
  t.teardown(() => h.stop());
  e.faults.failNext({ method: "POST" }, { status: 500, count: 100, body: "broken" });
  const error = await t.throwsAsync(h.up(PROGRAM, stackWith(e.url, [{ address: "10.3.0.1", port: 8080 }])));
  t.regex(
    error?.message ?? "",
    /create Listener tcp:192\.0\.2\.91:80: POST http:\/\/127\.0\.0\.1:\d+\/netlox\/v1\/config\/loadbalancer -> 500/,
  );
  t.false((error?.message ?? "").includes("(new)"));
});
