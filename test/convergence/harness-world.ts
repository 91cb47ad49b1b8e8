/**
 * The convergence world through the engine-faithful harness: the compiled program.ts run in a
 * program process, the real dynamic-provider host over gRPC, a new host for every operation (as
 * every `pulumi` command gets one).
 */
import * as path from "path";
import { EngineHarness, unwrapSecrets, type Wire } from "../../harness";
import { EmulatorSet } from "./emulators";
import type { StackModel } from "./model";
import { listenerRuleName, type World } from "./world";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const PROGRAM = path.join(__dirname, "program.js");

let stacks = 0;

export class HarnessWorld implements World {
  private constructor(
    readonly emus: EmulatorSet,
    readonly harness: EngineHarness,
  ) {}

  static async start(instances: number): Promise<HarnessWorld> {
    const emus = await EmulatorSet.start(instances);
    const harness = await EngineHarness.start({
      projectDir: ROOT,
      project: "convergence",
      stack: `sequence-${process.pid}-${++stacks}`,
      config: { "loxilb:apiEndpoints": JSON.stringify(emus.urls) },
      freshProviderPerOperation: true,
    });
    return new HarnessWorld(emus, harness);
  }

  async deploy(stack: StackModel): Promise<void> {
    await this.harness.up(PROGRAM, { endpoints: this.emus.urls, stack });
  }

  async refresh(): Promise<void> {
    await this.harness.refresh();
  }

  expectedNames(): Map<string, string> {
    return new Map(
      this.harness
        .state()
        .filter((s) => s.type.endsWith(":Listener") && !s.pendingDelete)
        .map((s) => listenerRuleName(unwrapSecrets(s.inputs as Wire) as Record<string, unknown>, s.id)),
    );
  }

  async close(): Promise<void> {
    await this.harness.stop();
    await this.emus.close();
  }
}
