/**
 * The JSON bodies of `/metrics/<name>` (docs/loxilb-facts.md §14): legacy keys, zero numbers and
 * empty lists omitted.
 */
import type { EmulatorState } from "./emulator-state";
import { endpointBytes, flows, hostCounts, interactions, percent, total } from "./metrics";

/** The JSON metric routes, in swagger order. */
export const JSON_METRICS = [
  "flowcount",
  "hostcount",
  "lbrulecount",
  "newflowcount",
  "requestcount",
  "errorcount",
  "processedtraffic",
  "lbprocessedtraffic",
  "epdisttraffic",
  "servicedisttraffic",
  "fwdrops",
  "reqcountperclient",
] as const;

/** One JSON metric route name. */
export type JsonMetricName = (typeof JSON_METRICS)[number];

/** Drops zero numbers and empty arrays (Go `omitempty`). */
function omitEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== 0 && !(Array.isArray(v) && v.length === 0)),
  );
}

function named(m: ReadonlyMap<string, number>): Array<{ name: string; value: number }> {
  return [...m].map(([name, value]) => ({ name, value }));
}

function distributions(
  s: EmulatorState,
): Pick<Record<JsonMetricName, () => unknown>, "epdisttraffic" | "servicedisttraffic"> {
  const dist = endpointBytes(s);
  const perService = new Map([...dist].map(([svc, m]) => [svc, total(m)]));
  return {
    epdisttraffic: () =>
      Object.fromEntries(
        [...dist].map(([svc, m]) => [
          svc,
          [...m].map(([dip, value]) => ({ dip, value, ratio: percent(value, total(m)) })),
        ]),
      ),
    servicedisttraffic: () =>
      Object.fromEntries(
        [...perService].map(([svc, value]) => [svc, { value, ratio: percent(value, total(perService)) }]),
      ),
  };
}

/** The JSON body of `/metrics/<name>`. */
export function jsonMetric(s: EmulatorState, name: JsonMetricName): unknown {
  const t = s.totals;
  const hosts = hostCounts(s);
  const list = interactions(s);
  const table: Record<JsonMetricName, () => unknown> = {
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
        total_errors: total(t.errorsByService),
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
        lb_rule_interaction_bytes: list.map(({ service, sip, dip, bytes }) => ({
          service,
          sip,
          dip,
          value: bytes,
        })),
        lb_rule_interaction_packets: list.map(({ service, sip, dip, packets }) => ({
          service,
          sip,
          dip,
          value: packets,
        })),
      }),
    ...distributions(s),
    fwdrops: () => ({}),
    reqcountperclient: () => Object.fromEntries(t.packetsByClient),
  };
  return table[name]();
}
