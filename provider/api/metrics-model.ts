/**
 * JSON metric bodies (`/metrics/*`, swagger.yml L5364-5515; legacy names as keys, every number
 * omitempty) and the parsed form of the Prometheus text at `/metrics`.
 */
import * as t from "io-ts";
import { nullableArray } from "./codec-helpers";

const NamedValue = t.partial({ name: t.string, value: t.number });

export const FlowCountMetrics = t.partial(
  {
    active_conntrack_count: t.number,
    active_flow_count_tcp: t.number,
    active_flow_count_udp: t.number,
    active_flow_count_sctp: t.number,
    inactive_flow_count: t.number,
  },
  "FlowCountMetrics",
);
export type FlowCountMetrics = t.TypeOf<typeof FlowCountMetrics>;

export const HostCountMetrics = t.partial(
  { healthy_host_count: t.number, unhealthy_host_count: t.number },
  "HostCountMetrics",
);
export type HostCountMetrics = t.TypeOf<typeof HostCountMetrics>;

export const LbRuleCountMetrics = t.partial({ lb_rule_count: t.number }, "LbRuleCountMetrics");
export type LbRuleCountMetrics = t.TypeOf<typeof LbRuleCountMetrics>;

export const NewFlowCountMetrics = t.partial({ new_flow_count: t.number }, "NewFlowCountMetrics");
export type NewFlowCountMetrics = t.TypeOf<typeof NewFlowCountMetrics>;

export const RequestCountMetrics = t.partial(
  { total_requests: t.number, total_requests_per_service: nullableArray(NamedValue) },
  "RequestCountMetrics",
);
export type RequestCountMetrics = t.TypeOf<typeof RequestCountMetrics>;

export const ErrorCountMetrics = t.partial(
  { total_errors: t.number, total_errors_per_service: nullableArray(NamedValue) },
  "ErrorCountMetrics",
);
export type ErrorCountMetrics = t.TypeOf<typeof ErrorCountMetrics>;

export const ProcessedTrafficMetrics = t.partial(
  {
    processed_bytes: t.number,
    processed_tcp_bytes: t.number,
    processed_sctp_bytes: t.number,
    processed_udp_bytes: t.number,
    processed_packets: t.number,
  },
  "ProcessedTrafficMetrics",
);
export type ProcessedTrafficMetrics = t.TypeOf<typeof ProcessedTrafficMetrics>;

const RuleInteraction = t.partial({ service: t.string, sip: t.string, dip: t.string, value: t.number });

export const LbProcessedTrafficMetrics = t.partial(
  {
    lb_rule_interaction_bytes: nullableArray(RuleInteraction),
    lb_rule_interaction_packets: nullableArray(RuleInteraction),
  },
  "LbProcessedTrafficMetrics",
);
export type LbProcessedTrafficMetrics = t.TypeOf<typeof LbProcessedTrafficMetrics>;

/** Per service name, the share of traffic each endpoint (`dip`) received. */
export const EpDistTrafficMetrics = t.record(
  t.string,
  nullableArray(t.partial({ dip: t.string, value: t.number, ratio: t.number })),
  "EpDistTrafficMetrics",
);
export type EpDistTrafficMetrics = t.TypeOf<typeof EpDistTrafficMetrics>;

/** Per service name, its traffic and its share of the total. */
export const ServiceDistTrafficMetrics = t.record(
  t.string,
  t.partial({ value: t.number, ratio: t.number }),
  "ServiceDistTrafficMetrics",
);
export type ServiceDistTrafficMetrics = t.TypeOf<typeof ServiceDistTrafficMetrics>;

export const FwDropsMetrics = t.partial(
  {
    total_fw_drops: t.number,
    total_fw_drops_per_rule: nullableArray(t.partial({ fw_rule: t.string, value: t.number })),
  },
  "FwDropsMetrics",
);
export type FwDropsMetrics = t.TypeOf<typeof FwDropsMetrics>;

export const ReqCountPerClientMetrics = t.record(t.string, t.number, "ReqCountPerClientMetrics");
export type ReqCountPerClientMetrics = t.TypeOf<typeof ReqCountPerClientMetrics>;

/** One sample of the Prometheus text exposition at `/metrics`. */
export const MetricSample = t.type(
  { name: t.string, labels: t.record(t.string, t.string), value: t.number },
  "MetricSample",
);
export type MetricSample = t.TypeOf<typeof MetricSample>;
