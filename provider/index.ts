/**
 * pulumi-loxilb: Octavia-shaped Pulumi dynamic resources for LoxiLB, the typed LoxiLB API client,
 * and the wire model they share.
 */
export * from "./api/model";
export { LoxiLoadBalancer, type LoxiLoadBalancerArgs } from "./program/load-balancer";
export { Listener, type ListenerArgs } from "./program/listener";
export { Pool, type PoolArgs } from "./program/pool";
export { Member, type MemberArgs } from "./program/member";
export { Members, type MembersArgs, type MembersMemberArgs, type MemberStatusEntry } from "./program/members";
export { HealthMonitor, type HealthMonitorArgs } from "./program/health-monitor";
export type { LoxiLBConnectionArgs } from "./program/connection-args";
export { PROVIDER_VERSION } from "./contracts/kinds";
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
