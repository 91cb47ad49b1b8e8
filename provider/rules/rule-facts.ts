/**
 * What a member write knows about its rule: the Octavia specs of every object above it (facts flow
 * down from the program), the pool's desired membership, and the ids that name the rule.
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

/** One member's request to the rule writer. */
export interface MemberWrite {
  readonly facts: RuleFacts;
  readonly memberId: string;
  readonly address: string;
  readonly port: number;
  /** `upsert` puts this member's endpoint (if it is enabled) into the rule; `remove` takes it out. */
  readonly op: "upsert" | "remove";
  /** The change needs the rule deleted and created again (a field loxilb cannot change in place). */
  readonly recreate: boolean;
  /** Take over a rule with the same key that another name holds (the listener's `adopt`). */
  readonly adopt: boolean;
}
