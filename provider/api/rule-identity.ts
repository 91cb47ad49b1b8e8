/**
 * Identity, as loxilb compares it, in one place: a rule's key (host, externalIP, protocol, port,
 * portMax, block), finding a rule by key in a listing, an endpoint's key (address and target port),
 * and the names this provider gives rules. IP literals are compared in canonical form everywhere
 * (`2001:DB8::1` and `2001:db8:0::1` are one VIP), as loxilb parses them before comparing.
 * The client, the rule writer, the status reads and the emulator all use these.
 */
import type { LbProtocol } from "./enums";
import { canonicalIp } from "./ip";
import type { LoadbalanceEntry, ServiceArguments } from "./loadbalancer-model";

export { canonicalIp };

/** The identity of a rule in loxilb: (host, externalIP, protocol, port, portMax, block). */
export interface RuleKey {
  readonly externalIP: string;
  readonly port: number;
  readonly protocol: LbProtocol;
  /** 0 (or equal to `port`) for a single port. */
  readonly portMax?: number;
  readonly block?: number;
  readonly host?: string;
}

/** The key of a rule as loxilb compares it (portMax 0 means "same as port"). */
export function ruleKeyOf(sa: ServiceArguments): RuleKey {
  return {
    externalIP: sa.externalIP,
    port: sa.port,
    protocol: sa.protocol ?? "tcp",
    portMax: sa.portMax !== undefined && sa.portMax !== 0 && sa.portMax !== sa.port ? sa.portMax : 0,
    block: sa.block ?? 0,
    host: sa.host ?? "",
  };
}

function normalizeKey(k: RuleKey): Required<RuleKey> {
  const portMax = k.portMax !== undefined && k.portMax !== 0 && k.portMax !== k.port ? k.portMax : 0;
  return {
    externalIP: canonicalIp(k.externalIP),
    port: k.port,
    protocol: k.protocol,
    portMax,
    block: k.block ?? 0,
    host: k.host ?? "",
  };
}

/** True when two keys name the same rule. */
export function sameRuleKey(a: RuleKey, b: RuleKey): boolean {
  const na = normalizeKey(a);
  const nb = normalizeKey(b);
  return (
    na.externalIP === nb.externalIP &&
    na.port === nb.port &&
    na.protocol === nb.protocol &&
    na.portMax === nb.portMax &&
    na.block === nb.block &&
    na.host === nb.host
  );
}

/** A readable form of a key, e.g. `tcp:192.0.2.10:80` or `tcp:192.0.2.10:80-90#block2`. */
export function formatRuleKey(k: RuleKey): string {
  const n = normalizeKey(k);
  const ports = n.portMax !== 0 ? `${n.port}-${n.portMax}` : `${n.port}`;
  const host = n.host !== "" ? `${n.host}/` : "";
  const block = n.block !== 0 ? `#block${n.block}` : "";
  return `${n.protocol}:${host}${n.externalIP}:${ports}${block}`;
}

/** The rule with `key` in a `GET /config/loadbalancer/all` listing, or undefined. */
export function findRule(rules: readonly LoadbalanceEntry[], key: RuleKey): LoadbalanceEntry | undefined {
  return rules.find((r) => sameRuleKey(ruleKeyOf(r.serviceArguments), key));
}

/** An endpoint's identity as loxilb matches it within a rule: canonical IP and target port. */
export function endpointKey(ip: string, port: number): string {
  return `${canonicalIp(ip)}|${port}`;
}

/** The name this provider gives a listener's rule, unique per listener (loxilb deletes by name across rules). */
export function ruleName(lbId: string, listenerId: string): string {
  return `octavia-${lbId}-${listenerId}`;
}

/** True when `name` is one this provider gave a rule of load balancer `lbId` (any of its listeners). */
export function isRuleOfLoadBalancer(name: string | undefined, lbId: string): boolean {
  return (name ?? "").startsWith(`octavia-${lbId}-`);
}
