/** The `LoxiLoadBalancer` contract: its Octavia args, and what it reports (statuses, tree, stats). */
import * as t from "io-ts";
import { LoadBalancerArgs } from "../octavia/load-balancer-spec";
import type { LoadBalancerStats, StatusTree } from "../translate/status-tree";
import { defineContract, produced, type StateOf } from "./contract";

export const loadBalancerContract = defineContract({
  kind: "loadbalancer",
  typeName: "LoadBalancer",
  own: LoadBalancerArgs,
  ids: {},
  wiring: {},
  computed: {},
  outputs: {
    provisioningStatus: t.string,
    operatingStatus: t.string,
    /** Differences a refresh found between the rules LoxiLB holds and this load balancer (NAT mode). */
    loxilbDrift: t.array(t.string),
    /**
     * Octavia's status tree (`GET /v2/lbaas/loadbalancers/{id}/status`, camelCase) from the rules
     * LoxiLB holds for this load balancer. Set by `pulumi refresh`; an output only, so it never diffs.
     */
    statusTree: produced<StatusTree>("StatusTree"),
    /**
     * Octavia's statistics (`bytesIn`, `bytesOut`, `activeConnections`, `totalConnections`,
     * `requestErrors`) from LoxiLB's counters; null where LoxiLB cannot give one. Set by `pulumi refresh`.
     */
    stats: produced<LoadBalancerStats>("LoadBalancerStats"),
  },
  replaceOn: ["vipAddress", "vipSubnetId", "vipNetworkId", "vipPortId"],
  deleteBeforeReplace: true,
});

/** A load balancer's inputs and outputs as its handlers receive them. */
export type LoadBalancerState = StateOf<typeof loadBalancerContract>;
