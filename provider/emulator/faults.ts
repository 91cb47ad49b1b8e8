/**
 * Fault injection: failures, latency, connection resets and hangs for requests matching a
 * {@link RouteMatch}. Consulted once per API request (never for `/__emulator/*`).
 */
import type { RouteMatch } from "./types";

/** A pending fault of one kind. `remaining` undefined = until cleared (latency only). */
interface Pending<T> {
  readonly match: RouteMatch;
  remaining: number | undefined;
  readonly value: T;
}

/** The injected failure answer. */
export interface FailSpec {
  readonly status: number;
  readonly body?: unknown;
  readonly retryAfterSeconds?: number;
}

/** What to do with one request. */
export interface FaultPlan {
  readonly latencyMs: number;
  readonly action?: "hang" | "reset" | { fail: FailSpec };
}

function matches(m: RouteMatch, method: string, path: string): boolean {
  if (m.method !== undefined && m.method.toUpperCase() !== method) return false;
  if (m.path === undefined) return true;
  return typeof m.path === "string" ? m.path === path : m.path.test(path);
}

function take<T>(list: Array<Pending<T>>, method: string, path: string): T | undefined {
  const i = list.findIndex((p) => matches(p.match, method, path));
  const p = list[i];
  if (p === undefined) return undefined;
  if (p.remaining !== undefined) {
    p.remaining -= 1;
    if (p.remaining <= 0) list.splice(i, 1);
  }
  return p.value;
}

/** The pending faults. */
export class FaultRegistry {
  private fails: Array<Pending<FailSpec>> = [];
  private latencies: Array<Pending<number>> = [];
  private resets: Array<Pending<true>> = [];
  private hangs: Array<Pending<true>> = [];

  /** Answer the next `count` matching requests with `spec`. */
  failNext(match: RouteMatch, spec: FailSpec, count = 1): void {
    this.fails.push({ match, remaining: count, value: spec });
  }

  /** Delay matching requests (the next `count`, or all until cleared). */
  addLatency(match: RouteMatch, ms: number, count?: number): void {
    this.latencies.push({ match, remaining: count, value: ms });
  }

  /** Destroy the connection of the next `count` matching requests. */
  resetNext(match: RouteMatch, count = 1): void {
    this.resets.push({ match, remaining: count, value: true });
  }

  /** Never answer the next `count` matching requests. */
  hangNext(match: RouteMatch, count = 1): void {
    this.hangs.push({ match, remaining: count, value: true });
  }

  /** Forgets every pending fault. */
  clear(): void {
    this.fails = [];
    this.latencies = [];
    this.resets = [];
    this.hangs = [];
  }

  /** True when nothing is pending (the fast path). */
  get empty(): boolean {
    return this.fails.length + this.latencies.length + this.resets.length + this.hangs.length === 0;
  }

  /** Consumes the faults that apply to this request (path below `/netlox/v1`, no query). */
  plan(method: string, path: string): FaultPlan {
    if (this.empty) return { latencyMs: 0 };
    const latencyMs = take(this.latencies, method, path) ?? 0;
    if (take(this.hangs, method, path) === true) return { latencyMs, action: "hang" };
    if (take(this.resets, method, path) === true) return { latencyMs, action: "reset" };
    const fail = take(this.fails, method, path);
    return fail === undefined ? { latencyMs } : { latencyMs, action: { fail } };
  }
}
