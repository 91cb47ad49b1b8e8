/**
 * The `HealthMonitor` contract: its Octavia args, the pool it probes, the rule declaration it
 * carries, and what it reports.
 */
import * as t from "io-ts";
import { HealthMonitorArgs } from "../octavia/health-monitor-spec";
import { defineContract, type StateOf } from "./contract";
import { poolChild } from "./pool-child";

export const healthMonitorContract = defineContract({
  kind: "healthmonitor",
  typeName: "HealthMonitor",
  own: HealthMonitorArgs,
  ...poolChild,
  computed: {},
  outputs: {
    provisioningStatus: t.string,
    operatingStatus: t.string,
    /** `recreate` when the last change needed the rule deleted and created again. */
    loxilbRuleAction: t.string,
    /** Differences a refresh found between the rule LoxiLB holds and this monitor (per instance). */
    loxilbDrift: t.array(t.string),
  },
  replaceOn: ["type", "poolId"],
});

/** A health monitor's inputs and outputs as its handlers receive them. */
export type HealthMonitorState = StateOf<typeof healthMonitorContract>;
