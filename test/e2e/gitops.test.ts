/**
 * The gitops example on the real `pulumi` CLI: a pull request edits the reviewed members file, and
 * the reviewer reads its effect in `pulumi preview --diff` (checked line by line here) before `up`
 * applies it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliStack } from "../../harness";
import { diffOutline, e2e, emulators, exampleProgram, ROOT, ruleKeys, summaryLines } from "./kit";

interface Backend {
  readonly address: string;
  readonly port: number;
  readonly weight?: number;
}

const BASE: Backend[] = [
  { address: "198.51.100.31", port: 8443 },
  { address: "198.51.100.32", port: 8443 },
  { address: "198.51.100.33", port: 8443, weight: 2 },
];

const share = (name: string, from: number, to: number) => [
  `~ Member api-${name}-8443 (update)`,
  `  ~ loxilbWeight: ${from} => ${to}`,
  "  ~ rule",
];

e2e("gitops: each edit of the members file previews as exactly its effect on LoxiLB", async (t) => {
  t.timeout(600_000);
  const [emulator] = await emulators(t, 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-e2e-"));
  const file = path.join(dir, "members.json");
  const edit = (backends: Backend[]) => fs.writeFileSync(file, JSON.stringify(backends));
  edit(BASE);
  const cli = await CliStack.open({
    root: ROOT,
    project: "loxilb-gitops",
    stack: "e2e",
    programPath: exampleProgram("gitops"),
    config: { "loxilb:apiEndpoints": JSON.stringify([emulator!.url]), "gitops:membersFile": file },
  });
  t.teardown(async () => {
    await cli.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await cli.up();
  const endpoints = () => emulator!.rules()[0]!.endpoints.map((e) => `${e.endpointIP} w${e.weight}`);
  t.deepEqual(endpoints(), ["198.51.100.31 w25", "198.51.100.32 w25", "198.51.100.33 w50"]);

  // Add a member: it is created; the others' LoxiLB shares shrink in place (no replacement).
  edit([...BASE, { address: "198.51.100.34", port: 8443 }]);
  const add = (await cli.previewDiff()).stdout;
  t.deepEqual(diffOutline(add), [
    ...share("198.51.100.31", 25, 19),
    ...share("198.51.100.32", 25, 19),
    ...share("198.51.100.33", 50, 44),
    "+ Member api-198.51.100.34-8443 (create)",
  ]);
  t.deepEqual(summaryLines(add), ["+ 1 to create", "~ 3 to update", "4 changes. 5 unchanged"]);
  await cli.up();
  t.deepEqual(endpoints(), [
    "198.51.100.31 w19",
    "198.51.100.32 w19",
    "198.51.100.33 w44",
    "198.51.100.34 w19",
  ]);

  // Change a weight: in place, the edited member's weight and every share it moves.
  const four: Backend[] = [
    ...BASE.slice(0, 2),
    { address: "198.51.100.33", port: 8443, weight: 5 },
    { address: "198.51.100.34", port: 8443 },
  ];
  edit(four);
  const weight = (await cli.previewDiff()).stdout;
  t.deepEqual(diffOutline(weight), [
    ...share("198.51.100.31", 19, 13),
    ...share("198.51.100.32", 19, 13),
    ...share("198.51.100.33", 44, 63),
    "  ~ weight: 2 => 5",
    ...share("198.51.100.34", 19, 13),
  ]);
  await cli.up();
  t.deepEqual(endpoints(), [
    "198.51.100.31 w13",
    "198.51.100.32 w13",
    "198.51.100.33 w63",
    "198.51.100.34 w13",
  ]);

  // Remove a member: it is deleted; of the others, only the one whose LoxiLB share moves updates
  // (1:5:1 over 16 slots is 2:12:2, weights 13/75/13).
  edit(four.slice(1));
  const rm = (await cli.previewDiff()).stdout;
  t.deepEqual(diffOutline(rm), [
    "- Member api-198.51.100.31-8443 (delete)",
    ...share("198.51.100.33", 63, 75),
  ]);
  await cli.up();
  t.deepEqual(endpoints(), ["198.51.100.32 w13", "198.51.100.33 w75", "198.51.100.34 w13"]);

  // A new VIP is a new rule key: only `vipAddress` forces the replacement; the resources under the
  // load balancer follow it (their parent's id changes) with no reason of their own.
  await cli.setConfig("gitops:vip", "192.0.2.31");
  const vip = await cli.previewJson();
  t.deepEqual(
    vip.steps
      .filter((s) => s.op === "replace")
      .map((s) => [s.urn.split("::").pop(), s.replaceReasons ?? []])
      .sort(),
    [
      ["api-198.51.100.32-8443", []],
      ["api-198.51.100.33-8443", []],
      ["api-198.51.100.34-8443", []],
      ["api-443", []],
      ["api-monitor", []],
      ["api-pool", []],
      ["gitops", ["vipAddress"]],
    ],
  );
  await cli.up();
  t.deepEqual(ruleKeys(emulator!), ["tcp:192.0.2.31:443"]);

  await cli.destroy();
  t.deepEqual(emulator!.rules(), []);
});
