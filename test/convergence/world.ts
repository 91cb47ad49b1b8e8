/**
 * A deployed stack the convergence commands act on: the LoxiLB instances and a way to run `up` and
 * `refresh`. Two implementations: the in-process driver (here) and the engine harness
 * (harness-world.ts).
 */
import { Driver } from "./driver";
import { EmulatorSet } from "./emulators";
import type { Instances } from "./instances";
import { PeerSet } from "./peer-instances";
import { ruleKeyOf, type StackModel } from "./model";

export interface World {
  readonly emus: Instances;
  deploy(stack: StackModel): Promise<void>;
  refresh(): Promise<void>;
  /** The rule name each listener's rule must carry (`octavia-<lbId>-<listenerId>`), by rule key. */
  expectedNames(): Map<string, string>;
  /** After a successful step: problems found by deploying the same model once more (none expected). */
  redeployProblems?(stack: StackModel): Promise<string[]>;
  close(): Promise<void>;
}

/** The rule key and expected name of a listener from its inputs and id. */
export function listenerRuleName(inputs: Record<string, unknown>, id: string): [string, string] {
  const key = ruleKeyOf(String(inputs["protocol"]), Number(inputs["protocolPort"]));
  return [key, `octavia-${String(inputs["loadbalancerId"])}-${id}`];
}

export class DriverWorld implements World {
  private constructor(
    readonly emus: Instances,
    private readonly driver: Driver,
  ) {}

  /**
   * `target`: what serves the instances, the emulator (default) or loxilb-peer (loxilb v0.9.8's own
   * rule manager, `.peers/bin/loxilb-peer`; `CONVERGENCE_TARGET=peer` for the soak).
   */
  static async start(instances: number, target: "emulator" | "peer" = "emulator"): Promise<DriverWorld> {
    const emus = target === "peer" ? await PeerSet.start(instances) : await EmulatorSet.start(instances);
    return new DriverWorld(emus, new Driver(emus.urls));
  }

  deploy(stack: StackModel): Promise<void> {
    return this.driver.up(stack);
  }

  refresh(): Promise<void> {
    return this.driver.refresh();
  }

  expectedNames(): Map<string, string> {
    return new Map(
      this.driver
        .resources()
        .filter((r) => r.kind === "listener" && !r.pendingDelete)
        .map((r) => listenerRuleName(r.inputs, r.id)),
    );
  }

  /** A second `up` of the same model is a no-op: every step `same`, nothing written. */
  async redeployProblems(stack: StackModel): Promise<string[]> {
    this.emus.mark();
    await this.driver.up(stack);
    const steps = this.driver.lastSteps.filter((s) => !s.startsWith("same "));
    const writes = this.emus.writesSinceMark().flatMap((w, i) => w.map((x) => `instance ${i}: ${x}`));
    return [
      ...(steps.length > 0 ? [`a second up of the same model is not a no-op: ${steps.join(", ")}`] : []),
      ...(writes.length > 0 ? [`a second up of the same model wrote ${writes.join(", ")}`] : []),
    ];
  }

  close(): Promise<void> {
    return this.emus.close();
  }
}
