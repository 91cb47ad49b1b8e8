/**
 * End to end with the real Pulumi CLI (Automation API, file:// backend) against the emulator.
 * Runs wherever `pulumi` is on PATH; otherwise the test is skipped and says how to enable it.
 */
import test from "ava";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator } from "../provider/emulator";

const ROOT = path.resolve(__dirname, "..", "..");
const hasCli = spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
const e2e = hasCli ? test.serial : test.skip;
if (!hasCli) {
  console.log(
    "e2e-cli: skipped, the `pulumi` CLI is not on PATH (install it from pulumi.com to run this test)",
  );
}

const ruleKeys = (
  rules: Array<{ serviceArguments: { externalIP: string; port: number; protocol?: string } }>,
) =>
  rules
    .map(
      (r) =>
        `${String(r.serviceArguments.protocol)}:${r.serviceArguments.externalIP}:${r.serviceArguments.port}`,
    )
    .sort();

e2e("the real CLI previews, creates, updates, refreshes and destroys against the emulator", async (t) => {
  const emulator = await startEmulator({});
  const state = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-loxilb-e2e-"));
  t.teardown(async () => {
    await emulator.close();
    fs.rmSync(state, { recursive: true, force: true });
  });
  const pulumiCommand = await PulumiCommand.get({ skipVersionCheck: true });
  const stack: Stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "e2e", workDir: ROOT },
    {
      pulumiCommand,
      envVars: {
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
    },
  );
  await stack.setAllConfig({
    "loxilb:apiEndpoints": { value: JSON.stringify([emulator.url]) },
    "loxilb:apiToken": { value: "e2e-token-not-used", secret: true },
  });

  const preview = await stack.preview();
  t.is(preview.changeSummary["create"], 13);
  t.deepEqual(emulator.rules(), [], "preview writes nothing");

  await stack.up();
  t.deepEqual(ruleKeys(emulator.rules()), ["tcp:192.0.2.10:80", "udp:192.0.2.10:53"]);
  t.true(emulator.rules().every((r) => r.endpoints?.length === 3));

  const again = await stack.preview({ expectNoChanges: true });
  t.is(again.changeSummary["update"] ?? 0, 0);

  await stack.setConfig("quickstart:memberCount", { value: "4" });
  await stack.up();
  t.true(emulator.rules().every((r) => r.endpoints?.length === 4));

  const web = await fetch(
    `${emulator.url}/netlox/v1/config/loadbalancer/externalipaddress/192.0.2.10/port/80/protocol/tcp`,
    {
      method: "DELETE",
    },
  );
  t.is(web.status, 200);
  await stack.refresh();
  await stack.up();
  t.is(emulator.rules().length, 2, "the next up restores the rule deleted out of band");

  const exported = JSON.stringify(await stack.exportStack());
  t.false(exported.includes("e2e-token-not-used"), "no secret in clear in the state");

  await stack.destroy();
  t.deepEqual(emulator.rules(), []);
  await stack.workspace.removeStack("e2e");
});
