/**
 * Measuring helpers for the provider benchmarks: API calls by method, bytes sent and writes per
 * rule from an emulator's request log, percentiles, rule-absent time, a bounded-concurrency runner.
 */
import type { EmulatorHandle, RequestLogEntry } from "../provider/emulator/types";
import type { BenchRow } from "./emulator-bench";

export interface CallStats {
  /** Requests by method (every path). */
  readonly byMethod: Record<string, number>;
  readonly total: number;
  /** POST/DELETE/PUT/PATCH on `/config/loadbalancer...`. */
  readonly writes: number;
  /** Bytes of request bodies (JSON text length). */
  readonly bytesSent: number;
  /** Writes per rule key (`ip:port/proto`). */
  readonly writesPerRule: Record<string, number>;
  readonly getAll: number;
}

const LB_PATH = "/netlox/v1/config/loadbalancer";

/** The rule key a write touches: from the POST body, or the DELETE path. */
export function writeKey(r: RequestLogEntry): string {
  const m = /externalipaddress\/([^/]+)\/port\/(\d+)\/protocol\/([a-z]+)/.exec(r.path);
  if (m !== null) return `${m[1]}:${m[2]}/${m[3]}`;
  const sa = (r.body as { serviceArguments?: { externalIP?: string; port?: number; protocol?: string } })
    ?.serviceArguments;
  return `${sa?.externalIP ?? "?"}:${sa?.port ?? "?"}/${sa?.protocol ?? "tcp"}`;
}

export const isWrite = (r: RequestLogEntry): boolean => r.method !== "GET" && r.path.startsWith(LB_PATH);

export function callStats(requests: readonly RequestLogEntry[]): CallStats {
  const byMethod: Record<string, number> = {};
  const writesPerRule: Record<string, number> = {};
  let bytesSent = 0;
  let writes = 0;
  let getAll = 0;
  for (const r of requests) {
    byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
    if (r.body !== undefined)
      bytesSent += (typeof r.body === "string" ? r.body : JSON.stringify(r.body)).length;
    if (r.method === "GET" && r.path.startsWith(`${LB_PATH}/all`)) getAll += 1;
    if (isWrite(r)) {
      writes += 1;
      const key = writeKey(r);
      writesPerRule[key] = (writesPerRule[key] ?? 0) + 1;
    }
  }
  return { byMethod, total: requests.length, writes, bytesSent, writesPerRule, getAll };
}

export const maxOf = (xs: Record<string, number>): number => Math.max(0, ...Object.values(xs));

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

/** Total time (ms) rules were absent after first creation; open intervals count up to `now`. */
export function absentMs(e: EmulatorHandle, now = Date.now()): number {
  return e.absentTimeline().reduce((sum, i) => sum + ((i.to ?? now) - i.from), 0);
}

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export const ms = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e6;

/** Run `jobs` with at most `limit` in flight (the engine's `--parallel`). */
export async function runLimited<T>(limit: number, jobs: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

/** A row with a target: `ratioToTarget` > 1 is better than the target. */
export function targetRow(
  metric: string,
  value: number,
  unit: string,
  target: number,
  higherIsBetter: boolean,
): BenchRow {
  const ratio = higherIsBetter ? value / target : value === 0 ? Infinity : target / value;
  return {
    metric,
    value: round(value),
    unit,
    target,
    ratioToTarget: Number.isFinite(ratio) ? round(ratio) : 999,
  };
}

export const plainRow = (metric: string, value: number, unit: string): BenchRow => ({
  metric,
  value: round(value),
  unit,
});
