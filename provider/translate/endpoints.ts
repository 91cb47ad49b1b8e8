/**
 * Read-modify-write on a rule's endpoint list only. The writer owns the endpoints of its pool's
 * members (now or before); every other live endpoint was added outside Pulumi and survives.
 */
import type { LbEndpoint } from "../api/model";
import { canonicalIp } from "../api/ip";

/** An endpoint's identity as loxilb matches it: canonical IP and target port. */
export function endpointKey(ip: string, port: number): string {
  return `${canonicalIp(ip)}|${port}`;
}

const keyOf = (e: LbEndpoint): string => endpointKey(e.endpointIP, e.targetPort);

/** The request form of an endpoint (loxilb ignores `state` and `counter` on input). */
const requestForm = (e: LbEndpoint): LbEndpoint => ({
  endpointIP: e.endpointIP,
  targetPort: e.targetPort,
  weight: e.weight,
});

/**
 * Merge the desired endpoints into the live list.
 *
 * - `owned`: every address:port the pool's members have now or had before; with `desired`, these
 *   are the writer's. An owned live endpoint is replaced by its desired version, or dropped.
 * - Live endpoints that are not owned survive unchanged (weight included).
 * - Survivors keep their live order (loxilb keeps positions on re-POST); new desired endpoints are
 *   appended in desired order. IPs match canonically; duplicates collapse to the first.
 */
export function mergeEndpoints(
  live: readonly LbEndpoint[],
  desired: readonly LbEndpoint[],
  owned: ReadonlyArray<{ readonly ip: string; readonly port: number }>,
): LbEndpoint[] {
  const wanted = new Map<string, LbEndpoint>();
  for (const e of desired) if (!wanted.has(keyOf(e))) wanted.set(keyOf(e), e);
  const mine = new Set([...owned.map((o) => endpointKey(o.ip, o.port)), ...wanted.keys()]);
  const out: LbEndpoint[] = [];
  const placed = new Set<string>();
  for (const e of live) {
    const k = keyOf(e);
    if (placed.has(k)) continue;
    const next = mine.has(k) ? wanted.get(k) : e;
    if (next === undefined) continue;
    out.push(requestForm(next));
    placed.add(k);
  }
  for (const [k, e] of wanted) {
    if (placed.has(k)) continue;
    out.push(requestForm(e));
    placed.add(k);
  }
  return out;
}
