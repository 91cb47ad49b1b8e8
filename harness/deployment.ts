/**
 * One engine operation over the harness's state: the coordinator that owns the deployment's state
 * and wires step generation (step-generator.ts, delete-steps.ts) to step execution
 * (step-executor.ts, step.ts). Follows `pkg/resource/deploy/deployment_executor.go` of the engine
 * (v3.260), re-implemented: it serves each registration as it arrives and, after a successful
 * program, runs the deletes.
 *
 * Concurrency model (as in the engine with its default options): step *generation* (Check, Diff,
 * and the DBR dependents' Diffs) runs one registration at a time in arrival order; step *execution*
 * (Create/Update/Delete chains) runs in parallel, up to `parallel` chains at once. A registration is
 * answered when its chain has run. The first failure fails the deployment: chains in flight finish,
 * nothing new starts.
 */
import { generateDeletes } from "./delete-steps";
import { stepBase } from "./plan";
import { applyRead, type Generated } from "./step";
import { StepExecutor } from "./step-executor";
import { StepGenerator, type GeneratorEnv } from "./step-generator";
import type {
  CheckFailure,
  DeploymentState,
  PlanStep,
  ReadRegistration,
  Registration,
  RegistrationAnswer,
  ResState,
} from "./types";
import { clone, type WireMap } from "./wire";

// The names the rest of the harness imports from here.
export { CheckFailedError } from "./plan";
export { blankState, computeUrn } from "./resource-state";
export { Semaphore } from "./semaphore";
export type { ResState } from "./types";

export interface DeploymentEnv extends GeneratorEnv {
  readonly parallel: number;
  /** The snapshot to start from (the deployment works on a copy). */
  readonly snapshot: readonly ResState[];
}

export class Deployment {
  private readonly state: DeploymentState;
  private readonly generator: StepGenerator;
  private readonly executor: StepExecutor;
  failure: Error | undefined;
  private onFailure: (() => void)[] = [];
  private genChain: Promise<unknown> = Promise.resolve();
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly env: DeploymentEnv) {
    const prev = clone([...env.snapshot]);
    const olds = new Map<string, ResState>();
    for (const r of prev) if (!r.pendingDelete) olds.set(r.urn, r);
    this.state = {
      prev,
      olds,
      seen: new Set(),
      deletes: new Set(),
      pendingDeletes: new Set(),
      dependentReplaceKeys: new Map(),
      sames: new Set(),
      updates: new Set(),
      replaces: new Set(),
      reads: new Set(),
      news: [],
      removed: new Set(),
      steps: [],
      failures: [],
    };
    this.generator = new StepGenerator(env, this.state);
    this.executor = new StepExecutor(env, this.state, env.parallel, {
      failure: () => this.failure,
      fail: (e) => this.fail(e),
      track: (p) => this.track(p),
    });
  }

  get preview(): boolean {
    return this.env.preview;
  }

  /** Working copy of the starting snapshot. */
  get prev(): ResState[] {
    return this.state.prev;
  }

  /** New states in completion order. */
  get news(): ResState[] {
    return this.state.news;
  }

  /** Old states that left the snapshot (deleted, or superseded by a new state). */
  get removed(): Set<ResState> {
    return this.state.removed;
  }

  get steps(): PlanStep[] {
    return this.state.steps;
  }

  get failures(): CheckFailure[] {
    return this.state.failures;
  }

  /** Resolves at the first failure. */
  readonly failed = new Promise<void>((resolve) => {
    this.onFailure.push(resolve);
  });

  fail(e: unknown): void {
    if (this.failure) return;
    this.failure = e instanceof Error ? e : new Error(String(e));
    for (const f of this.onFailure) f();
    this.onFailure = [];
  }

  /** Wait for every chain in flight. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const forget = () => this.inflight.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** Run `fn` after every generation started before it (generation is serialized). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const r = this.genChain.then(fn);
    this.genChain = r.catch(() => undefined);
    return this.track(r);
  }

  private bailed(): RegistrationAnswer {
    return { ok: false, error: `the deployment failed: ${this.failure?.message ?? "unknown error"}` };
  }

  /** Serve one registration: generate its steps, run them, answer with the resulting state. */
  async onRegister(reg: Registration): Promise<RegistrationAnswer> {
    if (this.failure) return this.bailed();
    let gen: Generated;
    try {
      gen = await this.serial(() => this.generator.generate(reg));
    } catch (e) {
      this.fail(e);
      return { ok: false, error: (e as Error).message };
    }
    if (this.failure) return this.bailed();
    try {
      const state = await this.executor.executeChain(gen);
      return { ok: true, urn: state.urn, id: state.id, object: clone(state.outputs) };
    } catch (e) {
      this.fail(e);
      return { ok: false, error: (e as Error).message };
    }
  }

  /** `get` of an existing resource by id (`opts.id`): a Read, recorded as external. */
  async onRead(reg: ReadRegistration): Promise<{ ok: true; object: WireMap } | { ok: false; error: string }> {
    if (this.failure) return { ok: false, error: `the deployment failed: ${this.failure.message}` };
    try {
      const state = await this.serial(async () => {
        const urn = this.generator.registerRead(reg);
        const s = await applyRead(this.env, this.state, urn, reg);
        this.state.steps.push({ ...stepBase(s), op: "read" });
        return s;
      });
      return { ok: true, object: clone(state.outputs) };
    } catch (e) {
      this.fail(e);
      return { ok: false, error: (e as Error).message };
    }
  }

  /** After the program: the deletes, generated and scheduled, then executed antichain by antichain. */
  async performDeletes(): Promise<void> {
    const { chains, alreadyDeleted } = generateDeletes(this.state);
    for (const chain of chains) {
      if (this.failure) return;
      await this.executor.executeDeletes(chain, alreadyDeleted);
    }
  }

  /** The snapshot after this deployment (only meaningful when not a preview). */
  result(): ResState[] {
    return [...this.news, ...this.prev.filter((r) => !this.removed.has(r))];
  }
}
