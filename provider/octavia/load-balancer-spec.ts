/**
 * `LoxiLoadBalancer` args and spec. The load balancer is a VIP and the defaults every listener's rule
 * inherits (NAT mode, BGP). LoxiLB has no object for it.
 */
import * as t from "io-ts";
import { Bool, enumOf, IpAddress, objectOf, Text255 } from "./codecs";
import type { CrossRule, ResourceCheck } from "./check-engine";
import { isUnspecified, parseIp } from "../api/ip";

/** LoxiLB NAT modes offered per load balancer (`fullproxy` and `hostonearm` are not offered). */
export const NatMode = enumOf("NatMode", ["dnat", "onearm", "fullnat", "dsr"] as const);
export type NatMode = t.TypeOf<typeof NatMode>;

const required = {
  /** The VIP: every listener's rule `externalIP`. Changing it replaces the load balancer. */
  vipAddress: IpAddress,
};

const optional = {
  name: Text255,
  description: Text255,
  /** Neutron ids of the VIP, kept for reference. Changing them replaces the load balancer. */
  vipSubnetId: Text255,
  vipNetworkId: Text255,
  vipPortId: Text255,
};

const defaulted = {
  /** false removes every rule of the load balancer (default true). */
  adminStateUp: Bool,
  /** NAT mode of every rule (default `dnat`); `dsr` needs hash selection (lbMethod SOURCE_IP_PORT). */
  natMode: NatMode,
  /** Advertise the VIP with BGP (default false). */
  bgp: Bool,
};

/** The user's load balancer args, as the program writes them. */
export const LoadBalancerArgs = objectOf("LoadBalancerArgs", required, { ...optional, ...defaulted });
export type LoadBalancerArgs = t.TypeOf<typeof LoadBalancerArgs>;

/** The resolved load balancer spec: args with defaults applied. */
export const LoadBalancerSpec = t.intersection(
  [t.type({ ...required, ...defaulted }), t.partial(optional)],
  "LoadBalancerSpec",
);
export type LoadBalancerSpec = t.TypeOf<typeof LoadBalancerSpec>;

export const LOAD_BALANCER_DEFAULTS = { adminStateUp: true, natMode: "dnat", bgp: false } as const;

const crossRules: ReadonlyArray<CrossRule<LoadBalancerArgs, object>> = [
  {
    property: "vipAddress",
    needs: ["vipAddress"],
    test: (a) => {
      const ip = a.vipAddress === undefined ? undefined : parseIp(a.vipAddress);
      return ip !== undefined && isUnspecified(ip)
        ? "an unspecified VIP (0.0.0.0 or ::) is only valid in LoxiLB's host-one-arm mode, which this provider " +
            "does not offer; use the address clients connect to"
        : undefined;
    },
  },
];

function resolve(a: LoadBalancerArgs): LoadBalancerSpec {
  const spec: LoadBalancerSpec = {
    vipAddress: a.vipAddress,
    adminStateUp: a.adminStateUp ?? LOAD_BALANCER_DEFAULTS.adminStateUp,
    natMode: a.natMode ?? LOAD_BALANCER_DEFAULTS.natMode,
    bgp: a.bgp ?? LOAD_BALANCER_DEFAULTS.bgp,
  };
  for (const k of Object.keys(optional) as Array<keyof typeof optional>) {
    const v = a[k];
    if (v !== undefined) spec[k] = v;
  }
  return spec;
}

export const loadBalancerCheck: ResourceCheck<LoadBalancerArgs, LoadBalancerSpec, object> = {
  args: LoadBalancerArgs,
  crossRules,
  resolve,
};
