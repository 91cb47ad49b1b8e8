/**
 * `LoxiLoadBalancer`'s provider side. LoxiLB has no object for a load balancer (its listeners' rules
 * carry the VIP, NAT mode and BGP flag), so its handlers validate, keep the Octavia state, roll up
 * status from its rules, and clean up rules it still owns on delete. The class is in
 * `program/load-balancer.ts`.
 */
import { randomUUID } from "crypto";
import { checkLoadBalancer } from "../octavia/check";
import { ConfigError } from "../api/errors";
import { clientFor } from "../runtime/connection";
import { statsOf, statusTreeOf } from "../translate/status-tree";
import { loadBalancerContract, type LoadBalancerState } from "../contracts/load-balancer";
import { defineHandlers } from "./handler-kit";
import { lbRules, loadBalancerStatus, metricSamples, removeRules } from "./status-reads";

/** Provider-side handlers. */
export const loadBalancerHandlers = defineHandlers({
  contract: loadBalancerContract,
  check: (news) => checkLoadBalancer(news),
  // A load balancer writes nothing to LoxiLB (its listeners' rules carry it, §5 of design.md).
  create: (inputs) =>
    Promise.resolve({
      id: randomUUID(),
      outs: { provisioningStatus: "ACTIVE", operatingStatus: initialStatus(inputs) },
    }),
  update: (_id, _olds, news) =>
    Promise.resolve({ provisioningStatus: "ACTIVE", operatingStatus: initialStatus(news) }),
  async read(id, props) {
    const rules = await lbRules(props, id);
    const status = {
      provisioningStatus: "ACTIVE",
      operatingStatus: loadBalancerStatus(props, rules),
      ...(await observed(id, props, rules)),
    };
    // The NAT mode is the load balancer's: a rule holding another one is drift (its listener repairs it).
    const declared = props.natMode ?? "dnat";
    const drifted = rules.find((r) => (r.serviceArguments.mode ?? "dnat") !== declared);
    if (drifted === undefined) return { ...status, loxilbDrift: undefined };
    const mode = drifted.serviceArguments.mode ?? "dnat";
    const where = drifted.serviceArguments.name ?? "";
    return {
      ...status,
      natMode: mode,
      loxilbDrift: [`rule ${where}: NAT mode ${mode}, declared ${declared}`],
    };
  },
  async remove(id, props) {
    // The load balancer writes nothing itself (its listeners write and remove their rules); this
    // sweeps rules still named after it. Without any connection configured there is nothing it
    // could have written, so it goes without a request.
    if (!connectionConfigured(props)) return;
    await removeRules(props, await lbRules(props, id));
  },
});

/** The status tree and statistics outputs (refresh only: counters move, inputs must not). */
async function observed(id: string, props: LoadBalancerState, rules: Parameters<typeof statsOf>[0]) {
  return {
    statusTree: statusTreeOf({ id, name: props.name, adminStateUp: props.adminStateUp !== false }, rules),
    stats: statsOf(rules, await metricSamples(props)),
  };
}

function connectionConfigured(props: LoadBalancerState): boolean {
  try {
    clientFor(props.connection);
    return true;
  } catch (e) {
    if (e instanceof ConfigError) return false;
    throw e;
  }
}

function initialStatus(state: LoadBalancerState): string {
  return state.adminStateUp === false ? "OFFLINE" : "ONLINE";
}
