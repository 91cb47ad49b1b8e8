/**
 * The harness checked against the real engine: the same scenarios run through the engine harness
 * and through the real `pulumi` CLI (with `PULUMI_DEBUG_GRPC` on), and the provider calls (every
 * engine → dynamic-provider call with its request and response, per resource in call order) and the
 * checkpoint after every operation must be equal once generated values are named consistently
 * (test/harness/compare/normalize.ts) and the documented differences that stay are taken out
 * (test/harness/compare/allowlist.ts). Runs where `pulumi` is on PATH (`npm run peers`).
 */
import test from "ava";
import * as path from "path";
import { STACK_PROGRAM as STACK_PROGRAM_PATH, type StackSpec } from "../../harness/programs";
import { hasPulumiCli, pulumiCliVersion } from "../../harness";
import { ALLOWED } from "./compare/allowlist";
import { compareRuns, type EngineRun } from "./compare/compare";
import type { OperationRecord } from "./compare/engines";
import { runScenario, type Scenario } from "./compare/scenario";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const hasCli = hasPulumiCli();
const cliTest = hasCli ? test.serial : test.skip;
if (!hasCli) console.log("harness-vs-cli: skipped, the `pulumi` CLI is not on PATH (`npm run peers`)");

const deleteWebRule = async (emulators: readonly { url: string }[]) => {
  const url = `${emulators[0]!.url}/netlox/v1/config/loadbalancer/externalipaddress/192.0.2.10/port/80/protocol/tcp`;
  const res = await fetch(url, { method: "DELETE" });
  if (res.status !== 200) throw new Error(`out-of-band DELETE answered ${res.status}`);
};

const QUICKSTART: Scenario = {
  name: "quickstart",
  project: "loxilb-quickstart",
  programPath: path.join(ROOT, "dist", "examples", "quickstart", "index.js"),
  emulators: 1,
  config: (urls) => ({ "loxilb:apiEndpoints": JSON.stringify(urls) }),
  secrets: { "loxilb:apiToken": "compare-token" },
  steps: [
    { label: "preview of a new stack", op: "preview" },
    { label: "up", op: "up" },
    { label: "no-op preview", op: "preview" },
    { label: "memberCount 3 → 4", op: "up", config: { "quickstart:memberCount": "4" } },
    { label: "refresh after the web rule was deleted out of band", op: "refresh", before: deleteWebRule },
    { label: "up repairs", op: "up" },
    { label: "destroy", op: "destroy" },
  ],
};

type Change = {
  weight: number;
  lbMethod: StackSpec["lbs"][number]["listeners"][number]["pool"]["lbMethod"];
  port: number;
};

const spec =
  (c: Change) =>
  (urls: readonly string[]): StackSpec => ({
    endpoints: urls,
    lbs: [
      {
        name: "edge",
        vip: "192.0.2.30",
        listeners: [
          {
            name: "web",
            protocol: "TCP",
            port: c.port,
            pool: {
              protocol: "TCP",
              lbMethod: c.lbMethod,
              monitor: { type: "TCP", delay: 5, maxRetriesDown: 2 },
              members: [
                { address: "10.0.0.1", port: 8080, weight: 1 },
                { address: "10.0.0.2", port: 8080, weight: c.weight },
              ],
            },
          },
          {
            name: "dns",
            protocol: "UDP",
            port: 53,
            pool: {
              protocol: "UDP",
              lbMethod: "SOURCE_IP",
              batch: true,
              members: [
                { address: "10.0.1.1", port: 5353 },
                { address: "10.0.1.2", port: 5353, weight: 3 },
              ],
            },
          },
        ],
      },
    ],
  });

