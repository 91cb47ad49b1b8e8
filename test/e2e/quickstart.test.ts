/**
 * The quickstart example on the real `pulumi` CLI against the emulator: every operation a user runs,
 * with the text `pulumi preview --diff` shows a reviewer checked line by line.
 */
import { CliStack, type PreviewJson } from "../../harness";
import { diffOutline, e2e, emulators, exampleProgram, ROOT, ruleKeys, summaryLines, writes } from "./kit";

const open = (url: string, secrets: Record<string, string> = {}) =>
  CliStack.open({
    root: ROOT,
    project: "loxilb-quickstart",
    stack: "e2e",
    programPath: exampleProgram("quickstart"),
    config: { "loxilb:apiEndpoints": JSON.stringify([url]) },
    secrets,
  });

/** Replaced resources in a `preview --json` digest: name → the reasons the provider gave. */
const replacements = (j: PreviewJson) =>
  j.steps
    .filter((s) => s.op === "replace")
    .map((s) => [s.urn.split("::").pop(), s.replaceReasons ?? []] as const);

e2e("quickstart: preview, up, no-op up, in-place changes and destroy", async (t) => {
  t.timeout(600_000, "the real CLI runs about twenty operations");
  const [emulator] = await emulators(t, 1);
  const cli = await open(emulator!.url);
  t.teardown(() => cli.close());

  const first = await cli.previewDiff();
  t.is(first.changeSummary["create"], 14, "13 resources and the stack itself");
  t.deepEqual(writes(emulator!), [], "preview writes nothing");

  await cli.up();
  t.deepEqual(ruleKeys(emulator!), ["tcp:192.0.2.10:80", "udp:192.0.2.10:53"]);
  t.true(emulator!.rules().every((r) => r.endpoints?.length === 3));

  // A no-op: the preview says so, and `up` writes nothing to LoxiLB.
  await cli.previewDiff({ expectNoChanges: true });
  const before = writes(emulator!).length;
  const noop = await cli.up();
  t.deepEqual(noop.summary.resourceChanges, { same: 14 });
  t.is(writes(emulator!).length, before, "a no-op up sends LoxiLB no write");

  // A member added: two creates, nothing else changes (round robin: the others keep their share).
  await cli.setConfig("quickstart:memberCount", "4");
  const add = (await cli.previewDiff()).stdout;
  t.deepEqual(diffOutline(add), ["+ Member dns-member-4 (create)", "+ Member web-member-4 (create)"]);
  t.deepEqual(summaryLines(add), ["+ 2 to create", "14 unchanged"]);
  await cli.up();
  t.true(emulator!.rules().every((r) => r.endpoints?.length === 4));

  // A weight change: in place; each member shows the share LoxiLB will hold (3:1:1:1 over loxilb's 16
  // weighted slots is 8:3:3:2 slots, weights 50/19/19/13), the pool its algorithm.
  await cli.setConfig("quickstart:webWeight", "3");
  const weight = (await cli.previewDiff()).stdout;
  t.deepEqual(diffOutline(weight), [
    "~ Member web-member-1 (update)",
    "  ~ loxilbWeight: 1 => 50",
    "  ~ rule",
    "  ~ weight: 1 => 3",
    "~ Member web-member-2 (update)",
    "  ~ loxilbWeight: 1 => 19",
    "  ~ rule",
    "~ Member web-member-3 (update)",
    "  ~ loxilbWeight: 1 => 19",
    "  ~ rule",
    "~ Member web-member-4 (update)",
    "  ~ loxilbWeight: 1 => 13",
    "  ~ rule",
    "~ Pool web-pool (update)",
    '  ~ loxilbAlgorithm: "rr" => "priority"',
    "  ~ rule",
  ]);
  const json = await cli.previewJson();
  t.deepEqual(
    json.steps
      .filter((s) => s.op === "update")
      .map((s) => [s.urn.split("::").pop(), s.newState?.inputs?.["loxilbWeight"] ?? null])
      .sort(),
    [
      ["web-member-1", 50],
      ["web-member-2", 19],
      ["web-member-3", 19],
      ["web-member-4", 13],
      ["web-pool", null],
    ],
    "preview --json carries the same shares",
  );
  await cli.up();
  const web = emulator!.rules().find((r) => r.serviceArguments.port === 80)!;
  t.deepEqual(
    web.endpoints?.map((e) => e.weight),
    [50, 19, 19, 13],
  );

  // A probe timing change: in place for Pulumi, but LoxiLB must recreate the rule, and says so.
  await cli.setConfig("quickstart:monitorDelay", "7");
  const delay = (await cli.previewDiff()).stdout;
  t.deepEqual(diffOutline(delay), [
    "~ HealthMonitor dns-monitor (update)",
    "  ~ delay: 5 => 7",
    '  + loxilbRuleAction: "recreate"',
    "  ~ rule",
    "~ HealthMonitor web-monitor (update)",
    "  ~ delay: 5 => 7",
    '  + loxilbRuleAction: "recreate"',
    "  ~ rule",
  ]);
  await cli.up();
  await cli.previewDiff({ expectNoChanges: true });

  // The balancing method: least connections cannot honour weights, so the web members' shares
  // return to equal (the pool also warns about it), and the members show the pool they carry.
  await cli.setConfig("quickstart:lbMethod", "LEAST_CONNECTIONS");
  const webMember = (n: number, share: number) => [
    `~ Member web-member-${n} (update)`,
    `  ~ loxilbWeight: ${share} => 1`,
    "  ~ pool",
    "  ~ rule",
  ];
  t.deepEqual(diffOutline((await cli.previewDiff()).stdout), [
    ...webMember(1, 50),
    ...webMember(2, 19),
    ...webMember(3, 19),
    ...webMember(4, 13),
    "~ Pool dns-pool (update)",
    '  ~ lbMethod: "ROUND_ROBIN" => "LEAST_CONNECTIONS"',
    '  ~ loxilbAlgorithm: "rr" => "lc"',
    "  ~ rule",
    "~ Pool web-pool (update)",
    '  ~ lbMethod: "ROUND_ROBIN" => "LEAST_CONNECTIONS"',
    '  ~ loxilbAlgorithm: "priority" => "lc"',
    "  ~ rule",
  ]);
  await cli.up();

  // The VIP is ForceNew: the load balancer is replaced for that one reason, and everything under
  // it with it (its id changes), with no reason of its own.
  await cli.setConfig("quickstart:vip", "192.0.2.11");
  const vip = await cli.previewJson();
  t.deepEqual(replacements(vip)[0], ["quickstart", ["vipAddress"]]);
  t.deepEqual(
    replacements(vip)
      .slice(1)
      .filter(([, reasons]) => reasons.length > 0),
    [],
  );
  t.is(replacements(vip).length, 15, "the load balancer and the 14 resources under it");
  await cli.up();
  t.deepEqual(ruleKeys(emulator!), ["tcp:192.0.2.11:80", "udp:192.0.2.11:53"]);

  await cli.destroy();
  t.deepEqual(emulator!.rules(), [], "destroy leaves no rule");
});

