/**
 * fast-check commands of the convergence sequences: an edit of the model followed by `up`, or an
 * out-of-band drift followed by `refresh` and `up`. Each prints as a readable step (`toString`) and
 * checks the oracle (oracle.ts) after it ran.
 */
import fc from "fast-check";
import { driftArb, editArb } from "./arbitraries";
import { applyDrift, driftApplies, showDrift, type Drift } from "./drift";
import { applyEdit, showEdit, type Edit } from "./edits";
import type { StackModel } from "./model";
import { verifyStep } from "./oracle";
import type { World } from "./world";

/** The model side of a run: the stack the program declares now, and what happened so far. */
export interface Holder {
  stack: StackModel;
  /** Steps run (the initial up included). */
  steps: number;
  /** Every step so far as run, with what a drift actually did. */
  readonly trail: string[];
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Run `op`, naming the step and the steps before it when it fails. */
async function step(m: Holder, label: string, op: () => Promise<void>): Promise<void> {
  m.trail.push(label);
  const started = Date.now();
  try {
    await op();
    if (process.env["CONVERGENCE_DEBUG"] !== undefined) console.log(`${Date.now() - started} ms ${label}`);
  } catch (e) {
    const trail = m.trail.map((s, i) => `  ${i + 1}. ${s}`).join("\n");
    throw new Error(`${message(e)}\nsteps of this run:\n${trail}`);
  }
  m.steps++;
}

export class EditCommand implements fc.AsyncCommand<Holder, World> {
  constructor(readonly edit: Edit) {}

  check(m: Readonly<Holder>): boolean {
    return applyEdit(m.stack, this.edit) !== undefined;
  }

  async run(m: Holder, w: World): Promise<void> {
    const before = m.stack;
    const after = applyEdit(before, this.edit)!;
    await step(m, this.toString(), async () => {
      w.emus.mark();
      await w.deploy(after);
      m.stack = after;
      await verifyStep(w, { label: this.toString(), before, after, drift: false });
    });
  }

  toString(): string {
    return showEdit(this.edit);
  }
}

export class DriftCommand implements fc.AsyncCommand<Holder, World> {
  /** `edit`: a change the `up` after the refresh also carries (none: the same model). */
  constructor(
    readonly drift: Drift,
    readonly edit: Edit | null,
  ) {}

  check(m: Readonly<Holder>): boolean {
    return driftApplies(m.stack, this.drift);
  }

  async run(m: Holder, w: World): Promise<void> {
    const what = await applyDrift(w.emus, m.stack, this.drift);
    const before = m.stack;
    const after = (this.edit === null ? undefined : applyEdit(before, this.edit)) ?? before;
    const change = after === before ? "" : ` with ${showEdit(this.edit!)}`;
    const label = `${showDrift(this.drift)} [${what}], then refresh + up${change}`;
    await step(m, label, async () => {
      w.emus.mark();
      await w.refresh();
      await w.deploy(after);
      m.stack = after;
      await verifyStep(w, { label, before, after, drift: true });
    });
  }

  toString(): string {
    return this.edit === null
      ? showDrift(this.drift)
      : `${showDrift(this.drift)} then ${showEdit(this.edit)}`;
  }
}

/** Sequences of up to `maxCommands` steps: three edits for every drift. */
export function commandsArb(maxCommands: number, replayPath?: string) {
  const edit = editArb.map((e) => new EditCommand(e));
  const drift = fc
    .tuple(driftArb, fc.option(editArb, { nil: null, freq: 2 }))
    .map(([d, e]) => new DriftCommand(d, e));
  return fc.commands([edit, edit, edit, drift], {
    maxCommands,
    size: "max",
    ...(replayPath !== undefined ? { replayPath } : {}),
  });
}

/** The stack before the first up: nothing declared. */
export const NOTHING: StackModel = {
  lbName: "",
  description: "",
  natMode: "dnat",
  adminUp: true,
  subnet: "",
  listeners: [],
};

/** The first up of a run, checked like every step. */
export async function initialUp(m: Holder, w: World): Promise<void> {
  const after = m.stack;
  await step(m, "initial up", async () => {
    w.emus.mark();
    await w.deploy(after);
    await verifyStep(w, {
      label: "the initial up",
      before: { ...NOTHING, subnet: after.subnet },
      after,
      drift: false,
    });
  });
}
