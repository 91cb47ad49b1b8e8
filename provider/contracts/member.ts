/**
 * The `Member` contract: its Octavia args, the pool it belongs to, the rule declaration it carries,
 * the endpoint weight `check` expects LoxiLB to hold, and what it reports.
 */
import * as t from "io-ts";
import { MemberArgs } from "../octavia/member-spec";
import { defineContract, type StateOf } from "./contract";
import { poolChild } from "./pool-child";

export const memberContract = defineContract({
  kind: "member",
  typeName: "Member",
  own: MemberArgs,
  ...poolChild,
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
});

/** A member's inputs and outputs as its handlers receive them. */
export type MemberState = StateOf<typeof memberContract>;
