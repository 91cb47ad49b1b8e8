/**
 * The load balancer's `statusTree` and `stats` outputs (pure), shaped like Octavia's
 * `GET /v2/lbaas/loadbalancers/{id}/status` and `/stats` (camelCase), from the rules LoxiLB holds
 * for the load balancer and its Prometheus samples. LoxiLB knows rules and endpoints, not pools,
 * members or monitors, so only the listener's id (from the rule name) is known below the load
 * balancer; docs/resources/load-balancer.md says what each field maps to.
 */
import { formatRuleKey, ruleKeyOf, type LoadbalanceEntry, type MetricSample } from "../api/model";
import type { OperatingStatus } from "../octavia/status";
import {
  listenerOperatingStatus,
  loadBalancerOperatingStatus,
  memberOperatingStatus,
  poolOperatingStatus,
} from "./status";

export interface StatusTreeMember {
  readonly address: string;
  readonly protocolPort: number;
  readonly provisioningStatus: "ACTIVE";
  readonly operatingStatus: OperatingStatus;
}

export interface StatusTreeHealthMonitor {
  /** The Octavia type the probe stands for: TCP, UDP-CONNECT, SCTP or PING. */
  readonly type: string;
  readonly provisioningStatus: "ACTIVE";
  readonly operatingStatus: "ONLINE";
}

export interface StatusTreePool {
  readonly provisioningStatus: "ACTIVE";
  readonly operatingStatus: OperatingStatus;
  readonly healthMonitor?: StatusTreeHealthMonitor;
  readonly members: readonly StatusTreeMember[];
}

export interface StatusTreeListener {
  /** The listener's id, from the rule name `octavia-<lbId>-<listenerId>`. */
  readonly id: string;
  readonly ruleName: string;
  /** `tcp:192.0.2.10:80`. */
  readonly ruleKey: string;
  readonly provisioningStatus: "ACTIVE";
  readonly operatingStatus: OperatingStatus;
  readonly pools: readonly StatusTreePool[];
}

export interface StatusTree {
  readonly loadbalancer: {
    readonly id: string;
    readonly name?: string;
    readonly provisioningStatus: "ACTIVE";
    readonly operatingStatus: OperatingStatus;
    readonly listeners: readonly StatusTreeListener[];
  };
}

/** Octavia's load-balancer statistics; null where LoxiLB reports nothing per load balancer. */
export interface LoadBalancerStats {
  readonly bytesIn: number;
  readonly bytesOut: number | null;
  readonly activeConnections: number | null;
  readonly totalConnections: number | null;
  readonly requestErrors: number | null;
}

const PROBE_TYPE: Record<string, string> = { tcp: "TCP", udp: "UDP-CONNECT", sctp: "SCTP", ping: "PING" };

function poolOf(rule: LoadbalanceEntry): StatusTreePool {
  const sa = rule.serviceArguments;
  const monitored = sa.monitor === true;
  const members = rule.endpoints.map((endpoint) => {
    const status = memberOperatingStatus({ endpoint, monitored, ruleEnabled: true });
    return {
      address: endpoint.endpointIP,
      protocolPort: endpoint.targetPort,
      provisioningStatus: "ACTIVE" as const,
      operatingStatus: status === "GONE" ? ("ERROR" as const) : status,
    };
  });
  const probe = sa.probetype ?? sa.protocol ?? "tcp";
  return {
    provisioningStatus: "ACTIVE",
    operatingStatus: poolOperatingStatus(
      members.map((m) => m.operatingStatus),
      true,
    ),
    ...(monitored
      ? {
          healthMonitor: {
            type: PROBE_TYPE[probe] ?? probe.toUpperCase(),
            provisioningStatus: "ACTIVE" as const,
            operatingStatus: "ONLINE" as const,
          },
        }
      : {}),
    members,
  };
}

/** The tree of one load balancer from the rules named after it (`octavia-<lbId>-…`), in key order. */
export function statusTreeOf(
  lb: { readonly id: string; readonly name?: string | undefined; readonly adminStateUp: boolean },
  rules: readonly LoadbalanceEntry[],
): StatusTree {
  const prefix = `octavia-${lb.id}-`;
  const listeners = [...rules]
    .map((rule) => ({ rule, key: formatRuleKey(ruleKeyOf(rule.serviceArguments)) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ rule, key }): StatusTreeListener => {
      const name = rule.serviceArguments.name ?? "";
      const pool = poolOf(rule);
      return {
        id: name.startsWith(prefix) ? name.slice(prefix.length) : name,
        ruleName: name,
        ruleKey: key,
        provisioningStatus: "ACTIVE",
        operatingStatus: listenerOperatingStatus([pool.operatingStatus], true),
        pools: [pool],
      };
    });
  const children = listeners.flatMap((l) => [l.operatingStatus, ...l.pools.map((p) => p.operatingStatus)]);
  return {
    loadbalancer: {
      id: lb.id,
      ...(lb.name !== undefined ? { name: lb.name } : {}),
      provisioningStatus: "ACTIVE",
      operatingStatus: loadBalancerOperatingStatus(children, lb.adminStateUp),
      listeners,
    },
  };
}

/** Bytes of an endpoint counter `"<packets>:<bytes>"` (0 when absent or not in that form). */
export function counterBytes(counter: string | undefined): number {
  const m = /^(\d+):(\d+)$/.exec(counter ?? "");
  return m === null ? 0 : Number(m[2]);
}

function perService(samples: readonly MetricSample[], family: string, services: ReadonlySet<string>): number {
  return samples
    .filter((s) => s.name === family && services.has(s.labels["service"] ?? ""))
    .reduce((sum, s) => sum + s.value, 0);
}

/**
 * Octavia statistics from the load balancer's rules and, when LoxiLB runs with Prometheus, its
 * `/metrics` samples: `bytesIn` sums the endpoints' byte counters; `totalConnections` and
 * `requestErrors` sum `total_requests_per_service` and `total_errors_per_service` over the rule
 * names (null without Prometheus). LoxiLB counts no bytes towards clients per rule and no
 * connections in progress per rule, so `bytesOut` and `activeConnections` are null.
 */
export function statsOf(
  rules: readonly LoadbalanceEntry[],
  samples: readonly MetricSample[] | undefined,
): LoadBalancerStats {
  const bytesIn = rules.flatMap((r) => r.endpoints).reduce((sum, e) => sum + counterBytes(e.counter), 0);
  const services = new Set(rules.map((r) => r.serviceArguments.name ?? ""));
  return {
    bytesIn,
    bytesOut: null,
    activeConnections: null,
    totalConnections:
      samples === undefined ? null : perService(samples, "total_requests_per_service", services),
    requestErrors: samples === undefined ? null : perService(samples, "total_errors_per_service", services),
  };
}
