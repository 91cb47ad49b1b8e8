/**
 * Octavia specs → one LoxiLB rule (pure). One rule per listener: key (VIP, port[, portMax], L4
 * protocol) from the load balancer and listener, selection from the pool, probe settings from the
 * health monitor, endpoints from the enabled members. See docs/mapping.md and docs/design-translation.md.
 */
import {
  ruleKeyOf,
  type LbEndpoint,
  type LbProtocol,
  type LbSelect,
  type LoadbalanceEntry,
  type RuleKey,
  type ServiceArguments,
} from "../api/model";
import { canonicalIp, normalizeCidr } from "../api/ip";
import { endpointKey, ruleName } from "../api/rule-identity";
import type {
  HealthMonitorSpec,
  ListenerSpec,
  LoadBalancerSpec,
  MemberSpec,
  PoolSpec,
} from "../octavia/specs";
import { LOXILB_MAX_IDLE_TIMEOUT_MS } from "../octavia/listener-spec";
import { classifyRuleChange, decideRuleChange } from "./rule-change";
import { planWeights } from "./weights";

/**
 * Everything one LoxiLB rule is built from: the Octavia specs of the load balancer, listener, pool
 * and health monitor, every member the program declares now, and the ids that name the rule.
 */
export interface RuleSpec {
  readonly lb: LoadBalancerSpec;
  readonly listener: ListenerSpec;
  readonly pool: PoolSpec;
  /** The pool's health monitor, if one is declared (whatever the order in the program). */
  readonly monitor?: HealthMonitorSpec | undefined;
  /** Every member of the pool the program declares now (disabled and drained ones included). */
  readonly members: readonly MemberSpec[];
  readonly lbId: string;
  readonly listenerId: string;
}

/** The loxilb L4 protocol of a listener protocol: HTTP and HTTPS are TCP pass-through. */
export function l4Protocol(protocol: ListenerSpec["protocol"] | "TERMINATED_HTTPS"): LbProtocol {
  if (protocol === "UDP") return "udp";
  if (protocol === "SCTP") return "sctp";
  return "tcp";
}

/** The rule key of a listener, in the shape `ruleKeyOf` gives for a live rule (VIP in canonical form). */
export function ruleKeyFor(lb: Pick<LoadBalancerSpec, "vipAddress">, listener: ListenerSpec): RuleKey {
  return ruleKeyOf({
    externalIP: canonicalIp(lb.vipAddress),
    port: listener.protocolPort,
    protocol: l4Protocol(listener.protocol),
    portMax: portMaxOf(listener),
  });
}

function portMaxOf(listener: ListenerSpec): number {
  return listener.portMax !== undefined && listener.portMax !== listener.protocolPort ? listener.portMax : 0;
}

/**
 * loxilb selection for a pool. SOURCE_IP (and SOURCE_IP persistence) → `persist`, which keys on the
 * client address; SOURCE_IP_PORT → `hash`, the kernel flow hash (addresses and ports); see
 * docs/design-translation.md for the loxilb-ebpf evidence. `weighted` picks `priority` for ROUND_ROBIN.
 */
export function selectionFor(pool: Pick<PoolSpec, "lbMethod" | "persistence">, weighted: boolean): LbSelect {
  if (pool.persistence?.type === "SOURCE_IP") return "persist";
  switch (pool.lbMethod) {
    case "ROUND_ROBIN":
      return weighted ? "priority" : "rr";
    case "LEAST_CONNECTIONS":
      return "lc";
    case "SOURCE_IP":
      return "persist";
    case "SOURCE_IP_PORT":
      return "hash";
  }
}

const MONITOR_L4: Record<HealthMonitorSpec["type"], "tcp" | "udp" | "sctp" | "ping"> = {
  TCP: "tcp",
  "UDP-CONNECT": "udp",
  SCTP: "sctp",
  PING: "ping",
};

type ProbeArgs = Pick<
  ServiceArguments,
  "monitor" | "probetype" | "probeport" | "probeTimeout" | "probeRetries"
>;

/**
 * Probe settings. A monitor of the listener's own L4 protocol leaves `probetype` unset, so loxilb
 * probes every endpoint on its own targetPort; PING is `ping` on port 0. (`check` refuses other
 * protocols; were one to get here, it probes the listener port.) No or disabled monitor → no probe.
 */
export function probeFor(listener: ListenerSpec, monitor: HealthMonitorSpec | undefined): ProbeArgs {
  if (monitor === undefined || !monitor.adminStateUp) return { monitor: false };
  const timing = { probeTimeout: monitor.delay, probeRetries: monitor.maxRetriesDown };
  const kind = MONITOR_L4[monitor.type];
  if (kind === "ping") return { monitor: true, probetype: "ping", probeport: 0, ...timing };
  if (kind === l4Protocol(listener.protocol)) return { monitor: true, ...timing };
  return { monitor: true, probetype: kind, probeport: listener.protocolPort, ...timing };
}

