/**
 * `Member` args and spec: one backend of a pool, i.e. one endpoint of the listener's LoxiLB rule.
 */
import * as t from "io-ts";
import { argsAndSpec, Bool, intRange, IpAddress, narrowed, Port, Text255 } from "./codecs";
import type { CrossRule, Parent, ResourceCheck } from "./check-engine";
import type { ListenerSpec } from "./listener-spec";
import type { LoadBalancerSpec } from "./load-balancer-spec";
import type { PoolSpec } from "./pool-spec";
import { parseIp, sameIp } from "../api/ip";
import { isUnknown } from "./unknown";

/** loxilb's endpoint limit per rule (`MaxLBEndPoints`). */
export const MAX_MEMBERS_PER_LISTENER = 32;

/** Octavia member weight: 0..256, relative; 0 drains the member. */
export const Weight = intRange("Weight", 0, 256);

/**
 * The user's member args (`MemberArgs`) and the resolved member spec (`MemberSpec`), each field
 * declared once: `check` narrows `backup` (always false: backup members are refused).
 */
export const {
  args: MemberArgs,
  spec: MemberSpec,
  optionalAsWritten: MEMBER_OPTIONAL_AS_WRITTEN,
} = argsAndSpec(
  { args: "MemberArgs", spec: "MemberSpec" },
  {
    required: {
      /** Backend IP literal (the endpoint's `endpointIP`). Changing it replaces the member. */
      address: IpAddress,
      /** Backend port, 1..65535 (the endpoint's `targetPort`). Changing it replaces the member. */
      protocolPort: Port,
    },
    optional: {
      /** Must equal `address` when set: LoxiLB probes each endpoint where it serves. */
      monitorAddress: IpAddress,
      /** Must equal `protocolPort` when set. */
      monitorPort: Port,
      /** Neutron subnet, kept for reference. Changing it replaces the member. */
      subnetId: Text255,
      name: Text255,
    },
    defaulted: {
      /** Relative weight 0..256 (default 1); 0 drains the member (its endpoint is left out). */
      weight: Weight,
      /** false takes the endpoint out of the rule (default true). */
      adminStateUp: Bool,
      /** Backup members are not supported by LoxiLB: `true` is rejected. */
      backup: narrowed(Bool, t.literal(false)),
    },
  },
);
export type MemberArgs = t.TypeOf<typeof MemberArgs>;
export type MemberSpec = t.TypeOf<typeof MemberSpec>;

export const MEMBER_DEFAULTS = { weight: 1, adminStateUp: true, backup: false } as const;

export interface MemberParents {
  readonly loadbalancer?: Parent<LoadBalancerSpec>;
  readonly listener?: Parent<ListenerSpec>;
  readonly pool?: Parent<PoolSpec>;
  /** How many members the pool has program-side, this one included. Defaults to `siblings.length`. */
  readonly siblingCount?: number;
  /** The raw args of every member of the pool, this one included (for the duplicate check). */
  readonly siblings?: readonly unknown[];
}

const PROBE_REASON = "LoxiLB probes each endpoint at its own address and port";

function sameEndpoint(raw: unknown, address: string, port: number): boolean {
  if (typeof raw !== "object" || raw === null) return false;
  const r = raw as Record<string, unknown>;
  if (isUnknown(r["address"]) || typeof r["address"] !== "string") return false;
  return sameIp(r["address"], address) && r["protocolPort"] === port;
}

const crossRules: ReadonlyArray<CrossRule<MemberArgs, MemberParents>> = [
  {
    property: "backup",
    needs: ["backup"],
    test: (a) =>
      a.backup === true
        ? "LoxiLB has no backup members: every endpoint of a rule takes traffic; remove backup or set it to false"
        : undefined,
  },
  {
    property: "monitorAddress",
    needs: ["address", "monitorAddress"],
    test: (a) =>
      a.monitorAddress !== undefined && a.address !== undefined && !sameIp(a.monitorAddress, a.address)
        ? `${PROBE_REASON}; remove monitorAddress or set it to the member's address`
        : undefined,
  },
  {
    property: "monitorPort",
    needs: ["protocolPort", "monitorPort"],
    test: (a) =>
      a.monitorPort !== undefined && a.protocolPort !== undefined && a.monitorPort !== a.protocolPort
        ? `${PROBE_REASON}; remove monitorPort or set it to the member's protocolPort`
        : undefined,
  },
  {
    property: "address",
    needs: ["address"],
    parentNeeds: { loadbalancer: ["vipAddress"] },
    test: (a, p) => {
      const vip =
        typeof p.loadbalancer?.vipAddress === "string" ? parseIp(p.loadbalancer.vipAddress) : undefined;
      const member = a.address === undefined ? undefined : parseIp(a.address);
      return vip?.family === 4 && member?.family === 6
        ? "an IPv6 member cannot serve an IPv4 VIP: LoxiLB refuses NAT46; use an IPv4 member address " +
            "(an IPv6 VIP with IPv4 members, NAT64, is supported)"
        : undefined;
    },
  },
  {
    property: "protocolPort",
    needs: ["protocolPort"],
    parentNeeds: { loadbalancer: ["natMode"], listener: ["protocolPort"] },
    test: (a, p) =>
      p.loadbalancer?.natMode === "dsr" && a.protocolPort !== p.listener?.protocolPort
        ? "with natMode dsr LoxiLB forwards packets without rewriting the port, so the member must listen " +
          `on the listener's protocolPort (${String(p.listener?.protocolPort)})`
        : undefined,
  },
  {
    property: "pool",
    needs: [],
    test: (_a, p) => {
      const n = p.siblingCount ?? p.siblings?.length ?? 0;
      return n > MAX_MEMBERS_PER_LISTENER
        ? `the pool has ${n} members but a LoxiLB rule holds at most ${MAX_MEMBERS_PER_LISTENER} endpoints; ` +
            "split the members across listeners (another port or VIP)"
        : undefined;
    },
  },
  {
    property: "address",
    needs: ["address", "protocolPort"],
    test: (a, p) => {
      const { address, protocolPort } = a;
      if (address === undefined || protocolPort === undefined || p.siblings === undefined) return undefined;
      const same = p.siblings.filter((s) => sameEndpoint(s, address, protocolPort)).length;
      return same > 1
        ? "another member of the pool has the same address and protocolPort (Octavia: DuplicateMemberEntry)"
        : undefined;
    },
  },
];

function resolve(a: MemberArgs): MemberSpec {
  const spec: MemberSpec = {
    address: a.address,
    protocolPort: a.protocolPort,
    weight: a.weight ?? MEMBER_DEFAULTS.weight,
    adminStateUp: a.adminStateUp ?? MEMBER_DEFAULTS.adminStateUp,
    backup: false,
  };
  for (const k of MEMBER_OPTIONAL_AS_WRITTEN) {
    const v = a[k];
    if (v !== undefined) (spec as Record<string, unknown>)[k] = v;
  }
  return spec;
}

export const memberCheck: ResourceCheck<MemberArgs, MemberSpec, MemberParents> = {
  args: MemberArgs,
  crossRules,
  resolve,
};
