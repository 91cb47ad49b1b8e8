/** `/metrics` (Prometheus text, 503 unless enabled) and the JSON `/metrics/*` routes (facts §9). */
import type { EmulatorState } from "./emulator-state";
import { jsonMetric, prometheusText } from "./metrics";
import { jsonReply, textReply } from "./reply";
import type { Router } from "./router";

/** The JSON metric routes. */
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

/** Registers the metric routes. */
export function addMetricsRoutes(
  router: Router,
  state: EmulatorState,
  o: { readonly prometheus: boolean },
): void {
  router.add("GET", "/metrics", () =>
    o.prometheus
      ? textReply(200, prometheusText(state), "text/plain; version=0.0.4; charset=utf-8")
      : textReply(503, "Prometheus option is disabled."),
  );
  for (const name of JSON_METRICS)
    router.add("GET", `/metrics/${name}`, () => jsonReply(200, jsonMetric(state, name)));
}
