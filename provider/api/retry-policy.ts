/**
 * The retry policy as a pure value: given the retry number and the failure, how long to wait before
 * the next attempt, or `undefined` for "do not retry". The loop that applies it lives in
 * `executor.ts`; tests drive this with a fixed `random` and assert exact delays.
 */
import { isRetryable, type LoxiLBError } from "./errors";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Delay before the first retry, in ms. */
  readonly baseDelayMs: number;
  /** Upper bound of the exponential delay, in ms. */
  readonly maxDelayMs: number;
  /** Upper bound honoured for a server's `Retry-After`, in ms. */
  readonly maxRetryAfterMs: number;
  /** Share of the delay that is randomized, in [0, 1]: 0.5 → the wait is between 50 % and 100 %. */
  readonly jitter: number;
}

/** Cap of the exponential backoff: 30 s. */
export const MAX_BACKOFF_MS = 30_000;
/** Cap of an honoured `Retry-After`: 60 s. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** Default jitter share. */
export const DEFAULT_JITTER = 0.5;

/** The policy from client options (`apiRetries` default 3, `apiRetryInterval` default 1 s). */
export function retryPolicyFrom(o: { apiRetries?: number; apiRetryInterval?: number }): RetryPolicy {
  return {
    retries: o.apiRetries ?? 3,
    baseDelayMs: Math.round((o.apiRetryInterval ?? 1) * 1000),
    maxDelayMs: MAX_BACKOFF_MS,
    maxRetryAfterMs: MAX_RETRY_AFTER_MS,
    jitter: DEFAULT_JITTER,
  };
}

/**
 * Exponential backoff with jitter: `min(cap, base · 2^n) · (1 − jitter + jitter · random())`, where `n`
 * is the 0-based retry number.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(exp * (1 - policy.jitter + policy.jitter * r));
}

/**
 * Wait before retry number `retry` (0-based) after `error`, or undefined when the error is not
 * retryable or the retries are spent. A `Retry-After` from the server wins over the backoff (capped).
 */
export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  error: LoxiLBError,
  random: () => number,
): number | undefined {
  if (retry >= policy.retries || !isRetryable(error)) return undefined;
  if (error._tag === "Http" && error.retryAfterMs !== undefined) {
    return Math.min(policy.maxRetryAfterMs, Math.max(0, error.retryAfterMs));
  }
  return backoffDelay(policy, retry, random);
}

/**
 * `Retry-After` as milliseconds: delta-seconds (`"5"`, `"1.5"`) or an HTTP date relative to `now`.
 * Undefined when absent or unparsable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