const STACK_PROGRAM: Scenario = {
  name: "stack-program",
  project: "loxilb-stack",
  programPath: STACK_PROGRAM_PATH,
  emulators: 1,
  config: () => ({}),
  secrets: {},
  steps: [
    { label: "up", op: "up", args: spec({ weight: 2, lbMethod: "ROUND_ROBIN", port: 80 }) },
    { label: "no-op preview", op: "preview", args: spec({ weight: 2, lbMethod: "ROUND_ROBIN", port: 80 }) },
    {
      label: "weight 2 → 5 and lbMethod → LEAST_CONNECTIONS",
      op: "up",
      args: spec({ weight: 5, lbMethod: "LEAST_CONNECTIONS", port: 80 }),
    },
    {
      label: "preview of a replacement (listener port, ForceNew)",
      op: "preview",
      args: spec({ weight: 5, lbMethod: "LEAST_CONNECTIONS", port: 8080 }),
    },
    {
      label: "listener port 80 → 8080 (delete-before-replace and its cascade)",
      op: "up",
      args: spec({ weight: 5, lbMethod: "LEAST_CONNECTIONS", port: 8080 }),
    },
    { label: "destroy", op: "destroy" },
  ],
};

/** A stack whose one resource named by `invalid:only` fails its check (`none`: every resource is valid). */
const INVALID: Scenario = {
  name: "check failures",
  project: "invalid",
  programPath: path.join(ROOT, "dist", "test", "fixtures", "programs", "invalid-stack.js"),
  emulators: 1,
  config: (urls) => ({ "loxilb:apiEndpoints": JSON.stringify(urls), "invalid:only": "lb" }),
  secrets: {},
  steps: [
    { label: "up of a load balancer that fails its check (nothing created)", op: "up" },
    { label: "up of a valid stack", op: "up", config: { "invalid:only": "none" } },
    {
      label: "up where the member's values fail the listener's check",
      op: "up",
      config: { "invalid:only": "member" },
    },
    { label: "destroy", op: "destroy" },
  ],
};

/** The steps of a scenario meant to fail. */
const FAILING = new Set([INVALID.steps[0]!.label, INVALID.steps[2]!.label]);

const failedSteps = (run: EngineRun) =>
  run.steps.flatMap((s: { label: string; record: OperationRecord }) =>
    s.record.error === undefined ? [] : [s.label],
  );

const allowedSeen: Record<string, number> = {};

for (const scenario of [QUICKSTART, STACK_PROGRAM, INVALID]) {
  cliTest(
    `${scenario.name}: the harness makes the real engine's provider calls and leaves its state`,
    async (t) => {
      t.timeout(
        600_000,
        "two engines run the scenario (about 2.5 minutes for the quickstart inside the full suite)",
      );
      const harness = await runScenario("harness", scenario, ROOT);
      const cli = await runScenario("cli", scenario, ROOT);
      const meantToFail = scenario.steps.map((s) => s.label).filter((l) => FAILING.has(l));
      t.deepEqual(failedSteps(harness), meantToFail, "the harness fails exactly the steps meant to fail");
      t.deepEqual(failedSteps(cli), meantToFail, "the CLI fails exactly the steps meant to fail");
      const result = compareRuns(harness, cli);
      for (const [name, n] of Object.entries(result.allowed))
        allowedSeen[name] = (allowedSeen[name] ?? 0) + n;
      t.log(`${pulumiCliVersion() ?? "?"}; harness ${harness.ms} ms, CLI ${cli.ms} ms`);
      t.log(`provider calls compared: ${JSON.stringify(result.calls)}`);
      t.log(`allowed differences applied: ${JSON.stringify(result.allowed)}`);
      t.deepEqual(result.differences, [], "no difference outside the allowlist");
      for (const m of ["Check", "Create", "Configure"])
        t.true((result.calls[m] ?? 0) > 0, `${m} calls compared`);
    },
  );
}

cliTest("every allowed difference is still needed by some scenario", (t) => {
  t.deepEqual(
    ALLOWED.map((a) => a.name).filter((name) => (allowedSeen[name] ?? 0) === 0),
    [],
    "an allowlist entry no scenario needs must go",
  );
});
