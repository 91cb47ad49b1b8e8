/**
 * Metric values from the emulator state: the Prometheus exposition at `/metrics` (legacy and
 * canonical family names, facts §9) and the JSON bodies of `/metrics/*` (legacy keys, omitempty).
 */
import type { EmulatorState } from "./emulator-state";

type Labels = Readonly<Record<string, string>>;
type Sample = readonly [Labels, number];

interface Family {
  readonly names: readonly string[];
  readonly type: "gauge" | "counter";
  readonly help: string;
  readonly samples: readonly Sample[];
}

const NO_LABELS: Labels = {};

function one(v: number): readonly Sample[] {
  return [[NO_LABELS, v]];
}

function hostCounts(s: EmulatorState): { healthy: number; unhealthy: number } {
  let healthy = 0;
  for (const h of s.hosts.hosts.values()) if (s.hosts.stateOf(h) === "ok") healthy += 1;
  return { healthy, unhealthy: s.hosts.hosts.size - healthy };
}

function flows(s: EmulatorState, proto: string): number {
  return [...s.totals.conntrack].filter((c) => c.startsWith(`${proto}|`)).length;
}

function interactions(s: EmulatorState, field: "packets" | "bytes"): Sample[] {
  return [...s.totals.interactions].map(([k, v]) => {
    const [service = "", sip = "", dip = ""] = k.split("|");
    return [{ service, sip, dip }, v[field]] as const;
  });
}

function families(s: EmulatorState): Family[] {
  const t = s.totals;
  const hosts = hostCounts(s);
  const proto = (p: string, f: "packets" | "bytes") => t.byProtocol.get(p)?.[f] ?? 0;
  const perService = (m: Map<string, number>) => [...m].map(([service, v]) => [{ service }, v] as const);
  return [
    {
      names: ["active_conntrack_count", "loxilb_active_conntrack_entries"],
      type: "gauge",
      help: "Active conntrack entries",
      samples: one(t.conntrack.size),
    },
    ...["tcp", "udp", "sctp"].map(
      (p): Family => ({
        names: [`active_flow_count_${p}`, `loxilb_active_flow_count_${p}`],
        type: "gauge",
        help: `Active ${p} flows`,
        samples: one(flows(s, p)),
      }),
    ),
    {
      names: ["new_flow_count", "loxilb_new_flows"],
      type: "counter",
      help: "New flows",
      samples: one(t.newFlows),
    },
    {
      names: ["lb_rule_count", "loxilb_lb_rules"],
      type: "gauge",
      help: "Load-balancer rules",
      samples: one(s.store.rules.size),
    },
    {
      names: ["total_requests", "loxilb_requests_total"],
      type: "counter",
      help: "Requests (flows) served",
      samples: one(t.newFlows),
    },
    {
      names: ["total_requests_per_service", "loxilb_service_requests_total"],
      type: "counter",
      help: "Requests per service",
      samples: perService(t.requestsByService),
    },
    {
      names: ["total_errors", "loxilb_errors_total"],
      type: "counter",
      help: "Requests without a serving endpoint",
      samples: one([...t.errorsByService.values()].reduce((a, b) => a + b, 0)),
    },
    {
      names: ["total_errors_per_service", "loxilb_service_errors_total"],
      type: "counter",
      help: "Errors per service",
      samples: perService(t.errorsByService),
    },
    {
      names: ["healthy_host_count", "loxilb_healthy_endpoints"],
      type: "gauge",
      help: "Healthy endpoint hosts",
      samples: one(hosts.healthy),
    },
    {
      names: ["unhealthy_host_count", "loxilb_unhealthy_endpoints"],
      type: "gauge",
      help: "Unhealthy endpoint hosts",
      samples: one(hosts.unhealthy),
    },
    {
      names: ["processed_bytes", "loxilb_processed_bytes_total"],
      type: "counter",
      help: "Processed bytes",
      samples: one(t.bytes),
    },
    {
      names: ["processed_packets", "loxilb_processed_packets_total"],
      type: "counter",
      help: "Processed packets",
      samples: one(t.packets),
    },
    ...["tcp", "udp", "sctp"].map(
      (p): Family => ({
        names: [`processed_${p}_bytes`, `loxilb_processed_${p}_bytes_total`],
        type: "counter",
        help: `Processed ${p} bytes`,
        samples: one(proto(p, "bytes")),
      }),
    ),
    {
      names: ["lb_rule_interaction_bytes", "loxilb_lb_rule_interaction_bytes_total"],
      type: "counter",
      help: "Bytes per service, client and endpoint",
      samples: interactions(s, "bytes"),
    },
    {
      names: ["lb_rule_interaction_packets", "loxilb_lb_rule_interaction_packets_total"],
      type: "counter",
      help: "Packets per service, client and endpoint",
      samples: interactions(s, "packets"),
    },
    {
      names: ["total_fw_drops", "loxilb_fw_drop_packets_total"],
      type: "counter",
      help: "Firewall drops",
      samples: one(0),
    },
    { names: ["consumed_lcus"], type: "gauge", help: "Consumed LCUs", samples: one(0) },
    { names: ["inactive_flow_count"], type: "gauge", help: "Inactive flows", samples: one(0) },
    {
      names: ["loxilb_conntrack_max_entries"],
      type: "gauge",
      help: "Conntrack capacity",
      samples: one(262144),
    },
    ...["tcp", "udp", "sctp"].map(
      (p): Family => ({
        names: [`loxilb_processed_${p}_packets_total`],
        type: "counter",
        help: `Processed ${p} packets`,
        samples: one(proto(p, "packets")),
      }),
    ),
  ];
}

