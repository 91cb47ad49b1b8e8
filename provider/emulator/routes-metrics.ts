/**
 * `/metrics` (Prometheus text, 503 unless enabled), `/config/metrics` (read, enable or disable it at
 * run time) and the JSON `/metrics/*` routes (docs/loxilb-facts.md §14).
 */
import type { EmulatorState } from "./emulator-state";
import { JSON_METRICS, jsonMetric } from "./metrics-json";
import { prometheusText } from "./metrics-prometheus";
import { jsonReply, SUCCESS, textReply } from "./reply";
import type { Router } from "./router";

export { JSON_METRICS } from "./metrics-json";

/** Registers the metric routes; `state.prometheus` decides whether `/metrics` is served. */
export function addMetricsRoutes(router: Router, state: EmulatorState): void {
  router
    .add("GET", "/metrics", () =>
      state.prometheus
        ? textReply(200, prometheusText(state), "text/plain; version=0.0.4; charset=utf-8")
        : textReply(503, "Prometheus option is disabled."),
    )
    .add("GET", "/config/metrics", () => jsonReply(200, { prometheus: state.prometheus }))
    .add("POST", "/config/metrics", () => {
      if (state.prometheus) return jsonReply(200, { result: "Prometheus is already enabled." });
      state.prometheus = true;
      return SUCCESS;
    })
    .add("DELETE", "/config/metrics", () => {
      state.prometheus = false;
      return SUCCESS;
    });
  for (const name of JSON_METRICS)
    router.add("GET", `/metrics/${name}`, () => jsonReply(200, jsonMetric(state, name)));
}
