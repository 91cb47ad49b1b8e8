/**
 * The `Members` contract: the pool's whole membership (a list of `Member` args), the pool it belongs
 * to, the rule declaration it carries, the weights `check` expects, and what it reports.
 */
import * as t from "io-ts";
import { objectOf } from "../octavia/codecs";
import { MemberArgs } from "../octavia/member-spec";
import { defineContract, type StateOf } from "./contract";
import { poolChild } from "./pool-child";

/** A member's status in `memberStatuses`. */
export const MemberStatusEntry = t.type(
  { address: t.string, protocolPort: t.number, operatingStatus: t.string },
  "MemberStatusEntry",
);
export type MemberStatusEntry = t.TypeOf<typeof MemberStatusEntry>;

/** The user's `Members` args (besides `pool`): every member, each a `Member`'s args. */
export const MembersArgs = objectOf(
  "MembersArgs",
  {
    /** Every member of the pool (at most 32: one LoxiLB rule's endpoints). Order does not matter. */
    members: t.array(MemberArgs),
  },
  {},
);

export const membersContract = defineContract({
  kind: "members",
  typeName: "Members",
  own: MembersArgs,
  ...poolChild,
  computed: {
    /** The weight LoxiLB holds for each member's endpoint, in `members` order (see `Member.loxilbWeight`). */
    loxilbWeights: t.array(t.number),
  },
  outputs: {
    provisioningStatus: t.string,
    /** The pool-level roll-up of the members' statuses. */
    operatingStatus: t.string,
    /** Each member's Octavia operating status, in `members` order. */
    memberStatuses: t.array(MemberStatusEntry),
    /** Differences a refresh found between LoxiLB and these members (per instance). */
    loxilbDrift: t.array(t.string),
  },
  replaceOn: ["poolId"],
});

/** A `Members` resource's inputs and outputs as its handlers receive them. */
export type MembersState = StateOf<typeof membersContract>;