function labelText(l: Labels): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/** The Prometheus text exposition (format 0.0.4). */
export function prometheusText(s: EmulatorState): string {
  const lines: string[] = [];
  for (const f of families(s)) {
    for (const name of f.names) {
      lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const [labels, v] of f.samples) lines.push(`${name}${labelText(labels)} ${v}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Drops zero numbers and empty arrays (Go omitempty). */
function omitEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== 0 && !(Array.isArray(v) && v.length === 0)),
  );
}

function named(m: Map<string, number>): Array<{ name: string; value: number }> {
  return [...m].map(([name, value]) => ({ name, value }));
}

function byService(s: EmulatorState, f: "bytes"): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [k, v] of s.totals.interactions) {
    const [svc = "", , dip = ""] = k.split("|");
    const m = out.get(svc) ?? new Map<string, number>();
    m.set(dip, (m.get(dip) ?? 0) + v[f]);
    out.set(svc, m);
  }
  return out;
}

const ratio = (v: number, total: number) => (total === 0 ? 0 : Math.round((v / total) * 10000) / 100);

/** The JSON body of `/metrics/<name>`, or undefined for an unknown name. */
export function jsonMetric(s: EmulatorState, name: string): unknown {
  const t = s.totals;
  const hosts = hostCounts(s);
  const dist = byService(s, "bytes");
  const totalOf = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const table: Record<string, () => unknown> = {
    flowcount: () =>
      omitEmpty({
        active_conntrack_count: t.conntrack.size,
        active_flow_count_tcp: flows(s, "tcp"),
        active_flow_count_udp: flows(s, "udp"),
        active_flow_count_sctp: flows(s, "sctp"),
        inactive_flow_count: 0,
      }),
    hostcount: () => omitEmpty({ healthy_host_count: hosts.healthy, unhealthy_host_count: hosts.unhealthy }),
    lbrulecount: () => omitEmpty({ lb_rule_count: s.store.rules.size }),
    newflowcount: () => omitEmpty({ new_flow_count: t.newFlows }),
    requestcount: () =>
      omitEmpty({ total_requests: t.newFlows, total_requests_per_service: named(t.requestsByService) }),
    errorcount: () =>
      omitEmpty({
        total_errors: totalOf(t.errorsByService),
        total_errors_per_service: named(t.errorsByService),
      }),
    processedtraffic: () =>
      omitEmpty({
        processed_bytes: t.bytes,
        processed_tcp_bytes: t.byProtocol.get("tcp")?.bytes ?? 0,
        processed_sctp_bytes: t.byProtocol.get("sctp")?.bytes ?? 0,
        processed_udp_bytes: t.byProtocol.get("udp")?.bytes ?? 0,
        processed_packets: t.packets,
      }),
    lbprocessedtraffic: () =>
      omitEmpty({
        lb_rule_interaction_bytes: interactions(s, "bytes").map(([l, value]) => ({ ...l, value })),
        lb_rule_interaction_packets: interactions(s, "packets").map(([l, value]) => ({ ...l, value })),
      }),
    epdisttraffic: () =>
      Object.fromEntries(
        [...dist].map(([svc, m]) => [
          svc,
          [...m].map(([dip, value]) => ({ dip, value, ratio: ratio(value, totalOf(m)) })),
        ]),
      ),
    servicedisttraffic: () => {
      const totals = new Map([...dist].map(([svc, m]) => [svc, totalOf(m)]));
      return Object.fromEntries(
        [...totals].map(([svc, value]) => [svc, { value, ratio: ratio(value, totalOf(totals)) }]),
      );
    },
    fwdrops: () => ({}),
    reqcountperclient: () => Object.fromEntries(t.packetsByClient),
  };
  return table[name]?.();
}
