/**
 * End to end with the real Pulumi CLI (Automation API, file:// backend) against the emulator.
 * Runs wherever `pulumi` is on PATH (`npm run peers` builds it into .peers/bin); otherwise the test
 * is skipped and says how to enable it.
 *
 * The quickstart runs as an inline program (in this process, over the Automation API's language
 * server), so the CLI needs no `pulumi-language-nodejs` plugin; the dynamic-provider plugin
 * `pulumi-resource-pulumi-nodejs` ships inside @pulumi/pulumi, whose folder goes on the CLI's PATH.
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
    "e2e-cli: skipped, the `pulumi` CLI is not on PATH (`npm run peers` builds it into .peers/bin)",
  );
}

/** The folder of @pulumi/pulumi, which holds the `pulumi-resource-pulumi-nodejs` plugin launcher. */
const PULUMI_NODEJS_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** The quickstart (examples/quickstart), run afresh by each operation; its exports are the stack outputs. */
const QUICKSTART = path.join(ROOT, "dist", "examples", "quickstart", "index.js");
const quickstart = async (): Promise<Record<string, unknown>> => {
  // Every operation runs the program again in this process (the rule-key guard keeps its listeners
  // per program run, so a second run does not collide with the first).
  delete require.cache[require.resolve(QUICKSTART)];
  return { ...(require(QUICKSTART) as Record<string, unknown>) };
};

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
  t.timeout(600_000, "the real CLI runs seven operations");
  const emulator = await startEmulator({});
  const state = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-loxilb-e2e-"));
  const stackFile = path.join(ROOT, "Pulumi.e2e.yaml");
  t.teardown(async () => {
    await emulator.close();
    fs.rmSync(state, { recursive: true, force: true });
    fs.rmSync(stackFile, { force: true });
  });
  const pulumiCommand = await PulumiCommand.get({ skipVersionCheck: true });
  const stack: Stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "e2e", projectName: "loxilb-quickstart", program: quickstart },
    {
      // The project dir: the engine starts the dynamic-provider plugin here, and it resolves
      // @pulumi/pulumi from this folder's node_modules.
      workDir: ROOT,
      pulumiCommand,
      envVars: {
        PATH: [PULUMI_NODEJS_DIR, process.env["PATH"] ?? ""].join(path.delimiter),
        PULUMI_HOME: path.join(state, "home"),
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
    },
  );
  await stack.setAllConfig({
    "loxilb:apiEndpoints": { value: JSON.stringify([emulator.url]) },
    "loxilb:apiToken": { value: "e2e-token-not-used", secret: true },
  });

  const preview = await stack.preview();
  t.is(preview.changeSummary["create"], 14, "13 resources and the stack itself");
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

  // The state at rest, as the file backend wrote it (exportStack() runs `stack export --show-secrets`,
  // so its text holds every secret in clear by design).
  const backend = path.join(state, ".pulumi");
  const files = (fs.readdirSync(backend, { recursive: true }) as string[])
    .map((f) => path.join(backend, f))
    .filter((f) => fs.statSync(f).isFile());
  t.true(
    files.some((f) => f.endsWith(path.join("stacks", "loxilb-quickstart", "e2e.json"))),
    "the stack's state is among the files read",
  );
  t.deepEqual(
    files.filter((f) => fs.readFileSync(f, "utf8").includes("e2e-token-not-used")),
    [],
    "no secret in clear in the state",
  );

  await stack.destroy();
  t.deepEqual(emulator.rules(), []);
  await stack.workspace.removeStack("e2e");
});
