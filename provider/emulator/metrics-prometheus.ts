/**
 * The Prometheus text exposition of `/metrics` (docs/loxilb-facts.md §14): every family loxilb
 * publishes, under its legacy and its canonical name, with values derived from the simulated traffic.
 * Like client_golang's registry and expfmt, families are sorted by name, vectors without samples are
 * left out, each sample's labels are sorted by name and the samples by label values, and values use
 * Go's `%g` form; test/api/prometheus-go-oracle.test.ts holds `exposition` to client_golang's own output.
 *
 * Hand-written on purpose (docs/design.md §21): Node's writer, prom-client, lists metrics in
 * registration order, prints JavaScript numbers (`2500000` and `1e-7` where Go writes `2.5e+06` and
 * `1e-07`) and leaves a backslash before `n` unescaped, so it cannot reproduce what loxilb, a Go
 * program, serves.
 */
import * as os from "os";
import type { EmulatorState } from "./emulator-state";
import {
  endpointBytes,
  flows,
  groupSum,
  hostCounts,
  interactions,
  percent,
  total,
  type Interaction,
} from "./metrics";

type Labels = Readonly<Record<string, string>>;
type Sample = readonly [Labels, number];
type Table = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** What one scrape derives from the state, computed once. */
interface Scrape {
  readonly s: EmulatorState;
  readonly list: readonly Interaction[];
  /** service → endpoint IP → bytes. */
  readonly eps: Table;
  /** service → client IP → packets. */
  readonly clients: Table;
}

/** A family: legacy name, canonical name (either may be absent), type, help and its samples. */
type Spec = readonly [
  legacy: string | undefined,
  canonical: string | undefined,
  type: "gauge" | "counter",
  help: string,
  samples: (c: Scrape) => readonly Sample[],
];

const one = (v: number): readonly Sample[] => [[{}, v]];
const perService = (m: ReadonlyMap<string, number>): Sample[] =>
  [...m].map(([service, v]) => [{ service }, v]);
const sums = (t: Table): Map<string, number> => new Map([...t].map(([k, m]) => [k, total(m)]));
const pick = (f: "packets" | "bytes") => (c: Scrape) =>
  c.list.map(({ service, sip, dip, ...v }): Sample => [{ service, sip, dip }, v[f]]);
const perProtocol = (c: Scrape, p: string, f: "packets" | "bytes") => c.s.totals.byProtocol.get(p)?.[f] ?? 0;

function labelled(t: Table, outer: string, inner: string, share = false): Sample[] {
  return [...t].flatMap(([o, g]) =>
    [...g].map(([i, v]): Sample => [{ [outer]: o, [inner]: i }, share ? percent(v, total(g)) : v]),
  );
}

function serviceTraffic(c: Scrape, f: "packets" | "bytes"): Sample[] {
  const bySvc = groupSum(
    c.list,
    (i) => i.service,
    () => "",
    (i) => i[f],
  );
  return perService(sums(bySvc));
}

