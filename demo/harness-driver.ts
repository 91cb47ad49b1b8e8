/**
 * Demo driver for machines without the `pulumi` CLI: the engine-faithful harness (harness/)
 * runs the compiled program under Pulumi's mocks and drives the real @pulumi/pulumi dynamic-provider
 * host over gRPC (Check, Diff, Create, Update, Read, Delete), as the engine would.
 */
import * as path from "path";
import { EngineHarness } from "../harness";
import type { DemoDriver } from "./steps";

export async function harnessDriver(root: string, apiUrl: string): Promise<DemoDriver> {
  const config: Record<string, string> = { "loxilb:apiEndpoints": JSON.stringify([apiUrl]) };
  const program = path.join(root, "dist", "examples", "quickstart", "index.js");
  let harness = await EngineHarness.start({
    projectDir: root,
    project: "loxilb-quickstart",
    stack: "demo",
    config,
  });
  const summary = (steps: ReadonlyArray<{ op: string }>) => {
    const counts = new Map<string, number>();
    for (const s of steps) if (s.op !== "same") counts.set(s.op, (counts.get(s.op) ?? 0) + 1);
    return [...counts].map(([op, n]) => `${op} ${n}`).join(", ");
  };
  return {
    description: "the engine-faithful harness (the real Pulumi dynamic-provider host over gRPC)",
    setConfig(key, value) {
      config[key] = value;
      harness.setConfig(config);
      return Promise.resolve();
    },
    async preview() {
      return summary((await harness.preview(program)).steps);
    },
    async up() {
      return summary((await harness.up(program)).steps);
    },
    async destroy() {
      return summary((await harness.destroy()).steps);
    },
    // The harness has its own plan format, not `pulumi preview --json`.
    review: () => Promise.resolve(undefined),
    async close() {
      await harness.stop();
      harness = undefined as never;
    },
  };
}
