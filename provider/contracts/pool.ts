/**
 * The `Pool` contract: its Octavia args, the listener it belongs to, the rule declaration it carries,
 * the algorithm `check` expects LoxiLB to hold, and what it reports.
 */
import * as t from "io-ts";
import { PoolArgs } from "../octavia/pool-spec";
import { defineContract, ParentArgs, type StateOf } from "./contract";

export const poolContract = defineContract({
  kind: "pool",
  typeName: "Pool",
  own: PoolArgs,
  ids: { listenerId: t.string, loadbalancerId: t.string },
  wiring: { loadbalancer: ParentArgs, listener: ParentArgs, rule: t.string },
  computed: {
    /**
     * The algorithm LoxiLB holds for the rule (`rr`, `priority` for unequal weights, `lc`, `persist`,
     * `hash`): changes when members' weights become (un)equal; a refresh records what LoxiLB has.
     */
    loxilbAlgorithm: t.string,
  },
  outputs: {
    provisioningStatus: t.string,
    operatingStatus: t.string,
    /** `recreate` when the last change needed the rule deleted and created again. */
    loxilbRuleAction: t.string,
    /** Differences a refresh found between the rule LoxiLB holds and this pool (per instance). */
    loxilbDrift: t.array(t.string),
  },
  replaceOn: ["protocol", "listenerId"],
  ignore: ["loadbalancer", "listener"],
  transient: ["rule"],
});

/** A pool's inputs and outputs as its handlers receive them. */
export type PoolState = StateOf<typeof poolContract>;