e2e("quickstart: a rule deleted out of band shows after refresh and the next up restores it", async (t) => {
  t.timeout(300_000);
  const [emulator] = await emulators(t, 1);
  const cli = await open(emulator!.url);
  t.teardown(() => cli.close());
  await cli.up();

  const gone = await fetch(
    `${emulator!.url}/netlox/v1/config/loadbalancer/externalipaddress/192.0.2.10/port/80/protocol/tcp`,
    { method: "DELETE" },
  );
  t.is(gone.status, 200);
  await cli.refresh();
  const drift = (await cli.previewDiff()).stdout;
  t.deepEqual(
    diffOutline(drift),
    ["+ Member web-member-1 (create)", "+ Member web-member-2 (create)", "+ Member web-member-3 (create)"],
    "the web rule's members read as gone; nothing of the dns rule changes",
  );
  await cli.up();
  t.deepEqual(ruleKeys(emulator!), ["tcp:192.0.2.10:80", "udp:192.0.2.10:53"]);
  t.true(emulator!.rules().every((r) => r.endpoints?.length === 3));
  await cli.previewDiff({ expectNoChanges: true });
  await cli.destroy();
  t.deepEqual(emulator!.rules(), []);
});

e2e("quickstart: a token set with `config set --secret` is in no file and no stack export", async (t) => {
  t.timeout(300_000);
  const [emulator] = await emulators(t, 1);
  const token = "e2e-token-7f3a9c";
  const cli = await open(emulator!.url, { "loxilb:apiToken": token });
  t.teardown(() => cli.close());
  await cli.up();
  await cli.setConfig("quickstart:memberCount", "2");
  await cli.up();

  const exported = cli.exportText();
  t.true(exported.includes('"ciphertext"'), "the export holds the token, encrypted");
  t.false(exported.includes(token), "pulumi stack export holds no plaintext token");
  const files = cli.backendFiles();
  t.true(
    files.some((f) => f.file.endsWith("e2e.json")),
    "the stack's checkpoint is among the files read",
  );
  t.deepEqual(
    files.filter((f) => f.text.includes(token)).map((f) => f.file),
    [],
    "no file of the backend (state, history, backups) holds it",
  );
  await cli.destroy();
});
