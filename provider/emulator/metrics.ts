/**
 * Metric values derived from the emulator state, shared by the Prometheus exposition
 * (`metrics-prometheus.ts`) and the JSON `/metrics/*` bodies (`metrics-json.ts`).
 */
import type { EmulatorState } from "./emulator-state";

/** Healthy (`ok`) and unhealthy (`nok`/`red`) probe hosts. */
export function hostCounts(s: EmulatorState): { healthy: number; unhealthy: number } {
  let healthy = 0;
  for (const h of s.hosts.hosts.values()) if (s.hosts.stateOf(h) === "ok") healthy += 1;
  return { healthy, unhealthy: s.hosts.hosts.size - healthy };
}

/** Simulated conntrack entries of one protocol. */
export function flows(s: EmulatorState, proto: string): number {
  let n = 0;
  for (const c of s.totals.conntrack) if (c.startsWith(`${proto}|`)) n += 1;
  return n;
}

/** One `(service, sip, dip)` interaction with its packets and bytes. */
export interface Interaction {
  readonly service: string;
  readonly sip: string;
  readonly dip: string;
  readonly packets: number;
  readonly bytes: number;
}

/** Every `(service, client, endpoint)` interaction, in first-seen order. */
export function interactions(s: EmulatorState): Interaction[] {
  return [...s.totals.interactions].map(([k, v]) => {
    const [service = "", sip = "", dip = ""] = k.split("|");
    return { service, sip, dip, packets: v.packets, bytes: v.bytes };
  });
}

/** Sums `value` of the interactions grouped by `by` (e.g. service → endpoint → bytes). */
export function groupSum(
  list: readonly Interaction[],
  outer: (i: Interaction) => string,
  inner: (i: Interaction) => string,
  value: (i: Interaction) => number,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const i of list) {
    const m = out.get(outer(i)) ?? new Map<string, number>();
    m.set(inner(i), (m.get(inner(i)) ?? 0) + value(i));
    out.set(outer(i), m);
  }
  return out;
}

/** The sum of a map's values. */
export function total(m: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

/** `v` as a percentage of `of`, two decimals (0 when `of` is 0). */
export function percent(v: number, of: number): number {
  return of === 0 ? 0 : Math.round((v / of) * 10000) / 100;
}

/** Bytes per endpoint, per service. */
export function endpointBytes(s: EmulatorState): Map<string, Map<string, number>> {
  return groupSum(
    interactions(s),
    (i) => i.service,
    (i) => i.dip,
    (i) => i.bytes,
  );
}
