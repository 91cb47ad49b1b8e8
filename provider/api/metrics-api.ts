/** Metric routes (docs/loxilb-facts.md §14): Prometheus text at `/metrics` and the JSON `/metrics/*` bodies. */
import type { ApiCall } from "./api-call";
import {
  EpDistTrafficMetrics,
  LbProcessedTrafficMetrics,
  LbRuleCountMetrics,
  ServiceDistTrafficMetrics,
  type MetricSample,
} from "./model";
import { parsePrometheusText } from "./prometheus-text";

export const metricsUrl = (): string => "/metrics";
export const lbRuleCountUrl = (): string => "/metrics/lbrulecount";
export const lbProcessedTrafficUrl = (): string => "/metrics/lbprocessedtraffic";
export const epDistTrafficUrl = (): string => "/metrics/epdisttraffic";
export const serviceDistTrafficUrl = (): string => "/metrics/servicedisttraffic";

/** `GET /metrics`; 503 `Prometheus option is disabled.` without `--prometheus` (not retried). */
export function metricsCall(): ApiCall<MetricSample[]> {
  return { method: "GET", path: metricsUrl(), response: { kind: "text", parse: parsePrometheusText } };
}

export function lbRuleCountCall(): ApiCall<LbRuleCountMetrics> {
  return { method: "GET", path: lbRuleCountUrl(), response: { kind: "json", codec: LbRuleCountMetrics } };
}

export function lbProcessedTrafficCall(): ApiCall<LbProcessedTrafficMetrics> {
  return {
    method: "GET",
    path: lbProcessedTrafficUrl(),
    response: { kind: "json", codec: LbProcessedTrafficMetrics },
  };
}

export function epDistTrafficCall(): ApiCall<EpDistTrafficMetrics> {
  return { method: "GET", path: epDistTrafficUrl(), response: { kind: "json", codec: EpDistTrafficMetrics } };
}

export function serviceDistTrafficCall(): ApiCall<ServiceDistTrafficMetrics> {
  return {
    method: "GET",
    path: serviceDistTrafficUrl(),
    response: { kind: "json", codec: ServiceDistTrafficMetrics },
  };
}