/**
 * loxilb `inactiveTimeOut` (s) from the listener's idle timeouts: the larger of timeoutClientData and
 * timeoutMemberData (a session is idle only when both sides are), rounded up to whole seconds and
 * capped at 86,400; undefined (loxilb's default) when neither is set above 0.
 */
export function idleTimeoutFor(listener: ListenerSpec): number | undefined {
  const ms = Math.max(listener.timeoutClientData ?? 0, listener.timeoutMemberData ?? 0);
  return ms === 0 ? undefined : Math.ceil(Math.min(ms, LOXILB_MAX_IDLE_TIMEOUT_MS) / 1000);
}

/** Members that become endpoints: admin up, weight above 0, first of any duplicate address:port. */
export function enabledMembers(members: readonly MemberSpec[]): MemberSpec[] {
  const seen = new Set<string>();
  return members.filter((m) => {
    const key = endpointKey(m.address, m.protocolPort);
    if (!m.adminStateUp || m.weight === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Allowed sources: each CIDR as its network in canonical form (as loxilb reports it), duplicates dropped. */
export function allowedSourcesFor(listener: ListenerSpec): Array<{ prefix: string }> {
  const prefixes = listener.allowedCidrs.map((c) => normalizeCidr(c) ?? c);
  return [...new Set(prefixes)].map((prefix) => ({ prefix }));
}

/** The full desired rule: every setting plus one endpoint per enabled member. */
export function buildRule(input: RuleSpec): LoadbalanceEntry {
  const { lb, listener, pool } = input;
  const members = enabledMembers(input.members);
  const plan = planWeights(
    members.map((m) => m.weight),
    pool,
  );
  const idle = idleTimeoutFor(listener);
  const serviceArguments: ServiceArguments = {
    externalIP: canonicalIp(lb.vipAddress),
    port: listener.protocolPort,
    portMax: portMaxOf(listener),
    protocol: l4Protocol(listener.protocol),
    sel: selectionFor(pool, plan.weighted),
    mode: lb.natMode,
    name: ruleName(input.lbId, input.listenerId),
    bgp: lb.bgp,
    proxyprotocolv2: pool.protocol === "PROXYV2",
    ...probeFor(listener, input.monitor),
    ...(idle !== undefined ? { inactiveTimeOut: idle } : {}),
  };
  const endpoints: LbEndpoint[] = members.map((m, i) => ({
    endpointIP: canonicalIp(m.address),
    targetPort: m.protocolPort,
    weight: plan.weights[i] ?? 1,
  }));
  return { serviceArguments, endpoints, allowedSources: allowedSourcesFor(listener) };
}

/** False when the load balancer, listener or pool is administratively down: the rule must not exist. */
export function ruleEnabled(input: {
  readonly lb: Pick<LoadBalancerSpec, "adminStateUp">;
  readonly listener: Pick<ListenerSpec, "adminStateUp">;
  readonly pool: Pick<PoolSpec, "adminStateUp">;
}): boolean {
  return input.lb.adminStateUp && input.listener.adminStateUp && input.pool.adminStateUp;
}

/** The rule `input` asks for, or undefined when it must not exist (disabled, or no enabled member). */
export function desiredRule(input: RuleSpec): LoadbalanceEntry | undefined {
  if (!ruleEnabled(input)) return undefined;
  const rule = buildRule(input);
  return rule.endpoints.length > 0 ? rule : undefined;
}

export type RuleSpecAction = "none" | "create" | "delete" | "in-place" | "recreate";

/**
 * What a spec change does to the rule, without I/O (for `diff` and preview): `recreate` when loxilb
 * cannot apply it in place (a field it never changes, or only fields it ignores on their own, or a
 * new key), with the reasons.
 */
export function ruleSpecChange(
  before: RuleSpec,
  after: RuleSpec,
): { action: RuleSpecAction; reasons: string[] } {
  const b = desiredRule(before);
  const a = desiredRule(after);
  if (b === undefined && a === undefined) return { action: "none", reasons: [] };
  if (b === undefined)
    return { action: "create", reasons: ["the rule starts to exist (enabled, with endpoints)"] };
  if (a === undefined)
    return { action: "delete", reasons: ["the rule is disabled or has no enabled member"] };
  if (JSON.stringify(ruleKeyOf(b.serviceArguments)) !== JSON.stringify(ruleKeyOf(a.serviceArguments))) {
    return { action: "recreate", reasons: ["key: the VIP, port range or protocol changes"] };
  }
  const d = decideRuleChange(classifyRuleChange(b, a, true));
  return { action: d.action === "update" ? "in-place" : d.action, reasons: d.reasons };
}

/** `recreate` when the spec change needs the rule deleted and created again, else `in-place`. */
export function ruleActionForSpecChange(before: RuleSpec, after: RuleSpec): "in-place" | "recreate" {
  return ruleSpecChange(before, after).action === "recreate" ? "recreate" : "in-place";
}
