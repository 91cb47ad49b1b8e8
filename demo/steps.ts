/** The demo's steps, the same whichever driver runs them. */
import type { EmulatorHandle } from "../provider/emulator/types";
import { apportionSlots, PRIO_SLOTS, weightForSlots } from "../provider/translate/weights";
import { rulesTable } from "./rules-table";

/** One way to run the quickstart stack: the real CLI, or the engine-faithful harness. */
export interface DemoDriver {
  readonly description: string;
  setConfig(key: string, value: string): Promise<void>;
  /** Each returns a one-line summary of the changes (e.g. `create 14`). */
  preview(): Promise<string>;
  up(): Promise<string>;
  destroy(): Promise<string>;
  /** `pulumi-loxilb review` of the next change's `pulumi preview --json`; undefined without the CLI. */
  review(): Promise<string | undefined>;
  close(): Promise<void>;
}

interface Step {
  readonly title: string;
  /** Changes the stack's config before the step (and before its review). */
  readonly prepare?: (d: DemoDriver) => Promise<void>;
  /** Print the review of the step's preview before running it. */
  readonly review?: boolean;
  readonly run: (d: DemoDriver) => Promise<string>;
  /** A line printed under the step's rules table. */
  readonly note?: string;
}

/**
 * Why step 3 shows `priority` and unequal shares for equal weights: LoxiLB honours weights only with
 * weighted round robin, whose 16 slots are apportioned to the weights (each member at least one; 16
 * rarely splits evenly, so equal weights may differ by a slot) and shown as percentages of 16.
 */
function weightsNote(weights: readonly number[]): string {
  const slots = apportionSlots(weights);
  const shown = slots.map((n) => `w${weightForSlots(n)}`).join(", ");
  return (
    `  weights ${weights.join(",")} → \`priority\` (LoxiLB's weighted round robin): its ${PRIO_SLOTS} slots go ` +
    `${slots.join("+")} (one each at least, the rest by weight; equal weights may differ by a slot), ` +
    `shown as percentages of ${PRIO_SLOTS} rounded up: ${shown}`
  );
}

const STEPS: readonly Step[] = [
  { title: "preview: what the quickstart stack would create", run: (d) => d.preview() },
  { title: "up: create the load balancer, 2 listeners, 2 pools, 6 members, 2 monitors", run: (d) => d.up() },
  {
    title: "member change: a 4th member per pool and weight 3 on web-member-1 (in place)",
    prepare: async (d) => {
      await d.setConfig("quickstart:memberCount", "4");
      await d.setConfig("quickstart:webWeight", "3");
    },
    review: true,
    run: (d) => d.up(),
    note: weightsNote([3, 1, 1, 1]),
  },
  { title: "no-op up: nothing changes, nothing is written to LoxiLB", run: (d) => d.up() },
  { title: "destroy: remove everything", run: (d) => d.destroy() },
];

const indent = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");

/** Run every step, printing its summary, the LoxiLB writes it made, and the rules afterwards. */
export async function runSteps(driver: DemoDriver, emulator: EmulatorHandle, log: (s: string) => void) {
  for (const [i, step] of STEPS.entries()) {
    log(`\n[${i + 1}/${STEPS.length}] ${step.title}`);
    emulator.clearRequests();
    await step.prepare?.(driver);
    if (step.review === true) {
      const review = await driver.review();
      log(review === undefined ? "  (the review needs the pulumi CLI's preview --json)" : indent(review));
    }
    const started = Date.now();
    const summary = await step.run(driver);
    const writes = emulator.requests().filter((r) => r.method !== "GET" && !r.path.includes("/__emulator"));
    log(`  changes: ${summary || "none"}   (${Date.now() - started} ms)`);
    log(
      `  LoxiLB writes: ${writes.length === 0 ? "none" : writes.map((w) => `${w.method} ${w.status}`).join(", ")}`,
    );
    log(rulesTable(emulator.rules()));
    if (step.note !== undefined) log(step.note);
  }
}
