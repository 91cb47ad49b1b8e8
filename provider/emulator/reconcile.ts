/**
 * Re-POST of an existing rule (docs/loxilb-facts.md §10, §11): `getLBConsolidatedEPs` and the list
 * of compared fields. Pure and non-mutating, so a later 409 leaves the stored rule untouched.
 */
import type { LbOper, ServiceArguments } from "../api/model";
import type { PreparedEndpoint } from "./validate-rule";

/** A stored endpoint; `tomb` marks loxilb's `inActiveEP` (hidden from GET, revived by a later POST). */
export interface StoredEndpoint {
  readonly ip: string;
  readonly targetPort: number;
  weight: number;
  tomb: boolean;
  packets: number;
  bytes: number;
}

/** The consolidated list: whether anything changed, the new list and the endpoints that left. */
export interface Consolidated {
  readonly changed: boolean;
  readonly endpoints: StoredEndpoint[];
  readonly removed: StoredEndpoint[];
}

/** Creates a stored endpoint from a request endpoint. */
export function newEndpoint(ep: PreparedEndpoint): StoredEndpoint {
  return { ip: ep.ip, targetPort: ep.targetPort, weight: ep.weight, tomb: false, packets: 0, bytes: 0 };
}

/**
 * `getLBConsolidatedEPs`: endpoints match by IP and target port (each old entry matches the *first*
 * equal request entry). add: missing → tombstone (always a change), new → appended; attach: new →
 * appended, others kept; detach: matches removed.
 */
export function consolidateEndpoints(
  old: readonly StoredEndpoint[],
  req: readonly PreparedEndpoint[],
  oper: LbOper,
): Consolidated {
  const matched = new Array<boolean>(req.length).fill(false);
  const endpoints: StoredEndpoint[] = [];
  const removed: StoredEndpoint[] = [];
  let changed = false;
  for (const e of old) {
    const j = req.findIndex((n) => n.ip === e.ip && n.targetPort === e.targetPort);
    const n = req[j];
    if (n === undefined) {
      if (oper === "add") {
        changed = true;
        if (!e.tomb) removed.push(e);
        endpoints.push(e.tomb ? e : { ...e, tomb: true });
      } else endpoints.push(e);
      continue;
    }
    matched[j] = true;
    if (oper === "detach") {
      changed = true;
      removed.push(e);
      continue;
    }
    if (e.tomb || e.weight !== n.weight) {
      changed = true;
      endpoints.push({ ...e, tomb: false, weight: n.weight });
    } else endpoints.push(e);
  }
  if (oper !== "detach") {
    req.forEach((n, j) => {
      if (matched[j] === true) return;
      changed = true;
      endpoints.push(newEndpoint(n));
    });
  }
  return { changed, endpoints, removed };
}

/** loxinet's persist timeout: 10800 s for `sel=persist`, else 0. Compared, never shown. */
function persistTimeout(sa: ServiceArguments): number {
  return sa.sel === "persist" ? 10800 : 0;
}

/** The option compare of rules.go L1731-1737 (probe, persist timeout, sel, mode, ppv2, source count). */
export function optionsChanged(
  stored: ServiceArguments,
  next: ServiceArguments,
  storedSources: readonly string[],
  nextSources: readonly string[],
): boolean {
  return (
    (stored.probetype ?? "") !== (next.probetype ?? "") ||
    (stored.probeport ?? 0) !== (next.probeport ?? 0) ||
    (stored.probereq ?? "") !== (next.probereq ?? "") ||
    (stored.proberesp ?? "") !== (next.proberesp ?? "") ||
    persistTimeout(stored) !== persistTimeout(next) ||
    (stored.sel ?? "rr") !== (next.sel ?? "rr") ||
    (stored.mode ?? "dnat") !== (next.mode ?? "dnat") ||
    (stored.proxyprotocolv2 ?? false) !== (next.proxyprotocolv2 ?? false) ||
    storedSources.length !== nextSources.length
  );
}

/**
 * The inverted allowedSources loop of rules.go L1740-1754: a new prefix counts as a change only when
 * *no* stored prefix differs from it. So one unchanged prefix is a change and a replaced one is not.
 */
export function sourcesQuirkChanged(
  storedSources: readonly string[],
  nextSources: readonly string[],
): boolean {
  return nextSources.some((n) => !storedSources.some((s) => s !== n));
}
