/**
 * The convergence world through the real `pulumi` CLI (`CliStack`: a `file://` backend, the
 * compiled program.ts run inline over the Automation API, the real engine starting the real
 * dynamic-provider host for every command). After a successful step, a `pulumi preview` of the same
 * model must show no change and write nothing to LoxiLB.
 */
import { CliStack } from "../../harness/cli";
import { isObject, type Wire, type WireMap } from "../../harness/wire";
import { EmulatorSet } from "./emulators";
import { PROGRAM, ROOT } from "./harness-world";
import type { StackModel } from "./model";
import { listenerRuleName, type World } from "./world";
import { asText } from "../helpers/text";

let stacks = 0;

/** A checkpoint resource as `stack export --show-secrets` prints it (secrets: `{plaintext}` wrappers). */
function plainInputs(r: WireMap): Record<string, unknown> {
  const inputs = isObject(r["inputs"]) ? r["inputs"] : {};
  return JSON.parse(
    JSON.stringify(inputs, (_, v: Wire) =>
      isObject(v) && typeof v["plaintext"] === "string" ? (JSON.parse(v["plaintext"]) as unknown) : v,
    ),
  ) as Record<string, unknown>;
}

export class CliWorld implements World {
  private resources: WireMap[] = [];

  private constructor(
    readonly emus: EmulatorSet,
    readonly cli: CliStack,
  ) {}

  static async start(instances: number): Promise<CliWorld> {
    const emus = await EmulatorSet.start(instances);
    try {
      const cli = await CliStack.open({
        root: ROOT,
        project: "convergence",
        stack: `cli-${process.pid}-${++stacks}`,
        programPath: PROGRAM,
        config: { "loxilb:apiEndpoints": JSON.stringify(emus.urls) },
      });
      return new CliWorld(emus, cli);
    } catch (e) {
      await emus.close();
      throw e;
    }
  }

  async deploy(stack: StackModel): Promise<void> {
    this.cli.setArgs({ endpoints: this.emus.urls, stack });
    try {
      await this.cli.up();
    } finally {
      await this.readState();
    }
  }

  async refresh(): Promise<void> {
    try {
      await this.cli.refresh();
    } finally {
      await this.readState();
    }
  }

  expectedNames(): Map<string, string> {
    return new Map(
      this.resources
        .filter((r) => asText(r["type"]).endsWith(":Listener") && r["delete"] !== true)
        .map((r) => listenerRuleName(plainInputs(r), asText(r["id"]))),
    );
  }

  /** `pulumi preview` of the model just deployed: every step `same`, nothing written to LoxiLB. */
  async redeployProblems(stack: StackModel): Promise<string[]> {
    this.cli.setArgs({ endpoints: this.emus.urls, stack });
    this.emus.mark();
    const preview = await this.cli.previewJson();
    const changes = preview.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn}`);
    const writes = this.emus.writesSinceMark().flatMap((w, i) => w.map((x) => `instance ${i}: ${x}`));
    return [
      ...(changes.length > 0 ? [`a preview after the up is not a no-op: ${changes.join(", ")}`] : []),
      ...(writes.length > 0 ? [`a preview after the up wrote ${writes.join(", ")}`] : []),
    ];
  }

  async close(): Promise<void> {
    await this.cli.close();
    await this.emus.close();
  }

  private async readState(): Promise<void> {
    const exported = await this.cli.stack.exportStack();
    const deployment = exported.deployment as { resources?: WireMap[] } | undefined;
    this.resources = deployment?.resources ?? [];
  }
}
