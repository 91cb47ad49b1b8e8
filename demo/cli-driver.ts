/**
 * Demo driver for machines with the `pulumi` CLI: the Automation API on a local `file://` backend
 * (`CliStack`, the same real-CLI engine the end-to-end tests use).
 */
import * as path from "path";
import { reviewPreview } from "../provider/review";
import { CliStack, hasPulumiCli } from "../harness";
import type { DemoDriver } from "./steps";

/** A driver backed by the real CLI, or undefined when `pulumi` is not installed. */
export async function cliDriver(root: string, apiUrl: string): Promise<DemoDriver | undefined> {
  if (!hasPulumiCli()) return undefined;
  const cli = await CliStack.open({
    root,
    project: "loxilb-quickstart",
    stack: "demo",
    // The quickstart runs inline (in this process), so the CLI needs no language host plugin.
    programPath: path.join(root, "dist", "examples", "quickstart", "index.js"),
    config: { "loxilb:apiEndpoints": JSON.stringify([apiUrl]) },
  });
  const summary = (s: Record<string, number | undefined>) =>
    Object.entries(s)
      .filter(([, n]) => (n ?? 0) > 0)
      .map(([op, n]) => `${op} ${n}`)
      .join(", ");
  return {
    description: "the pulumi CLI (Automation API, file:// backend)",
    async setConfig(key, value) {
      await cli.setConfig(key, value);
    },
    async preview() {
      return summary((await cli.previewDiff()).changeSummary);
    },
    async up() {
      return summary((await cli.up()).summary.resourceChanges ?? {});
    },
    async destroy() {
      return summary((await cli.destroy()).summary.resourceChanges ?? {});
    },
    async review() {
      const preview = JSON.stringify(await cli.previewJson());
      return reviewPreview(preview, { instances: { endpoints: [apiUrl], replication: "failover" } });
    },
    close: () => cli.close(),
  };
}
