/**
 * Failover bookkeeping as pure step functions over an immutable {@link EndpointPool}: which endpoints
 * are up, which are down since when (and why), and which to try next. An endpoint that fails with a
 * network error or a timeout is marked down and skipped while it cools down
 * ({@link DEFAULT_COOL_DOWN_MS}); after that it is probed with `GET /version` before it is used again.
 * When every endpoint is down the cool-down is ignored: there is nothing better to try.
 */
import type { EndpointFailure, LoxiLBError } from "./errors";
import { stripUserInfo } from "./redact";

/** How long a failed endpoint is skipped before it is probed again: 30 s. */
export const DEFAULT_COOL_DOWN_MS = 30_000;

/** One endpoint's health. */
export interface EndpointStatus {
  readonly endpoint: string;
  /** When it was marked down (ms since epoch); undefined while it is up. */
  readonly downSince?: number;
  /** Its last network error or timeout (kept after recovery, for reports). */
  readonly lastError?: LoxiLBError;
}

/** Every configured endpoint in configured order (the first is preferred). */
export interface EndpointPool {
  readonly coolDownMs: number;
  readonly endpoints: readonly EndpointStatus[];
}

/** One step of a failover round: an endpoint, and whether it must pass a probe first. */
export interface Candidate {
  readonly endpoint: string;
  readonly probeFirst: boolean;
}

/** A pool with every endpoint up. */
export function initialPool(endpoints: readonly string[], coolDownMs = DEFAULT_COOL_DOWN_MS): EndpointPool {
  return { coolDownMs, endpoints: endpoints.map((endpoint) => ({ endpoint })) };
}

/**
 * The endpoints to try at `now`, in order: up ones as they are; down ones whose cool-down has passed,
 * each with a probe first; down ones still cooling down are skipped. When that leaves nothing, every
 * endpoint, each with a probe first.
 */
export function candidates(pool: EndpointPool, now: number): Candidate[] {
  const usable: Candidate[] = [];
  for (const s of pool.endpoints) {
    if (s.downSince === undefined) usable.push({ endpoint: s.endpoint, probeFirst: false });
    else if (now - s.downSince >= pool.coolDownMs) usable.push({ endpoint: s.endpoint, probeFirst: true });
  }
  if (usable.length > 0) return usable;
  return pool.endpoints.map((s) => ({ endpoint: s.endpoint, probeFirst: true }));
}

/** The endpoint answered: it is up (its last error is kept for reports). */
export function markUp(pool: EndpointPool, endpoint: string): EndpointPool {
  return update(pool, endpoint, (s) =>
    s.downSince === undefined
      ? s
      : { endpoint: s.endpoint, ...(s.lastError ? { lastError: s.lastError } : {}) },
  );
}

/** The endpoint was unreachable at `now`: down, and the cool-down (re)starts. */
export function markDown(
  pool: EndpointPool,
  endpoint: string,
  error: LoxiLBError,
  now: number,
): EndpointPool {
  return update(pool, endpoint, (s) => ({ endpoint: s.endpoint, downSince: now, lastError: error }));
}

/** True while the endpoint is not marked down. */
export function isUp(pool: EndpointPool, endpoint: string): boolean {
  return pool.endpoints.find((s) => s.endpoint === endpoint)?.downSince === undefined;
}

/** The last failure of every endpoint that is down, in configured order (for `AllEndpointsDown`). */
export function downFailures(pool: EndpointPool): EndpointFailure[] {
  const out: EndpointFailure[] = [];
  for (const s of pool.endpoints) {
    if (s.downSince !== undefined && s.lastError !== undefined)
      out.push({ endpoint: s.endpoint, error: s.lastError });
  }
  return out;
}

function update(
  pool: EndpointPool,
  endpoint: string,
  f: (s: EndpointStatus) => EndpointStatus,
): EndpointPool {
  if (!pool.endpoints.some((s) => s.endpoint === endpoint)) {
    throw new Error(`unknown endpoint ${stripUserInfo(endpoint)}`);
  }
  return { ...pool, endpoints: pool.endpoints.map((s) => (s.endpoint === endpoint ? f(s) : s)) };
}
