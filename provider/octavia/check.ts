/**
 * `check` for the five resources: decode the user's args field by field, apply Octavia's validation
 * and LoxiLB's limits, and resolve defaults. Pure: no I/O.
 *
 * - Every failure names the dotted input path (`protocolPort`, `allowedCidrs.2`, `persistence.type`)
 *   and a reason that says what to use instead; values are never echoed (they may be secrets).
 * - All failures are collected, not just the first.
 * - Pulumi's unknown sentinel (preview) is never a failure: the field that carries it, and every rule
 *   that depends on it (own or parent field), is skipped, and the result lists it in `unknownFields`.
 */
import { checkArgs, type CheckResult } from "./check-engine";
import { healthMonitorCheck, type HealthMonitorParents, type HealthMonitorSpec } from "./health-monitor-spec";
import { listenerCheck, type ListenerParents, type ListenerSpec } from "./listener-spec";
import { loadBalancerCheck, type LoadBalancerSpec } from "./load-balancer-spec";
import { memberCheck, type MemberParents, type MemberSpec } from "./member-spec";
import { poolCheck, type PoolParents, type PoolSpec } from "./pool-spec";

export type {
  CheckFailure,
  CheckInvalid,
  CheckPending,
  CheckResult,
  CheckValid,
  Parent,
} from "./check-engine";
export type { HealthMonitorParents, ListenerParents, MemberParents, PoolParents };

/** Check a load balancer's args. */
export function checkLoadBalancer(raw: unknown): CheckResult<LoadBalancerSpec> {
  return checkArgs(loadBalancerCheck, raw, {});
}

/** Check a listener's args; `parents.loadbalancer` enables the VIP/allowedCidrs family check. */
export function checkListener(raw: unknown, parents: ListenerParents = {}): CheckResult<ListenerSpec> {
  return checkArgs(listenerCheck, raw, parents);
}

/** Check a pool's args; parents enable the listener/pool protocol table and the DSR rules. */
export function checkPool(raw: unknown, parents: PoolParents = {}): CheckResult<PoolSpec> {
  return checkArgs(poolCheck, raw, parents);
}

/** Check a member's args; parents enable the VIP family, DSR port, 32-member and duplicate checks. */
export function checkMember(raw: unknown, parents: MemberParents = {}): CheckResult<MemberSpec> {
  return checkArgs(memberCheck, raw, parents);
}

/** Check a health monitor's args; parents enable the monitor-type/pool and monitor-type/listener checks. */
export function checkHealthMonitor(
  raw: unknown,
  parents: HealthMonitorParents = {},
): CheckResult<HealthMonitorSpec> {
  return checkArgs(healthMonitorCheck, raw, parents);
}

/** The spec of a result whose inputs are all known and valid, else undefined. */
export function specOf<S>(r: CheckResult<S>): S | undefined {
  return r.ok && r.known ? r.spec : undefined;
}
