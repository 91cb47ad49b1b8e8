/**
 * Live reads shared by the handlers: find a resource's rule (coalesced `GET .../all`), roll up its
 * status, and clean up rules a parent still owns on delete.
 */
import { formatRuleKey, type LoadbalanceEntry, type MetricSample, type RuleKey } from "../api/model";
import { isRuleOfLoadBalancer } from "../api/rule-identity";
import { listRulesCoalesced } from "../rules/read-cache";
import { clientFor } from "../runtime/connection";
import {
  loadBalancerOperatingStatus,
  memberOperatingStatus,
  poolOperatingStatus,
  listenerOperatingStatus,
} from "../translate/status";
import { ruleKeyFor } from "../translate/rule";
import type { OperatingStatus } from "../octavia/status";
import type { Bag } from "./handler-kit";
import { lbSpecOf, listenerSpecOf } from "./parent-specs";

/**
 * How long a status read waits for others before sending `GET .../all` (ms). The engine dispatches
 * a refresh's reads a few milliseconds apart; this lets one request serve each wave of them.
 */
export const STATUS_READ_GATHER_MS = 5;

/** Every rule loxilb lists, through the shared coalesced read. */
export async function allRules(bag: Bag): Promise<LoadbalanceEntry[]> {
  const { client, id } = clientFor(bag["connection"]);
  return listRulesCoalesced(id, client, undefined, 0, STATUS_READ_GATHER_MS);
}

/** Rules named after this load balancer (`octavia-<lbId>-…`). */
export async function lbRules(bag: Bag, lbId: string): Promise<LoadbalanceEntry[]> {
  return (await allRules(bag)).filter((r) => isRuleOfLoadBalancer(r.serviceArguments.name, lbId));
}

/**
 * LoxiLB's Prometheus samples (`GET /metrics`), or undefined when it runs without `--prometheus`
 * (503) or the read fails: statistics are best effort and never fail a refresh.
 */
export async function metricSamples(bag: Bag): Promise<MetricSample[] | undefined> {
  try {
    return await clientFor(bag["connection"]).client.getMetrics();
  } catch {
    return undefined;
  }
}

/** Delete rules by key (a 404 means already gone). */
export async function removeRules(bag: Bag, rules: readonly LoadbalanceEntry[]): Promise<void> {
  const { client } = clientFor(bag["connection"]);
  for (const r of rules) {
    const sa = r.serviceArguments;
    await client.deleteLoadBalancerRule(sa.externalIP, sa.port, sa.protocol ?? "tcp", {
      portMax: sa.portMax ?? 0,
      block: sa.block ?? 0,
      bgp: sa.bgp ?? false,
    });
  }
}

/** Pool-level status of one rule from its live endpoints (every endpoint counts, ours or not). */
export function ruleStatus(rule: LoadbalanceEntry | undefined, adminStateUp: boolean): OperatingStatus {
  if (rule === undefined) return "OFFLINE";
  const monitored = rule.serviceArguments.monitor === true;
  const members = rule.endpoints.map((endpoint) =>
    memberOperatingStatus({ endpoint, monitored, ruleEnabled: true }),
  );
  return poolOperatingStatus(members, adminStateUp);
}

/** Octavia roll-up for a load balancer: every listener's and every pool's status of its rules. */
export function loadBalancerStatus(bag: Bag, rules: readonly LoadbalanceEntry[]): OperatingStatus {
  const pools = rules.map((r) => ruleStatus(r, true));
  const listeners = pools.map((p) => listenerOperatingStatus([p], true));
  return loadBalancerOperatingStatus([...listeners, ...pools], bag["adminStateUp"] !== false);
}

/** The rule key of a resource from the parents' args it carries (`loadbalancer`, `listener`). */
export const keyOfBag = (bag: Bag): RuleKey => ruleKeyFor(lbSpecOf(bag), listenerSpecOf(bag));

/** The same key as text, e.g. `tcp:192.0.2.10:80`. */
export const keyText = (bag: Bag): string => formatRuleKey(keyOfBag(bag));
