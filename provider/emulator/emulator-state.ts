/**
 * Everything the emulated loxilb holds: the rule table, probe hosts, traffic totals, HA instances and
 * the rule-absent timeline, plus the operations that keep them consistent with each other.
 */
import type { LoadbalanceEntryWire } from "../api/model";
import { EndpointHosts } from "./endpoint-hosts";
import { RuleStore, type StoredRule } from "./rule-store";
import { ruleWire } from "./rule-view";
import { AbsentTimeline } from "./timeline";
import { applyTraffic, TrafficTotals } from "./traffic";
import type { TrafficSpec } from "./types";

/** One HA instance (`/config/cistate`). */
export interface CiInstance {
  state: string;
  vip: string;
}

/** The emulated loxilb state. `onChange` runs after every successful mutation (state-file writes). */
export class EmulatorState {
  readonly store: RuleStore;
  readonly hosts = new EndpointHosts();
  readonly totals = new TrafficTotals();
  readonly timeline: AbsentTimeline;
  /** HA instances: `llb-inst0` starts NOT_DEFINED, as in loxilb (`CIInit`) until something sets a state. */
  readonly instances = new Map<string, CiInstance>([["llb-inst0", { state: "NOT_DEFINED", vip: "0.0.0.0" }]]);
  /** Whether `/metrics` is served (`--prometheus`; switched at run time by `/config/metrics`). */
  prometheus = false;
  onChange: () => void = () => {};

  constructor(maxRules: number, now: () => number) {
    this.store = new RuleStore(maxRules);
    this.timeline = new AbsentTimeline(now);
  }

  /** Book-keeping after the rule table changed for `key`. */
  ruleChanged(key: string, change: "created" | "updated" | "deleted"): void {
    const rule = this.store.rules.get(key);
    this.hosts.syncRule(key, rule);
    if (change === "created") this.timeline.created(key);
    if (change === "deleted") this.timeline.deleted(key);
    this.onChange();
  }

  /**
   * GET state of an endpoint: inactive only for `monitor` rules whose host is down
   * (docs/loxilb-facts.md §13).
   */
  endpointState = (rule: StoredRule, ip: string, targetPort: number): "active" | "inactive" =>
    rule.monitor && this.hosts.isDown(rule, ip, targetPort) ? "inactive" : "active";

  /** The rules as GET lists them (`goNulls` false: `[]` instead of `null`). */
  listRules(goNulls: boolean): LoadbalanceEntryWire[] {
    return [...this.store.rules.values()].map((r) => ruleWire(r, this.endpointState, goNulls));
  }

  /** Finds the rule traffic to (VIP, protocol, port) hits: exact key first, then a port range. */
  private ruleFor(spec: TrafficSpec): StoredRule | undefined {
    for (const r of this.store.rules.values()) {
      const sa = r.sa;
      if (sa.externalIP !== spec.externalIP || (sa.protocol ?? "tcp") !== spec.protocol) continue;
      const max = sa.portMax !== undefined && sa.portMax !== 0 ? sa.portMax : sa.port;
      if (spec.port >= sa.port && spec.port <= max) return r;
    }
    return undefined;
  }

  /** `handle.traffic`: throws when no rule serves that VIP, protocol and port. */
  traffic(spec: TrafficSpec): void {
    const rule = this.ruleFor(spec);
    if (rule === undefined) {
      throw new Error(`no rule serves ${spec.protocol}:${spec.externalIP}:${spec.port}`);
    }
    const serving = rule.endpoints.filter(
      (e) => !e.tomb && this.endpointState(rule, e.ip, e.targetPort) === "active",
    );
    applyTraffic(this.totals, rule, serving, spec);
    this.onChange();
  }
}