function serviceShares(c: Scrape): Sample[] {
  const bytes = sums(c.eps);
  return perService(new Map([...bytes].map(([k, v]) => [k, percent(v, total(bytes))])));
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const cpuPercent = () =>
  round2(Math.min(100, ((os.loadavg()[0] ?? 0) * 100) / Math.max(1, os.cpus().length)));
const memPercent = () => round2((1 - os.freemem() / os.totalmem()) * 100);

// prettier-ignore
const PROTOCOL_SPECS: readonly Spec[] = ["tcp", "udp", "sctp"].flatMap((p): Spec[] => [
  [`active_flow_count_${p}`, `loxilb_active_flow_count_${p}`, "gauge", `Active ${p} flows`, (c) => one(flows(c.s, p))],
  [`processed_${p}_bytes`, `loxilb_processed_${p}_bytes_total`, "counter", `Processed ${p} bytes`, (c) => one(perProtocol(c, p, "bytes"))],
  [undefined, `loxilb_processed_${p}_packets_total`, "counter", `Processed ${p} packets`, (c) => one(perProtocol(c, p, "packets"))],
]);

/** Every family of api/prometheus/metric_names.go. */
// prettier-ignore
const SPECS: readonly Spec[] = [
  ["active_conntrack_count", "loxilb_active_conntrack_entries", "gauge", "Active conntrack entries", (c) => one(c.s.totals.conntrack.size)],
  ["new_flow_count", "loxilb_new_flows", "counter", "New flows", (c) => one(c.s.totals.newFlows)],
  ["lb_rule_count", "loxilb_lb_rules", "gauge", "Load-balancer rules", (c) => one(c.s.store.rules.size)],
  ["total_requests", "loxilb_requests_total", "counter", "Requests (flows) served", (c) => one(c.s.totals.newFlows)],
  ["total_requests_per_service", "loxilb_service_requests_total", "counter", "Requests per service", (c) => perService(c.s.totals.requestsByService)],
  ["total_errors", "loxilb_errors_total", "counter", "Requests without a serving endpoint", (c) => one(total(c.s.totals.errorsByService))],
  ["total_errors_per_service", "loxilb_service_errors_total", "counter", "Errors per service", (c) => perService(c.s.totals.errorsByService)],
  ["healthy_host_count", "loxilb_healthy_endpoints", "gauge", "Healthy endpoint hosts", (c) => one(hostCounts(c.s).healthy)],
  ["unhealthy_host_count", "loxilb_unhealthy_endpoints", "gauge", "Unhealthy endpoint hosts", (c) => one(hostCounts(c.s).unhealthy)],
  ["processed_bytes", "loxilb_processed_bytes_total", "counter", "Processed bytes", (c) => one(c.s.totals.bytes)],
  ["processed_packets", "loxilb_processed_packets_total", "counter", "Processed packets", (c) => one(c.s.totals.packets)],
  ...PROTOCOL_SPECS,
  ["lb_rule_interaction_bytes", "loxilb_lb_rule_interaction_bytes_total", "counter", "Bytes per service, client and endpoint", pick("bytes")],
  ["lb_rule_interaction_packets", "loxilb_lb_rule_interaction_packets_total", "counter", "Packets per service, client and endpoint", pick("packets")],
  ["total_fw_drops", "loxilb_fw_drop_packets_total", "counter", "Firewall drops", () => one(0)],
  ["total_fw_drops_per_rule", "loxilb_fw_rule_drop_packets_total", "counter", "Firewall drops per rule", () => []],
  ["inactive_flow_count", undefined, "gauge", "Inactive flows", () => one(0)],
  ["consumed_lcus", undefined, "gauge", "Consumed LCUs", () => one(0)],
  ["endpoint_load_dists_per_service", undefined, "gauge", "Share of a service's bytes per endpoint (%)", (c) => labelled(c.eps, "service", "dip", true)],
  ["total_load_dists_per_service", undefined, "gauge", "Share of all bytes per service (%)", serviceShares],
  [undefined, "loxilb_conntrack_max_entries", "gauge", "Conntrack capacity", () => one(262144)],
  [undefined, "loxilb_system_cpu_utilization_percent", "gauge", "CPU utilization (%)", () => one(cpuPercent())],
  [undefined, "loxilb_system_memory_utilization_percent", "gauge", "Memory utilization (%)", () => one(memPercent())],
  [undefined, "loxilb_system_disk_utilization_percent", "gauge", "Disk utilization (%)", () => one(10)],
  [undefined, "loxilb_service_traffic_bytes_total", "counter", "Bytes per service", (c) => serviceTraffic(c, "bytes")],
  [undefined, "loxilb_service_traffic_packets_total", "counter", "Packets per service", (c) => serviceTraffic(c, "packets")],
  [undefined, "loxilb_endpoint_traffic_bytes_total", "counter", "Bytes per service endpoint", (c) => labelled(c.eps, "service", "dip")],
  [undefined, "loxilb_client_traffic_packets_total", "counter", "Packets per service client", (c) => labelled(c.clients, "service", "sip")],
  [undefined, "loxilb_firewall_rules", "gauge", "Firewall rules", () => one(0)],
  [undefined, "loxilb_conntrack_stat_resets_total", "counter", "Conntrack statistics resets", () => one(0)],
  [undefined, "loxilb_closed_connections_processed_total", "counter", "Closed connections processed", () => one(0)],
];

/** Go's `strconv.FormatFloat(v, 'g', -1, 64)`, as the Prometheus text encoder writes sample values. */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v === 0) return "0";
  const [mantissa = "", e = "0"] = v.toExponential().split("e");
  const exp = Number(e);
  if (exp >= -4 && exp < 6) return String(v);
  return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/** One family as the text format writes it. */
export interface ExpositionFamily {
  readonly name: string;
  readonly type: "gauge" | "counter";
  readonly help: string;
  readonly samples: readonly Sample[];
}

/** Go's string order: UTF-8 bytes, which is code-point order (JavaScript's `<` compares UTF-16 units). */
const byName = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** client_golang's label pairs: sorted by name. */
const labelPairs = (l: Labels) => Object.entries(l).sort(([a], [b]) => byName(a, b));

/** client_golang's MetricSorter: samples ordered by their label values, pair by pair. */
function bySampleLabels([a]: Sample, [b]: Sample): number {
  const va = labelPairs(a).map(([, v]) => v);
  const vb = labelPairs(b).map(([, v]) => v);
  if (va.length !== vb.length) return va.length - vb.length;
  const i = va.findIndex((v, n) => v !== vb[n]);
  return i < 0 ? 0 : byName(va[i]!, vb[i]!);
}

function labelText(l: Labels): string {
  const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  const parts = labelPairs(l).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/** expfmt's HELP escaping: backslash and newline. */
const helpText = (h: string) => h.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

/** The text format 0.0.4 of the families, as promhttp's handler writes a gathered registry. */
export function exposition(families: readonly ExpositionFamily[]): string {
  const lines: string[] = [];
  const sorted = families.filter((f) => f.samples.length > 0).sort((a, b) => byName(a.name, b.name));
  for (const f of sorted) {
    lines.push(`# HELP ${f.name} ${helpText(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const [labels, v] of [...f.samples].sort(bySampleLabels)) {
      lines.push(`${f.name}${labelText(labels)} ${goFloat(v)}`);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** The Prometheus text exposition (format 0.0.4). */
export function prometheusText(s: EmulatorState): string {
  const list = interactions(s);
  const scrape: Scrape = {
    s,
    list,
    eps: endpointBytes(s),
    clients: groupSum(
      list,
      (i) => i.service,
      (i) => i.sip,
      (i) => i.packets,
    ),
  };
  const families = SPECS.flatMap(([legacy, canonical, type, help, sampler]): ExpositionFamily[] => {
    const samples = sampler(scrape);
    const names = [legacy, canonical].filter((n): n is string => n !== undefined);
    return names.map((name) => ({ name, type, help, samples }));
  });
  return exposition(families);
}
