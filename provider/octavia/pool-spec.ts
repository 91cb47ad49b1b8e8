/**
 * `Pool` args and spec: the listener's default pool (algorithm, persistence, backend protocol).
 */
import * as t from "io-ts";
import { argsAndSpec, Bool, enumOf, narrowed, objectOf, Text255 } from "./codecs";
import type { CrossRule, Parent, ResourceCheck } from "./check-engine";
import type { ListenerSpec } from "./listener-spec";
import type { LoadBalancerSpec } from "./load-balancer-spec";

/** Pool protocols a spec can hold (PROXY v1 is refused by `check`). */
export const PoolProtocol = enumOf("PoolProtocol", [
  "TCP",
  "UDP",
  "SCTP",
  "HTTP",
  "HTTPS",
  "PROXYV2",
] as const);
export type PoolProtocol = t.TypeOf<typeof PoolProtocol>;

/** Octavia's pool protocols, as users write them. */
export const PoolProtocolArg = enumOf("PoolProtocolArg", [
  "TCP",
  "UDP",
  "SCTP",
  "HTTP",
  "HTTPS",
  "PROXY",
  "PROXYV2",
] as const);
export type PoolProtocolArg = t.TypeOf<typeof PoolProtocolArg>;

/** Octavia `lb_algorithm` (Pulumi `lbMethod`). */
export const LbMethod = enumOf("LbMethod", [
  "ROUND_ROBIN",
  "LEAST_CONNECTIONS",
  "SOURCE_IP",
  "SOURCE_IP_PORT",
] as const);
export type LbMethod = t.TypeOf<typeof LbMethod>;

/** Octavia session persistence as users write it (cookie types are refused by `check`). */
export const PersistenceArg = objectOf(
  "PersistenceArg",
  { type: enumOf("PersistenceType", ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"] as const) },
  { cookieName: Text255 },
);
export type PersistenceArg = t.TypeOf<typeof PersistenceArg>;

/** Persistence a spec can hold: client affinity by source address. */
export const Persistence = t.type({ type: t.literal("SOURCE_IP") }, "Persistence");
export type Persistence = t.TypeOf<typeof Persistence>;

/**
 * The user's pool args (`PoolArgs`) and the resolved pool spec (`PoolSpec`), each field declared
 * once: `check` narrows `protocol` (no PROXY v1) and `persistence` (no cookies).
 */
export const { args: PoolArgs, spec: PoolSpec } = argsAndSpec(
  { args: "PoolArgs", spec: "PoolSpec" },
  {
    required: {
      /** TCP, UDP, SCTP, HTTP, HTTPS or PROXYV2, compatible with the listener protocol. Changing it replaces the pool. */
      protocol: narrowed(PoolProtocolArg, PoolProtocol),
      /** ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP or SOURCE_IP_PORT (see docs/resources/pool.md). */
      lbMethod: LbMethod,
    },
    optional: {
      name: Text255,
      description: Text255,
      /** Only `{type: "SOURCE_IP"}` is supported; cookie persistence is rejected. */
      persistence: narrowed(PersistenceArg, Persistence),
    },
    defaulted: {
      /** false removes the listener's rule from LoxiLB (default true). */
      adminStateUp: Bool,
    },
  },
);

export type PoolArgs = t.TypeOf<typeof PoolArgs>;

export type PoolSpec = t.TypeOf<typeof PoolSpec>;

/** Octavia's listener → pool protocol table (`VALID_LISTENER_POOL_PROTOCOL_MAP`). */
export const LISTENER_POOL_PROTOCOLS: Readonly<Record<ListenerSpec["protocol"], readonly PoolProtocolArg[]>> =
  {
    TCP: ["HTTP", "HTTPS", "PROXY", "PROXYV2", "TCP"],
    HTTP: ["HTTP", "PROXY", "PROXYV2"],
    HTTPS: ["HTTPS", "PROXY", "PROXYV2", "TCP"],
    UDP: ["UDP"],
    SCTP: ["SCTP"],
  };

export interface PoolParents {
  readonly loadbalancer?: Parent<LoadBalancerSpec>;
  readonly listener?: Parent<ListenerSpec>;
}

const crossRules: ReadonlyArray<CrossRule<PoolArgs, PoolParents>> = [
  {
    property: "protocol",
    needs: ["protocol"],
    test: (a) =>
      a.protocol === "PROXY"
        ? "PROXY (protocol v1) is not supported: LoxiLB only writes PROXY protocol v2 headers; use PROXYV2"
        : undefined,
  },
  {
    property: "protocol",
    needs: ["protocol"],
    parentNeeds: { listener: ["protocol"] },
    test: (a, p) => {
      const lp = p.listener?.protocol as ListenerSpec["protocol"] | undefined;
      const allowed = lp === undefined ? undefined : LISTENER_POOL_PROTOCOLS[lp];
      return allowed === undefined || a.protocol === undefined || allowed.includes(a.protocol)
        ? undefined
        : `a ${lp} listener accepts pool protocols ${allowed.join(", ")} (Octavia's listener/pool protocol table)`;
    },
  },
  {
    property: "persistence.type",
    needs: ["persistence"],
    test: (a) =>
      a.persistence?.type === "HTTP_COOKIE" || a.persistence?.type === "APP_COOKIE"
        ? `${a.persistence.type} persistence is not supported: LoxiLB balances at L4 and never sees cookies; ` +
          "use SOURCE_IP persistence"
        : undefined,
  },
  {
    property: "persistence.cookieName",
    needs: ["persistence"],
    test: (a) =>
      a.persistence?.cookieName !== undefined && a.persistence.type === "SOURCE_IP"
        ? "cookieName applies only to APP_COOKIE persistence (Octavia); remove it"
        : undefined,
  },
  {
    property: "lbMethod",
    needs: ["lbMethod"],
    parentNeeds: { loadbalancer: ["natMode"] },
    test: (a, p) =>
      p.loadbalancer?.natMode === "dsr" && a.lbMethod !== "SOURCE_IP_PORT"
        ? "the load balancer's natMode dsr needs LoxiLB hash selection; use lbMethod SOURCE_IP_PORT"
        : undefined,
  },
  {
    property: "persistence",
    needs: ["persistence"],
    parentNeeds: { loadbalancer: ["natMode"] },
    test: (a, p) =>
      p.loadbalancer?.natMode === "dsr" && a.persistence !== undefined
        ? "the load balancer's natMode dsr needs LoxiLB hash selection, which has no persistence; remove persistence"
        : undefined,
  },
];

function resolve(a: PoolArgs): PoolSpec {
  const spec: PoolSpec = {
    protocol: a.protocol as PoolProtocol,
    lbMethod: a.lbMethod,
    adminStateUp: a.adminStateUp ?? true,
  };
  if (a.name !== undefined) spec.name = a.name;
  if (a.description !== undefined) spec.description = a.description;
  if (a.persistence !== undefined) spec.persistence = { type: "SOURCE_IP" };
  return spec;
}

export const poolCheck: ResourceCheck<PoolArgs, PoolSpec, PoolParents> = {
  args: PoolArgs,
  crossRules,
  resolve,
};
