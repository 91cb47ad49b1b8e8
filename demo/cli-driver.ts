/**
 * Demo driver for machines with the `pulumi` CLI: the Automation API on a local `file://` backend.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import type { DemoDriver } from "./steps";

/**
 * The quickstart as an inline program: the CLI runs it in this process over the Automation API's
 * language server, so no `pulumi-language-nodejs` plugin is needed (a CLI built from its Go modules
 * by `npm run peers` has none). Each operation runs it afresh; its exports are the stack outputs.
 */
function quickstartProgram(root: string): () => Promise<Record<string, unknown>> {
  const main = path.join(root, "dist", "examples", "quickstart", "index.js");
  return async () => {
    delete require.cache[require.resolve(main)];
    return { ...(require(main) as Record<string, unknown>) };
  };
}

/** A driver backed by the real CLI, or undefined when `pulumi` is not installed. */
export async function cliDriver(root: string, apiUrl: string): Promise<DemoDriver | undefined> {
  let pulumiCommand: PulumiCommand;
  try {
    pulumiCommand = await PulumiCommand.get({ skipVersionCheck: true });
  } catch {
    return undefined;
  }
  const state = fs.mkdtempSync(path.join(os.tmpdir(), "loxilb-demo-"));
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "demo", projectName: "loxilb-quickstart", program: quickstartProgram(root) },
    {
      // The engine starts the dynamic-provider plugin here; it resolves @pulumi/pulumi from here.
      workDir: root,
      pulumiCommand,
      envVars: {
        // `pulumi-resource-pulumi-nodejs`, the dynamic-provider plugin, ships in @pulumi/pulumi.
        PATH: [path.dirname(require.resolve("@pulumi/pulumi/package.json")), process.env["PATH"] ?? ""].join(
          path.delimiter,
        ),
        PULUMI_HOME: path.join(state, "home"),
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: "demo",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
    },
  );
  await stack.setConfig("loxilb:apiEndpoints", { value: JSON.stringify([apiUrl]) });
  const summary = (s: Record<string, number | undefined>) =>
    Object.entries(s)
      .filter(([, n]) => (n ?? 0) > 0)
      .map(([op, n]) => `${op} ${n}`)
      .join(", ");
  return {
    description: "the pulumi CLI (Automation API, file:// backend)",
    async setConfig(key, value) {
      await stack.setConfig(key, { value });
    },
    async preview() {
      return summary((await stack.preview({ diff: true })).changeSummary);
    },
    async up() {
      return summary((await stack.up()).summary.resourceChanges ?? {});
    },
    async destroy() {
      return summary((await stack.destroy()).summary.resourceChanges ?? {});
    },
    async close() {
      await stack.workspace.removeStack("demo").catch(() => undefined);
      fs.rmSync(state, { recursive: true, force: true });
      // The CLI writes the stack's settings file into the project folder: leave no trace there.
      fs.rmSync(path.join(root, "Pulumi.demo.yaml"), { force: true });
    },
  };
}
