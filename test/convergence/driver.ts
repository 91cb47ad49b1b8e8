/**
 * The in-process driver: runs the convergence program's registrations through the provider's own
 * handlers (`provider/resources/handlers`: check, diff, create, update, read, remove by kind) the way
 * the dynamic-provider host and the engine call them (driver-engine.ts), with a fresh provider
 * process per operation, as every `pulumi up` or `pulumi refresh` gets one. No program process, no
 * gRPC: a deployment takes milliseconds, so thousands of steps fit in a test run.
 */
import type { LoxiLBClient } from "../../provider/api/client";
import * as handlers from "../../provider/resources/handlers";
import { processState } from "../../provider/runtime/process-state";
import { Deployment, PARALLEL, Semaphore, wire, type Resource } from "./driver-engine";
import { registrationsFor, type Bag } from "./driver-inputs";
import type { StackModel } from "./model";

const STATE_KEY = Symbol.for("pulumi-loxilb.process-state");

/**
 * A new provider process: nothing of the previous one (clients, rule queues, the read cache, the
 * declared rules, the last writes and shapes) survives. Closes the old clients' sockets.
 */
export function newProviderProcess(): void {
  const g = globalThis as unknown as Record<symbol, unknown>;
  if (g[STATE_KEY] === undefined) return;
  for (const c of processState().clients.values()) (c as LoxiLBClient).close();
  delete g[STATE_KEY];
}

/** Runs `fn` in a fresh provider process, and leaves no client open afterwards. */
async function inNewProcess<T>(fn: () => Promise<T>): Promise<T> {
  newProviderProcess();
  try {
    return await fn();
  } finally {
    newProviderProcess();
  }
}

export class Driver {
  private state: Resource[] = [];
  /** The steps of the last `up` (`create tcp80`, `same member:tcp80-10.1.0.2`, ...). */
  lastSteps: readonly string[] = [];

  /** `parallel`: the engine's `--parallel` (steps executed at once, told to the provider). */
  constructor(
    private readonly endpoints: readonly string[],
    private readonly parallel = PARALLEL,
  ) {}

  /** `pulumi up` of the model; the state keeps what completed when it fails. */
  async up(stack: StackModel): Promise<void> {
    const d = new Deployment(this.state, this.parallel);
    try {
      this.state = await inNewProcess(() => d.run(registrationsFor({ endpoints: this.endpoints, stack })));
    } catch (e) {
      this.state = d.snapshot();
      throw e;
    } finally {
      this.lastSteps = d.steps;
    }
  }

  /** `pulumi refresh`: Read every resource; an empty id drops it, returned inputs replace the old ones. */
  async refresh(): Promise<void> {
    this.state = await inNewProcess(async () => {
      const sem = new Semaphore(this.parallel);
      const read = await Promise.all(this.state.map((r) => sem.run(() => this.read(r))));
      return read.filter((r): r is Resource => r !== undefined);
    });
  }

  private async read(r: Resource): Promise<Resource | undefined> {
    const res = await handlers.read(r.kind, r.id, wire(r.outputs));
    if (res.id === undefined || res.id === "") return undefined;
    const inputs = res.inputs === undefined ? r.inputs : wire(res.inputs as Bag);
    return { ...r, id: res.id, outputs: wire((res.props ?? {}) as Bag), inputs };
  }

  resources(): readonly Resource[] {
    return this.state;
  }
}
