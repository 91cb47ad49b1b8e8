/**
 * The loops that run calls, built from pure pieces: the retry policy (`retry-policy.ts`), the failover
 * steps (`endpoint-pool.ts`) and the replication outcome (`replication.ts`). Sleep, clock and
 * randomness are injected, so tests assert exact delays without timers.
 */
import { isLeft } from "fp-ts/Either";
import type { ApiCall } from "./api-call";
import { versionCall } from "./auth-api";
import { candidates, downFailures, markDown, markUp, type EndpointPool } from "./endpoint-pool";
import { AllEndpointsDownError, isLoxiLBError, isUnreachable, type LoxiLBError } from "./errors";
import { combineOutcomes, type InstanceOutcome } from "./replication";
import { stripUserInfo } from "./redact";
import { retryDelay, type RetryPolicy } from "./retry-policy";
import type { EndpointTransport } from "./transport";

/** Injected effects. */
export interface ExecutorDeps {
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
}

export class Executor {
  constructor(
    private readonly transports: ReadonlyMap<string, EndpointTransport>,
    private poolState: EndpointPool,
    private readonly policy: RetryPolicy,
    private readonly deps: ExecutorDeps,
  ) {}

  /** The current failover state (a snapshot). */
  get pool(): EndpointPool {
    return this.poolState;
  }

  /**
   * Failover: try the candidates in order; an unreachable one is marked down and the next is tried at
   * once, without sleeping. Any other failure ends the round. Retryable failures (and rounds where
   * every endpoint was unreachable) are retried with backoff; when retries are spent the error is the
   * HTTP/decode error, or {@link AllEndpointsDownError} listing each endpoint's last failure.
   */
  async failover<A>(call: ApiCall<A>): Promise<A> {
    for (let retry = 0; ; retry++) {
      let error: LoxiLBError | undefined;
      for (const c of candidates(this.poolState, this.deps.now())) {
        if (c.probeFirst && !(await this.probe(c.endpoint))) continue;
        try {
          return await this.attempt(c.endpoint, call);
        } catch (e) {
          const err = asLoxiLBError(e);
          if (isUnreachable(err)) continue;
          error = err;
          break;
        }
      }
      const failures = downFailures(this.poolState);
      const final = error ?? new AllEndpointsDownError(failures);
      const cause = error ?? failures.at(-1)?.error;
      const delay = cause === undefined ? undefined : retryDelay(this.policy, retry, cause, this.deps.random);
      if (delay === undefined) throw final;
      await this.deps.sleep(delay);
    }
  }

  /**
   * Replication: the call goes to every endpoint in parallel, each with its own retries. Resolves with
   * `combine` of the values only if all succeed; otherwise rejects with the `ReplicationError`.
   */
  async replicate<A>(call: ApiCall<A>, operation: string, combine: (values: A[]) => A): Promise<A> {
    const endpoints = [...this.transports.keys()];
    const outcomes = await Promise.all(
      endpoints.map(
        (endpoint): Promise<InstanceOutcome<A>> =>
          this.withRetries(endpoint, call).then(
            (value) => ({ endpoint, ok: true, value }),
            (e: unknown) => ({ endpoint, ok: false, error: asLoxiLBError(e) }),
          ),
      ),
    );
    const result = combineOutcomes(operation, outcomes, combine);
    if (isLeft(result)) throw result.left;
    return result.right;
  }

  /** One endpoint with retries (replication); keeps the failover state current for reads. */
  async withRetries<A>(endpoint: string, call: ApiCall<A>): Promise<A> {
    for (let retry = 0; ; retry++) {
      try {
        return await this.attempt(endpoint, call);
      } catch (e) {
        const err = asLoxiLBError(e);
        const delay = retryDelay(this.policy, retry, err, this.deps.random);
        if (delay === undefined) throw err;
        await this.deps.sleep(delay);
      }
    }
  }

  /**
   * `GET /version` on an endpoint that is down. Any answer (even an error status) proves it reachable:
   * it is marked up and true is returned; a network error or timeout restarts its cool-down.
   */
  async probe(endpoint: string): Promise<boolean> {
    try {
      await this.transport(endpoint).send(versionCall());
    } catch (e) {
      const err = asLoxiLBError(e);
      this.noteDown(endpoint, err);
      if (isUnreachable(err)) return false;
    }
    this.noteUp(endpoint);
    return true;
  }

  /** Record that the endpoint answered. */
  noteUp(endpoint: string): void {
    this.poolState = markUp(this.poolState, endpoint);
  }

  /** Record that the endpoint was unreachable (other errors say nothing about reachability). */
  noteDown(endpoint: string, error: LoxiLBError): void {
    if (isUnreachable(error)) this.poolState = markDown(this.poolState, endpoint, error, this.deps.now());
    else this.noteUp(endpoint);
  }

  /** One attempt: updates the failover state and applies the call's error-to-value recovery. */
  private async attempt<A>(endpoint: string, call: ApiCall<A>): Promise<A> {
    try {
      const value = await this.transport(endpoint).send(call);
      this.noteUp(endpoint);
      return value;
    } catch (e) {
      const err = asLoxiLBError(e);
      this.noteDown(endpoint, err);
      const recovered = call.recover?.(err);
      if (recovered !== undefined) return recovered;
      throw err;
    }
  }

  private transport(endpoint: string): EndpointTransport {
    const t = this.transports.get(endpoint);
    if (t === undefined) throw new Error(`unknown endpoint ${stripUserInfo(endpoint)}`);
    return t;
  }
}

/** Anything thrown below the executor is a LoxiLBError; anything else is a bug and propagates as is. */
function asLoxiLBError(e: unknown): LoxiLBError {
  if (isLoxiLBError(e)) return e;
  throw e;
}
