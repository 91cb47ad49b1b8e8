/**
 * `LoxiLoadBalancer`: the Octavia load balancer (a VIP and its defaults). LoxiLB has no object for
 * it; its listeners' rules carry the VIP, NAT mode and BGP flag. Its handlers validate, keep the
 * Octavia state, roll up status from its rules, and clean up rules it still owns on delete.
 */
import * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "crypto";
import { checkLoadBalancer } from "../octavia/check";
import { type LoxiLBConnectionArgs, secretConnection } from "./connection-args";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import type { Lifecycle } from "./lifecycle";
import { providerFor } from "./provider-shim";
import { ConfigError } from "../api/errors";
import { clientFor } from "../runtime/connection";
import type { KindHandlers } from "./handler-kit";
import { lbRules, loadBalancerStatus, metricSamples, removeRules } from "./status-reads";
import { statsOf, statusTreeOf, type LoadBalancerStats, type StatusTree } from "../translate/status-tree";

export interface LoxiLoadBalancerArgs {
  /** The VIP (IPv4 or IPv6 literal): every listener's rule `externalIP`. Changing this replaces the load balancer. */
  vipAddress: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** false removes every rule of the load balancer from LoxiLB (default true). */
  adminStateUp?: pulumi.Input<boolean>;
  /** Neutron ids of the VIP, kept for reference. Changing them replaces the load balancer. */
  vipSubnetId?: pulumi.Input<string>;
  vipNetworkId?: pulumi.Input<string>;
  vipPortId?: pulumi.Input<string>;
  /** LoxiLB NAT mode of every rule: `dnat` (default), `onearm`, `fullnat` or `dsr` (needs SOURCE_IP_PORT). */
  natMode?: pulumi.Input<"dnat" | "onearm" | "fullnat" | "dsr">;
  /** Advertise the VIP with BGP (default false). */
  bgp?: pulumi.Input<boolean>;
  /** Overrides the `loxilb:*` stack config for this load balancer and its children. Stored as a secret. */
  connection?: pulumi.Input<LoxiLBConnectionArgs>;
}

/** Octavia spec fields of the load balancer that its children carry. */
export const LB_SPEC_KEYS = [
  "vipAddress",
  "name",
  "description",
  "adminStateUp",
  "vipSubnetId",
  "vipNetworkId",
  "vipPortId",
  "natMode",
  "bgp",
] as const;

export const loadBalancerLifecycle: Lifecycle = {
  inputKeys: [...LB_SPEC_KEYS, "connection", "providerVersion"],
  replaceOn: ["vipAddress", "vipSubnetId", "vipNetworkId", "vipPortId"],
  deleteBeforeReplace: true,
};

/** An Octavia-shaped load balancer on LoxiLB. */
export class LoxiLoadBalancer extends pulumi.dynamic.Resource {
  declare readonly vipAddress: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly adminStateUp: pulumi.Output<boolean | undefined>;
  declare readonly vipSubnetId: pulumi.Output<string | undefined>;
  declare readonly vipNetworkId: pulumi.Output<string | undefined>;
  declare readonly vipPortId: pulumi.Output<string | undefined>;
  declare readonly natMode: pulumi.Output<string | undefined>;
  declare readonly bgp: pulumi.Output<boolean | undefined>;
  declare readonly provisioningStatus: pulumi.Output<string>;
  declare readonly operatingStatus: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;
  /** Differences a refresh found between the rules LoxiLB holds and this load balancer (NAT mode). */
  declare readonly loxilbDrift: pulumi.Output<string[] | undefined>;
  /**
   * Octavia's status tree (`GET /v2/lbaas/loadbalancers/{id}/status`, camelCase) from the rules
   * LoxiLB holds for this load balancer. Set by `pulumi refresh`; an output only, so it never diffs.
   */
  declare readonly statusTree: pulumi.Output<StatusTree | undefined>;
  /**
   * Octavia's statistics (`bytesIn`, `bytesOut`, `activeConnections`, `totalConnections`,
   * `requestErrors`) from LoxiLB's counters; null where LoxiLB cannot give one. Set by `pulumi refresh`.
   */
  declare readonly stats: pulumi.Output<LoadBalancerStats | undefined>;
  /** @internal The Octavia spec children carry (known at preview). */
  readonly spec: pulumi.Output<unknown>;
  /** @internal The secret connection children inherit. */
  readonly connectionInput: pulumi.Output<LoxiLBConnectionArgs> | undefined;

  constructor(name: string, args: LoxiLoadBalancerArgs, opts?: pulumi.CustomResourceOptions) {
    const connection = secretConnection(args.connection);
    super(
      providerFor("loadbalancer", PROVIDER_VERSION),
      name,
      {
        ...args,
        connection,
        providerVersion: PROVIDER_VERSION,
        provisioningStatus: undefined,
        operatingStatus: undefined,
        statusTree: undefined,
        stats: undefined,
      },
      opts,
      TYPE_MODULE,
      "LoadBalancer",
    );
    this.spec = pulumi.output(pickSpec(args));
    this.connectionInput = connection;
  }
}

function pickSpec(args: LoxiLoadBalancerArgs): Record<string, pulumi.Input<unknown>> {
  const out: Record<string, pulumi.Input<unknown>> = {};
  for (const k of LB_SPEC_KEYS) if (args[k] !== undefined) out[k] = args[k];
  return out;
}

/** Provider-side handlers. */
export const loadBalancerHandlers: KindHandlers = {
  lifecycle: loadBalancerLifecycle,
  resourceType: "LoadBalancer",
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
    const declared = typeof props["natMode"] === "string" ? props["natMode"] : "dnat";
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
};

/** The status tree and statistics outputs (refresh only: counters move, inputs must not). */
async function observed(id: string, props: Record<string, unknown>, rules: Parameters<typeof statsOf>[0]) {
  const name = typeof props["name"] === "string" ? props["name"] : undefined;
  return {
    statusTree: statusTreeOf({ id, name, adminStateUp: props["adminStateUp"] !== false }, rules),
    stats: statsOf(rules, await metricSamples(props)),
  };
}

function connectionConfigured(props: Record<string, unknown>): boolean {
  try {
    clientFor(props["connection"]);
    return true;
  } catch (e) {
    if (e instanceof ConfigError) return false;
    throw e;
  }
}

function initialStatus(inputs: Record<string, unknown>): string {
  return inputs["adminStateUp"] === false ? "OFFLINE" : "ONLINE";
}
