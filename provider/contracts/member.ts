/**
 * The `Member` contract: its Octavia args, the pool it belongs to, the rule declaration it carries,
 * the endpoint weight `check` expects LoxiLB to hold, and what it reports.
 */
import * as t from "io-ts";
import { MemberArgs } from "../octavia/member-spec";
import { defineContract, ParentArgs, type StateOf } from "./contract";

/** A member's parents: ids (public outputs) and facts (internal), shared with `Members`. */
export const memberParentIds = { poolId: t.string, listenerId: t.string, loadbalancerId: t.string };
export const memberParentArgs = { loadbalancer: ParentArgs, listener: ParentArgs, pool: ParentArgs };

export const memberContract = defineContract({
  kind: "member",
  typeName: "Member",
  own: MemberArgs,
  ids: memberParentIds,
  wiring: { ...memberParentArgs, rule: t.string },
  computed: {
    /**
     * The weight LoxiLB holds for this endpoint: its share of loxilb's 16 weighted-round-robin slots
     * as a percentage when the pool's weights differ, 1 otherwise, 0 when it is not in the rule. It
     * changes when a sibling's weight changes the shares; a refresh records what LoxiLB has.
     */
    loxilbWeight: t.number,
  },
  outputs: {
    provisioningStatus: t.string,
    operatingStatus: t.string,
    /** Differences a refresh found between LoxiLB and this member (per instance). */
    loxilbDrift: t.array(t.string),
  },
  replaceOn: ["address", "protocolPort", "poolId", "subnetId"],
  // The parents' facts locate the rule (their key fields replace this member); the parents write
  // their own changes, so a load balancer's name or a pool's algorithm never updates a member.
  ignore: ["loadbalancer", "listener", "pool"],
  transient: ["rule"],
});

/** A member's inputs and outputs as its handlers receive them. */
export type MemberState = StateOf<typeof memberContract>;
