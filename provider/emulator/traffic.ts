/**
 * Simulated traffic (`handle.traffic`): spreads packets and bytes over a rule's serving endpoints
 * (weighted for `sel=priority`, evenly otherwise), moves endpoint counters and the metric totals.
 */
import type { StoredRule } from "./rule-store";
import type { StoredEndpoint } from "./reconcile";
import type { TrafficSpec } from "./types";

/** Per service, client and endpoint totals behind `/metrics` and `/metrics/*`. */
export class TrafficTotals {
  packets = 0;
  bytes = 0;
  readonly byProtocol = new Map<string, { packets: number; bytes: number }>();
  /** Flows (one per `traffic()` call) per service. */
  readonly requestsByService = new Map<string, number>();
  readonly errorsByService = new Map<string, number>();
  /** `service|sip|dip` → packets, bytes. */
  readonly interactions = new Map<string, { packets: number; bytes: number }>();
  readonly packetsByClient = new Map<string, number>();
  /** Distinct `(protocol, service, sip)` conversations: the simulated conntrack table. */
  readonly conntrack = new Set<string>();
  newFlows = 0;
}

/** The service name metrics use for a rule: its name, or its key when unnamed. */
export function serviceName(rule: StoredRule): string {
  return rule.sa.name !== undefined && rule.sa.name !== "" ? rule.sa.name : rule.key;
}

function bump<K>(m: Map<K, number>, k: K, by: number): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

/** Splits `total` over `shares` (integer parts, remainder to the first endpoints). */
function split(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const parts = shares.map((s) => (sum === 0 ? 0 : Math.floor((total * s) / sum)));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0 && parts.length > 0; i = (i + 1) % parts.length) {
    if ((shares[i] ?? 0) > 0 || sum === 0) {
      parts[i] = (parts[i] ?? 0) + 1;
      rest -= 1;
    }
  }
  return parts;
}

/** Applies one traffic spec to a rule whose serving endpoints are `serving`. */
export function applyTraffic(
  totals: TrafficTotals,
  rule: StoredRule,
  serving: readonly StoredEndpoint[],
  spec: TrafficSpec,
): void {
  const svc = serviceName(rule);
  const sip = spec.sourceIP ?? "198.51.100.1";
  totals.newFlows += 1;
  totals.conntrack.add(`${spec.protocol}|${svc}|${sip}`);
  bump(totals.requestsByService, svc, 1);
  if (serving.length === 0) {
    bump(totals.errorsByService, svc, 1);
    return;
  }
  const shares = serving.map((e) => (rule.sa.sel === "priority" ? e.weight : 1));
  const packets = split(spec.packets, shares);
  const bytes = split(spec.bytes, shares);
  serving.forEach((e, i) => {
    const p = packets[i] ?? 0;
    const b = bytes[i] ?? 0;
    e.packets += p;
    e.bytes += b;
    const k = `${svc}|${sip}|${e.ip}`;
    const cur = totals.interactions.get(k) ?? { packets: 0, bytes: 0 };
    totals.interactions.set(k, { packets: cur.packets + p, bytes: cur.bytes + b });
  });
  totals.packets += spec.packets;
  totals.bytes += spec.bytes;
  const proto = totals.byProtocol.get(spec.protocol) ?? { packets: 0, bytes: 0 };
  totals.byProtocol.set(spec.protocol, {
    packets: proto.packets + spec.packets,
    bytes: proto.bytes + spec.bytes,
  });
  bump(totals.packetsByClient, sip, spec.packets);
}
