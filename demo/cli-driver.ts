/**
 * Demo driver for machines with the `pulumi` CLI: the Automation API on a local `file://` backend.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import type { DemoDriver } from "./steps";

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
    { stackName: "demo", workDir: root },
    {
      pulumiCommand,
      envVars: {
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
    },
  };
}
