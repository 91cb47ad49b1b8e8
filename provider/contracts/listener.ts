/**
 * The `Listener` contract: its Octavia args, the load balancer it belongs to, the rule declaration
 * it carries, and what it reports (the rule's key and name, statuses, the rule action, drift).
 */
import * as t from "io-ts";
import { ListenerArgs } from "../octavia/listener-spec";
import { defineContract, ParentArgs, type StateOf } from "./contract";

/** The load balancer's fields that reach LoxiLB through this listener's rule (others never update it). */
export const LB_RULE_FIELDS = ["natMode", "bgp", "adminStateUp"] as const;

export const listenerContract = defineContract({
  kind: "listener",
  typeName: "Listener",
  own: ListenerArgs,
  ids: { loadbalancerId: t.string },
  wiring: {
    /** The load balancer's args (its VIP is the rule's key). */
    loadbalancer: ParentArgs,
    /** The whole rule as the program declares it (JSON text); never kept in state. */
    rule: t.string,
  },
  computed: {},
  outputs: {
    /** The rule's key, e.g. `tcp:192.0.2.10:80`. */
    ruleKey: t.string,
    /** The rule's LoxiLB name, `octavia-<loadbalancerId>-<listenerId>` (or the adopted rule's name). */
    ruleName: t.string,
    provisioningStatus: t.string,
    operatingStatus: t.string,
    /** `recreate` when the last change needed the rule deleted and created again. */
    loxilbRuleAction: t.string,
    /** Differences a refresh found between the rule LoxiLB holds and this listener (per instance). */
    loxilbDrift: t.array(t.string),
  },
  replaceOn: ["protocol", "protocolPort", "portMax", "loadbalancerId"],
  compareOnly: { loadbalancer: LB_RULE_FIELDS },
  transient: ["rule"],
  deleteBeforeReplace: true,
});

/** A listener's inputs and outputs as its handlers receive them. */
export type ListenerState = StateOf<typeof listenerContract>;
