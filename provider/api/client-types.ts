/** Types and constants of the client's public surface (kept apart to keep `client.ts` small). */

/** Result of `LoxiLBClient.healthCheck` for one endpoint. */
export interface EndpointHealthReport {
  /** The endpoint without user info (`http://user:pass@h:1` → `http://h:1`); reports keep configured order. */
  readonly endpoint: string;
  readonly up: boolean;
  /** loxilb's version string when it answered. */
  readonly version?: string;
  /** Round trip of `GET /version` in ms (by the injected clock). */
  readonly latencyMs: number;
  /** The failure's message (no secrets) when it did not answer. */
  readonly error?: string;
}

/** Knobs that are not connection options (tests, tools). */
export interface LoxiLBClientInternals {
  /** Failover cool-down in ms. Default 30 s (`DEFAULT_COOL_DOWN_MS`). */
  readonly coolDownMs?: number;
}

/** The rule-key extras of `LoxiLBClient.getLoadBalancerByService`. */
export interface RuleLookupOptions {
  /** End of a port range; 0 or omitted for a single port. */
  readonly portMax?: number;
  /** Block number; default 0. */
  readonly block?: number;
  /** Ingress host/URL; default none. */
  readonly host?: string;
}

/** The methods that also exist as TaskEither functions on `LoxiLBClient.te`. */
export const CLIENT_METHODS = [
  "createLoadBalancer",
  "listLoadBalancers",
  "getLoadBalancerByService",
  "getLoadBalancerByName",
  "deleteLoadBalancerRule",
  "deleteLoadBalancerByName",
  "deleteAllLoadBalancers",
  "getMetrics",
  "getLbRuleCountMetrics",
  "getLbProcessedTrafficMetrics",
  "getEndpointDistributionTrafficMetrics",
  "getServiceDistributionTrafficMetrics",
  "getStatus",
  "healthCheck",
  "getVersion",
  "listEndpointHosts",
  "setEndpointHost",
  "setEndpointHostState",
  "getClusterStates",
  "setClusterState",
] as const;
export type LoxiLBClientMethod = (typeof CLIENT_METHODS)[number];
