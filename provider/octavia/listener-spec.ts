/**
 * `Listener` args and spec. A listener is the key of one LoxiLB rule: VIP (from its load balancer),
 * L4 protocol and port (or port range).
 */
import * as t from "io-ts";
import { argsAndSpec, Bool, Cidr, enumOf, intRange, narrowed, Port, Text255 } from "./codecs";
import type { CheckFailure, CrossRule, Parent, ResourceCheck } from "./check-engine";
import type { LoadBalancerSpec } from "./load-balancer-spec";
import { parseCidr, parseIp } from "../api/ip";
import { isUnknown } from "./unknown";

/** Listener protocols a spec can hold. HTTP and HTTPS are L4 pass-through on tcp. */
export const ListenerProtocol = enumOf("ListenerProtocol", ["TCP", "UDP", "SCTP", "HTTP", "HTTPS"] as const);
export type ListenerProtocol = t.TypeOf<typeof ListenerProtocol>;

/** Octavia's listener protocols, as users write them (TERMINATED_HTTPS and PROMETHEUS are refused by `check`). */
export const ListenerProtocolArg = enumOf("ListenerProtocolArg", [
  "TCP",
  "UDP",
  "SCTP",
  "HTTP",
  "HTTPS",
  "TERMINATED_HTTPS",
  "PROMETHEUS",
] as const);
export type ListenerProtocolArg = t.TypeOf<typeof ListenerProtocolArg>;

/** Octavia's listener timeout range: 0 .. 24 days, in milliseconds. */
export const OCTAVIA_MAX_TIMEOUT_MS = 24 * 24 * 60 * 60 * 1000;
/** loxilb's largest `inactiveTimeOut` (86,400 s), in milliseconds. */
export const LOXILB_MAX_IDLE_TIMEOUT_MS = 86_400_000;

const TimeoutMs = intRange("TimeoutMs", 0, OCTAVIA_MAX_TIMEOUT_MS, "milliseconds");

/**
 * The user's listener args (`ListenerArgs`) and the resolved listener spec (`ListenerSpec`), each
 * field declared once: `check` narrows `protocol` (no TERMINATED_HTTPS) and `connectionLimit` (-1).
 */
export const {
  args: ListenerArgs,
  spec: ListenerSpec,
  optionalAsWritten: LISTENER_OPTIONAL_AS_WRITTEN,
} = argsAndSpec(
  { args: "ListenerArgs", spec: "ListenerSpec" },
  {
    required: {
      /** TCP, UDP, SCTP, HTTP or HTTPS (HTTP/HTTPS are L4 pass-through on tcp). Changing it replaces the listener. */
      protocol: narrowed(ListenerProtocolArg, ListenerProtocol),
      /** 1..65535: the rule's `port`. Changing it replaces the listener. */
      protocolPort: Port,
    },
    optional: {
      name: Text255,
      description: Text255,
      /** Last port of a range (LoxiLB `portMax`), ≥ protocolPort. Changing it replaces the listener. */
      portMax: Port,
      /** Idle timeouts in ms; the larger data timeout becomes LoxiLB's `inactiveTimeOut` (s, ≤ 86,400). */
      timeoutClientData: TimeoutMs,
      timeoutMemberConnect: TimeoutMs,
      timeoutMemberData: TimeoutMs,
      timeoutTcpInspect: TimeoutMs,
      /** Only -1 (unlimited) is supported. */
      connectionLimit: narrowed(intRange("ConnectionLimit", -1, Number.MAX_SAFE_INTEGER), t.literal(-1)),
    },
    defaulted: {
      /** false removes the rule from LoxiLB (default true). */
      adminStateUp: Bool,
      /** Source CIDRs allowed to reach the VIP (LoxiLB `allowedSources`). */
      allowedCidrs: t.array(Cidr),
      /** Take over an existing LoxiLB rule with the same key (default false). */
      adopt: Bool,
    },
  },
);
export type ListenerArgs = t.TypeOf<typeof ListenerArgs>;
export type ListenerSpec = t.TypeOf<typeof ListenerSpec>;

export const LISTENER_DEFAULTS = { adminStateUp: true, allowedCidrs: [] as string[], adopt: false } as const;

