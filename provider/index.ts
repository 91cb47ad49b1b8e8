/**
 * pulumi-loxilb: Octavia-shaped Pulumi dynamic resources for LoxiLB, the typed LoxiLB API client,
 * and the wire model they share.
 */
export * from "./api/model";
export { LoxiLoadBalancer, type LoxiLoadBalancerArgs } from "./resources/load-balancer";
export { Listener, type ListenerArgs } from "./resources/listener";
export { Pool, type PoolArgs } from "./resources/pool";
export { Member, type MemberArgs } from "./resources/member";
export {
  Members,
  type MembersArgs,
  type MembersMemberArgs,
  type MemberStatusEntry,
} from "./resources/members";
export { HealthMonitor, type HealthMonitorArgs } from "./resources/health-monitor";
export type { LoxiLBConnectionArgs } from "./resources/connection-args";
export { PROVIDER_VERSION } from "./resources/kinds";
export { LoxiLBClient, type EndpointHealthReport, type LoxiLBClientInternals } from "./api/client";
export * from "./api/options";
export * from "./api/errors";
export {
  retryPolicyFrom,
  backoffDelay,
  retryDelay,
  parseRetryAfter,
  type RetryPolicy,
} from "./api/retry-policy";
export { toTaskEither } from "./api/task-either";
export type { RuleLookupOptions, LoxiLBClientMethod } from "./api/client";
export type { RuleDeleteOptions } from "./api/loadbalancer-api";
export { CLIENT_METHODS } from "./api/client";
export { nodeHttpFetch, nodeFetchTransport } from "./api/http-fetch";
