/**
 * LoxiLB's numeric wire enums as two-way codecs (number on the wire, name in TypeScript), so no
 * magic number leaves `provider/api/`. Values from loxilb `common/common.go` (EpSelect, LBMode,
 * LBSec, LBOp) and the swagger `LoadbalanceEntry` descriptions.
 */
import * as t from "io-ts";
import { namedNumericEnum } from "./codec-helpers";

/**
 * Endpoint selection (`sel`): 0 round robin, 1 hash, 2 priority (weighted RR over 16 slots),
 * 3 persist (RR with client persistence, 10800 s), 4 least connections, 5 SCTP N2, 6 N3 (UDP only).
 */
export const LbSelect = namedNumericEnum("LbSelect", [
  "rr",
  "hash",
  "priority",
  "persist",
  "lc",
  "n2",
  "n3",
] as const);
export type LbSelect = t.TypeOf<typeof LbSelect>;

/** NAT mode (`mode`): 0 DNAT, 1 one-arm, 2 full NAT, 3 DSR (needs sel=hash), 4 full proxy, 5 host one-arm. */
export const LbMode = namedNumericEnum("LbMode", [
  "dnat",
  "onearm",
  "fullnat",
  "dsr",
  "fullproxy",
  "hostonearm",
] as const);
export type LbMode = t.TypeOf<typeof LbMode>;

/** Security mode (`security`): 0 plain, 1 HTTPS/TLS termination, 2 end-to-end HTTPS. Fixed at create. */
export const LbSecurity = namedNumericEnum("LbSecurity", ["plain", "https", "e2ehttps"] as const);
export type LbSecurity = t.TypeOf<typeof LbSecurity>;

/** Endpoint operation (`oper`): 0 add (the list is the full desired set), 1 attach, 2 detach. */
export const LbOper = namedNumericEnum("LbOper", ["add", "attach", "detach"] as const);
export type LbOper = t.TypeOf<typeof LbOper>;

/** L4 protocol of a rule (case-sensitive on the wire). */
export const LbProtocol = t.keyof({ tcp: null, udp: null, sctp: null, icmp: null }, "LbProtocol");
export type LbProtocol = t.TypeOf<typeof LbProtocol>;

/** Rule probe type. loxilb rejects `http` and `https` for LB rules with 400 (rules.go L1573-1580). */
export const ProbeType = t.keyof(
  { tcp: null, udp: null, sctp: null, http: null, https: null, ping: null, none: null },
  "ProbeType",
);
export type ProbeType = t.TypeOf<typeof ProbeType>;

/** Endpoint state reported by GET: `active`, or `inactive` when the probe host is down or red. */
export const EndpointState = t.keyof({ active: null, inactive: null }, "EndpointState");
export type EndpointState = t.TypeOf<typeof EndpointState>;
