/**
 * The rule table (pure, no I/O): rules keyed as loxilb keys them (host, externalIP, protocol, port,
 * portMax, block) in an O(1) map, with create, in-place reconcile (docs/loxilb-facts.md §10, §11)
 * and deletes.
 */
import { formatRuleKey, type LbProtocol, type ServiceArguments } from "../api/model";
import {
  consolidateEndpoints,
  newEndpoint,
  optionsChanged,
  sourcesQuirkChanged,
  type StoredEndpoint,
} from "./reconcile";
import { MAX_ENDPOINTS, type PreparedRule } from "./validate-rule";

/** loxinet's `MaxSrcLBMarkerNum`: only rules numbered up to this may carry allowedSources. */
export const MAX_SOURCE_RULE_NUM = 28;

/** A stored rule. `sa` holds the create-time fixed fields plus the updatable ones. */
export interface StoredRule {
  readonly key: string;
  readonly ruleNum: number;
  sa: ServiceArguments;
  /** Forced true at create when `probetype` is set and not `none`; never changed by re-POST. */
  readonly monitor: boolean;
  endpoints: StoredEndpoint[];
  readonly secondaryIPs: readonly string[];
  allowedSources: readonly string[];
}

/** The outcome of a POST: which key changed how, or loxinet's error text. */
export type ApplyResult =
  | { ok: true; key: string; change: "created" | "updated" | "deleted" }
  | { ok: false; error: string };

/** The key string of a rule (`formatRuleKey` of the canonical tuple). */
export function keyOf(
  externalIP: string,
  sa: { port: number; protocol?: LbProtocol; portMax?: number; block?: number; host?: string },
): string {
  return formatRuleKey({
    externalIP,
    port: sa.port,
    protocol: sa.protocol ?? "tcp",
    portMax: sa.portMax ?? 0,
    block: sa.block ?? 0,
    host: sa.host ?? "",
  });
}