export interface ListenerParents {
  readonly loadbalancer?: Parent<LoadBalancerSpec>;
}

const idleTimeoutRule = (
  field: "timeoutClientData" | "timeoutMemberData",
): CrossRule<ListenerArgs, ListenerParents> => ({
  property: field,
  needs: [field],
  test: (a) => {
    const v = a[field];
    return v !== undefined && v > LOXILB_MAX_IDLE_TIMEOUT_MS
      ? `LoxiLB's session idle timeout (inactiveTimeOut) is at most 86400 s; set ${field} to at most 86400000 ms`
      : undefined;
  },
});

function cidrFamilyFailures(cidrs: readonly unknown[], vip: string): CheckFailure[] {
  const vipFamily = parseIp(vip)?.family;
  const out: CheckFailure[] = [];
  cidrs.forEach((c, i) => {
    if (isUnknown(c) || typeof c !== "string") return;
    const family = parseCidr(c)?.ip.family;
    if (family === undefined || vipFamily === undefined || family === vipFamily) return;
    out.push({
      property: `allowedCidrs.${i}`,
      reason: `an IPv${family} CIDR cannot match clients of the IPv${vipFamily} VIP (Octavia requires the VIP's IP version)`,
    });
  });
  return out;
}

const crossRules: ReadonlyArray<CrossRule<ListenerArgs, ListenerParents>> = [
  {
    property: "protocol",
    needs: ["protocol"],
    test: (a) =>
      a.protocol === "TERMINATED_HTTPS"
        ? "TERMINATED_HTTPS is not supported: LoxiLB terminates TLS only with certificates it manages itself " +
          "(its rule `security` mode), which this provider cannot supply; use HTTPS (TLS pass-through to the members) or TCP"
        : a.protocol === "PROMETHEUS"
          ? "PROMETHEUS listeners are an Octavia amphora metrics endpoint and LoxiLB has none; " +
            "scrape LoxiLB's own Prometheus metrics instead"
          : undefined,
  },
  {
    property: "portMax",
    needs: ["protocolPort", "portMax"],
    test: (a) =>
      a.portMax !== undefined && a.protocolPort !== undefined && a.portMax < a.protocolPort
        ? "must be at least protocolPort (the range is protocolPort..portMax)"
        : undefined,
  },
  {
    property: "connectionLimit",
    needs: ["connectionLimit"],
    test: (a) =>
      a.connectionLimit !== undefined && a.connectionLimit !== -1
        ? "LoxiLB has no per-listener connection limit; remove connectionLimit or set it to -1 (unlimited)"
        : undefined,
  },
  idleTimeoutRule("timeoutClientData"),
  idleTimeoutRule("timeoutMemberData"),
  {
    property: "allowedCidrs",
    needs: [],
    parentNeeds: { loadbalancer: ["vipAddress"] },
    test: (_a, p, raw) => {
      const vip = p.loadbalancer?.vipAddress;
      const cidrs = raw["allowedCidrs"];
      return Array.isArray(cidrs) && typeof vip === "string" ? cidrFamilyFailures(cidrs, vip) : undefined;
    },
  },
];

function resolve(a: ListenerArgs): ListenerSpec {
  const spec: ListenerSpec = {
    protocol: a.protocol as ListenerProtocol,
    protocolPort: a.protocolPort,
    adminStateUp: a.adminStateUp ?? LISTENER_DEFAULTS.adminStateUp,
    allowedCidrs: [...(a.allowedCidrs ?? LISTENER_DEFAULTS.allowedCidrs)],
    adopt: a.adopt ?? LISTENER_DEFAULTS.adopt,
  };
  for (const k of LISTENER_OPTIONAL_AS_WRITTEN) {
    const v = a[k];
    if (v !== undefined) (spec as Record<string, unknown>)[k] = v;
  }
  if (a.connectionLimit === -1) spec.connectionLimit = -1;
  return spec;
}

export const listenerCheck: ResourceCheck<ListenerArgs, ListenerSpec, ListenerParents> = {
  args: ListenerArgs,
  crossRules,
  resolve,
};
