/**
 * Upgrading: a stack that the previous release of pulumi-loxilb created (commit c4cecf7, recorded by
 * test/fixtures/upgrade/record.sh through the real CLI: its `pulumi stack export` and the rules it
 * left in LoxiLB), run with this release. The upgrade must be in place (no replacement, no rule
 * deleted on the way), converge on what the program declares, and leave every resource on this
 * release's providerVersion.
 */
import * as fs from "fs";
import * as path from "path";
import { CliStack } from "../../harness";
import type { LoxilbEmulator } from "../../provider/emulator";
import { PROVIDER_VERSION } from "../../provider/contracts/kinds";
import { diffOutline, e2e, emulators, exampleProgram, ROOT, ruleKeys, writes } from "./kit";

const FIXTURE = path.join(ROOT, "test", "fixtures", "upgrade", "c4cecf7");
/** record.js writes this in place of the recording emulator's URL. */
const RECORDED_URL = "http://127.0.0.1:0";

interface RecordedRule {
  readonly serviceArguments: { readonly name?: string };
  readonly endpoints?: Array<Record<string, unknown>> | null;
  readonly [key: string]: unknown;
}

e2e("upgrade: a stack of the previous release updates in place and converges", async (t) => {
  t.timeout(300_000);
  const [emulator, fresh] = await emulators(t, 2);
  const recorded = JSON.parse(fs.readFileSync(path.join(FIXTURE, "rules.json"), "utf8")) as {
    lbAttr: RecordedRule[];
  };
  // LoxiLB as the previous release left it (GET's per-endpoint counters and state are not inputs).
  for (const rule of recorded.lbAttr) {
    const body = {
      ...rule,
      endpoints: rule.endpoints?.map(({ counter: _c, state: _s, ...e }) => e) ?? null,
    };
    const r = await fetch(`${emulator!.url}/netlox/v1/config/loadbalancer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    t.is(r.status, 200, await r.text());
  }
  const exported = fs
    .readFileSync(path.join(FIXTURE, "state.json"), "utf8")
    .split(RECORDED_URL)
    .join(emulator!.url);
  const cli = await CliStack.open({
    root: ROOT,
    project: "loxilb-quickstart",
    stack: "upgrade",
    programPath: exampleProgram("quickstart"),
    config: { "loxilb:apiEndpoints": JSON.stringify([emulator!.url]) },
  });
  t.teardown(() => cli.close());
  await cli.importState(JSON.parse(exported) as { version: number; deployment: unknown });
  const seeded = writes(emulator!).length;

  const preview = await cli.previewDiff();
  // What a reviewer sees: every resource moves to this release's providerVersion and gains the rule
  // declaration (a transient input, design.md §6) and the LoxiLB-side values it now computes; a
  // member's copies of its pool's monitor and members (how the previous release wrote a rule) go.
  const version = `~ providerVersion: "0.1.0+4e8bd5a9864e" => "${PROVIDER_VERSION}"`;
  const member = (name: string) => [
    `~ Member ${name} (update)`,
    "  - healthMonitor",
    "  + loxilbWeight: 1",
    "  - members",
    `  ${version}`,
    "  + rule",
  ];
  const plain = (kind: string, name: string) => [`~ ${kind} ${name} (update)`, `  ${version}`, "  + rule"];
  const pool = (name: string) => [
    `~ Pool ${name} (update)`,
    '  + loxilbAlgorithm: "rr"',
    `  ${version}`,
    "  + rule",
  ];
  t.deepEqual(diffOutline(preview.stdout), [
    ...plain("HealthMonitor", "dns-monitor"),
    ...plain("HealthMonitor", "web-monitor"),
    ...plain("Listener", "dns-listener"),
    ...plain("Listener", "web-listener"),
    "~ LoadBalancer quickstart (update)",
    `  ${version}`,
    ...[
      "dns-member-1",
      "dns-member-2",
      "dns-member-3",
      "web-member-1",
      "web-member-2",
      "web-member-3",
    ].flatMap(member),
    ...pool("dns-pool"),
    ...pool("web-pool"),
  ]);
  t.deepEqual(writes(emulator!).length, seeded, "the preview writes nothing");

  await cli.up();
  t.deepEqual(
    writes(emulator!)
      .slice(seeded)
      .filter((w) => w.startsWith("DELETE")),
    [],
    "no rule is deleted on the way",
  );
  await cli.previewDiff({ expectNoChanges: true });

  // LoxiLB now holds what this release writes for the same program on a fresh stack.
  const reference = await CliStack.open({
    root: ROOT,
    project: "loxilb-quickstart",
    stack: "reference",
    programPath: exampleProgram("quickstart"),
    config: { "loxilb:apiEndpoints": JSON.stringify([fresh!.url]) },
  });
  t.teardown(() => reference.close());
  await reference.up();
  t.deepEqual(ruleKeys(emulator!), ruleKeys(fresh!));
  // Rule names carry the Octavia ids of the stack that made them, and GET lists rules in no fixed order.
  const shape = (rules: ReturnType<LoxilbEmulator["rules"]>) =>
    rules
      .map((r) => ({
        ...r,
        serviceArguments: { ...r.serviceArguments, name: "" },
        endpoints: r.endpoints?.map(({ counter: _c, ...e }) => e),
      }))
      .sort((x, y) => x.serviceArguments.port - y.serviceArguments.port);
  t.deepEqual(shape(emulator!.rules()), shape(fresh!.rules()));
  const names = (rules: ReadonlyArray<{ serviceArguments: { name?: string } }>) =>
    rules.map((r) => r.serviceArguments.name).sort();
  t.deepEqual(names(emulator!.rules()), names(recorded.lbAttr), "the rules keep their names");

  const state = JSON.parse(cli.exportText()) as {
    deployment: { resources: Array<{ type: string; inputs?: Record<string, unknown> }> };
  };
  const ours = state.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/loxilb:"));
  t.is(ours.length, 13);
  t.deepEqual(
    [...new Set(ours.map((r) => r.inputs?.["providerVersion"]))],
    [PROVIDER_VERSION],
    "every resource is on this release's providerVersion",
  );

  await cli.destroy();
  await reference.destroy();
  t.deepEqual(emulator!.rules(), []);
});
