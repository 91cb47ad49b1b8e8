/**
 * Everything one LoxiLB rule is built from, typed: the Octavia specs of the load balancer, listener,
 * pool and health monitor, every member the program declares now, and the ids that name the rule.
 */
import type {
  HealthMonitorSpec,
  ListenerSpec,
  LoadBalancerSpec,
  MemberSpec,
  PoolSpec,
} from "../octavia/specs";

export interface RuleFacts {
  readonly lb: LoadBalancerSpec;
  readonly listener: ListenerSpec;
  readonly pool: PoolSpec;
  /** The pool's health monitor, if one is declared (whatever the order in the program). */
  readonly monitor?: HealthMonitorSpec;
  /** Every member of the pool the program declares now, this one included. */
  readonly members: readonly MemberSpec[];
  readonly lbId: string;
  readonly listenerId: string;
}
