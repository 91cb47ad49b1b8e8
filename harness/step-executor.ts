/**
 * Step execution: a registration's chain runs serially on one worker, an antichain of deletes in
 * parallel, at most `parallel` workers at once; after the deployment's first failure nothing new
 * starts. Mirrors `pkg/resource/deploy/step_executor.go` (`ExecuteSerial`, `ExecuteParallel`) of
 * the engine, re-implemented; what each step does is in step.ts.
 */
import { Semaphore } from "./semaphore";
import { applyStep, deleteResource, type Generated, type StepEnv } from "./step";
import type { DeploymentState, ResState } from "./types";

/** What the executor needs from the deployment that owns it. */
export interface ExecutorHooks {
  /** The deployment's first failure, if any. */
  failure(): Error | undefined;
  /** Fail the deployment. */
  fail(e: unknown): void;
  /** Count a promise as in flight until it settles (the deployment drains them). */
  track<T>(p: Promise<T>): Promise<T>;
}

export class StepExecutor {
  private readonly workers: Semaphore;

  constructor(
    private readonly env: StepEnv,
    private readonly state: DeploymentState,
    parallel: number,
    private readonly hooks: ExecutorHooks,
  ) {
    this.workers = new Semaphore(parallel);
  }

  /** `ExecuteSerial`: run one registration's chain on a worker; returns the state to answer with. */
  executeChain(gen: Generated): Promise<ResState> {
    return this.hooks.track(
      this.workers.run(async () => {
        const failure = this.hooks.failure();
        if (failure) throw new Error(`skipped: ${failure.message}`);
        for (const step of gen.steps) await applyStep(this.env, this.state, step);
        return gen.result;
      }),
    );
  }

  /**
   * `ExecuteParallel` for one antichain of deletes, each on a worker; `alreadyDeleted` ones only
   * leave the state. A failure fails the deployment.
   */
  async executeDeletes(chain: readonly ResState[], alreadyDeleted: ReadonlySet<ResState>): Promise<void> {
    await Promise.all(
      chain.map((r) =>
        this.hooks.track(
          this.workers.run(async () => {
            try {
              if (!alreadyDeleted.has(r)) await deleteResource(this.env, r);
              this.state.removed.add(r);
            } catch (e) {
              this.hooks.fail(e);
            }
          }),
        ),
      ),
    );
  }
}