/** Effective `inactiveTimeOut`: 0 means 240 s for tcp/sctp and 20 s otherwise (rules.go L1562-1570). */
export function effectiveInactiveTimeout(sa: ServiceArguments): number {
  const v = sa.inactiveTimeOut ?? 0;
  if (v !== 0) return v;
  return sa.protocol === "tcp" || sa.protocol === "sctp" ? 240 : 20;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The rule table with loxilb's numbering (FIFO reuse of freed rule numbers) and capacity. */
export class RuleStore {
  readonly rules = new Map<string, StoredRule>();
  private nextNum = 0;
  private readonly freed: number[] = [];

  constructor(private readonly maxRules: number) {}

  /** POST /config/loadbalancer after validation: create, reconcile in place, or fail. */
  apply(p: PreparedRule): ApplyResult {
    const key = keyOf(p.externalIP, p.sa);
    const existing = this.rules.get(key);
    if (existing !== undefined) return this.update(existing, p);
    if (p.sa.oper === "detach") return { ok: false, error: "lbrule not-exists error" };
    return this.create(key, p);
  }

  private create(key: string, p: PreparedRule): ApplyResult {
    if (this.rules.size >= this.maxRules) return { ok: false, error: "rule-hwm error" };
    const ruleNum = this.allocNum();
    if (p.allowedSources.length > 0 && ruleNum > MAX_SOURCE_RULE_NUM) {
      this.freeNum(ruleNum);
      return { ok: false, error: "rule-allowed-src error" };
    }
    const { oper: _oper, snat: _snat, ...sa } = p.sa;
    this.rules.set(key, {
      key,
      ruleNum,
      sa: { ...sa, externalIP: p.externalIP, inactiveTimeOut: effectiveInactiveTimeout(p.sa) },
      monitor: p.sa.monitor === true || (p.sa.probetype !== undefined && p.sa.probetype !== "none"),
      endpoints: p.endpoints.map(newEndpoint),
      secondaryIPs: p.secondaryIPs,
      allowedSources: p.allowedSources,
    });
    return { ok: true, key, change: "created" };
  }

  private update(rule: StoredRule, p: PreparedRule): ApplyResult {
    if (!sameList(rule.secondaryIPs, p.secondaryIPs)) return { ok: false, error: "secIP modify error" };
    const oper = p.sa.oper ?? "add";
    const cons = consolidateEndpoints(rule.endpoints, p.endpoints, oper);
    const changed =
      cons.changed ||
      optionsChanged(rule.sa, p.sa, rule.allowedSources, p.allowedSources) ||
      sourcesQuirkChanged(rule.allowedSources, p.allowedSources);
    if (!changed) return { ok: false, error: "lbrule-exists error" };
    if ((rule.sa.security ?? "plain") !== (p.sa.security ?? "plain")) {
      return { ok: false, error: "lbrule-exist error: cant modify rule security mode" };
    }
    if ((rule.sa.egress ?? false) !== (p.sa.egress ?? false)) {
      return { ok: false, error: "lbrule-exist error: cant modify rule egress mode" };
    }
    if (cons.endpoints.length === 0) {
      this.delete(rule.key);
      return { ok: true, key: rule.key, change: "deleted" };
    }
    if ((rule.sa.mode === "fullproxy") !== (p.sa.mode === "fullproxy")) {
      return { ok: false, error: "lbrule-exist error: cant modify fullproxy rule mode" };
    }
    if (p.allowedSources.length > 0 && rule.ruleNum > MAX_SOURCE_RULE_NUM) {
      return { ok: false, error: "rule-allowed-src error" };
    }
    rule.endpoints = cons.endpoints.length > MAX_ENDPOINTS ? p.endpoints.map(newEndpoint) : cons.endpoints;
    rule.allowedSources = p.allowedSources;
    rule.sa = this.updatedArgs(rule.sa, p.sa);
    return { ok: true, key: rule.key, change: "updated" };
  }

  /** Fields a successful re-POST updates (rules.go L1808-1846); name, bgp, managed, privateIP stay. */
  private updatedArgs(stored: ServiceArguments, next: ServiceArguments): ServiceArguments {
    const sa: Record<string, unknown> = { ...stored };
    const fields = [
      "probetype",
      "probeport",
      "probereq",
      "proberesp",
      "probeRetries",
      "probeTimeout",
    ] as const;
    for (const f of [...fields, "sel", "mode", "proxyprotocolv2"] as const) {
      if (next[f] === undefined) delete sa[f];
      else sa[f] = next[f];
    }
    sa["inactiveTimeOut"] = effectiveInactiveTimeout(next);
    return sa as ServiceArguments;
  }

  /** Removes one rule by key; false when absent (`no-rule error`). */
  delete(key: string): boolean {
    const rule = this.rules.get(key);
    if (rule === undefined) return false;
    this.rules.delete(key);
    this.freeNum(rule.ruleNum);
    return true;
  }

  /** Removes every rule with exactly this name; returns the removed keys (maybe none). */
  deleteByName(name: string): string[] {
    const keys = [...this.rules.values()].filter((r) => r.sa.name === name).map((r) => r.key);
    keys.forEach((k) => this.delete(k));
    return keys;
  }

  /** Removes every rule; returns the removed keys. */
  deleteAll(): string[] {
    const keys = [...this.rules.keys()];
    keys.forEach((k) => this.delete(k));
    return keys;
  }

  /** Restores a rule loaded from a state file, keeping its number. */
  restore(rule: StoredRule): void {
    this.rules.set(rule.key, rule);
    this.nextNum = Math.max(this.nextNum, rule.ruleNum + 1);
  }

  private allocNum(): number {
    if (this.nextNum < this.maxRules) return this.nextNum++;
    return this.freed.shift() ?? this.nextNum++;
  }

  private freeNum(n: number): void {
    this.freed.push(n);
  }
}
