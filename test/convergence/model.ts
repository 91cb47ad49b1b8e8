/**
 * The declarative stack model of the convergence tests: one load balancer on a fixed VIP with one or
 * two listeners, each with a pool, an optional health monitor and 1..6 members (as `Member`
 * resources or one `Members`). Pure data; edits.ts changes it; the program (program.ts) and the
 * in-process driver (driver-inputs.ts) build the same Pulumi resources from it.
 */

export const VIP = "192.0.2.50";

export type L4 = "TCP" | "UDP";
export type LbMethod = "ROUND_ROBIN" | "LEAST_CONNECTIONS" | "SOURCE_IP";
export type PoolProtocol = "TCP" | "UDP" | "PROXYV2";
export type NatMode = "dnat" | "fullnat";

export interface MemberModel {
  /** Its resource name within the listener (kept when the address changes). */
  readonly name: string;
  readonly address: string;
  readonly weight: number;
  readonly up: boolean;
}

export interface MonitorModel {
  readonly delay: number;
  readonly retries: number;
  /** false: the monitor's `adminStateUp: false` (probing off). */
  readonly adminUp: boolean;
}

export interface ListenerModel {
  /** Its resource name (kept when the port changes). */
  readonly name: string;
  readonly protocol: L4;
  readonly port: number;
  /** false: the listener's `adminStateUp: false` (no rule). */
  readonly adminUp: boolean;
  /** Allowed source CIDRs; empty: the listener does not set `allowedCidrs`. */
  readonly cidrs: readonly string[];
  readonly poolProtocol: PoolProtocol;
  readonly lbMethod: LbMethod;
  /** false: the pool's `adminStateUp: false` (no rule). */
  readonly poolAdminUp: boolean;
  readonly monitor: MonitorModel | null;
  /** true: one `Members` resource; false: one `Member` per entry. */
  readonly batch: boolean;
  readonly members: readonly MemberModel[];
}

export interface StackModel {
  readonly lbName: string;
  readonly description: string;
  readonly natMode: NatMode;
  /** false: the load balancer's `adminStateUp: false` (none of its rules). */
  readonly adminUp: boolean;
  /** The load balancer's `vipSubnetId` (a reference-only field whose change replaces it). */
  readonly subnet: string;
  readonly listeners: readonly ListenerModel[];
}

/** The program's args: the model plus where LoxiLB listens. */
export interface ProgramArgs {
  readonly endpoints: readonly string[];
  readonly stack: StackModel;
}

export const PORTS = [80, 443, 53, 8000] as const;
export const CIDRS = ["198.51.100.0/24", "203.0.113.0/24", "192.0.2.0/25", "10.0.0.0/8"] as const;
export const MAX_MEMBERS = 6;
export const MAX_LISTENERS = 2;

/** Resource names, shared by the program and the driver. */
export const names = {
  lb: "lb",
  listener: (l: ListenerModel) => l.name,
  member: (l: ListenerModel, m: MemberModel) => `${l.name}-${m.name}`,
};

export const backendPort = (l: ListenerModel): number => (l.protocol === "TCP" ? 8080 : 5353);
export const monitorType = (l: ListenerModel): string => (l.protocol === "TCP" ? "TCP" : "UDP-CONNECT");
export const memberAddress = (host: number): string => `10.1.${Math.floor(host / 200)}.${(host % 200) + 1}`;
export const memberName = (host: number): string => `m${host}`;
export const listenerName = (protocol: L4, port: number): string => `${protocol.toLowerCase()}${port}`;

/** The LoxiLB rule key of a listener, as the emulator formats it. */
export const ruleKeyOf = (protocol: string, port: number): string =>
  `${protocol.toLowerCase()}:${VIP}:${port}`;
export const ruleKey = (l: ListenerModel): string => ruleKeyOf(l.protocol, l.port);

/** Whether the listener has a rule in LoxiLB (everything up, and one enabled endpoint). */
export const hasRule = (s: StackModel, l: ListenerModel): boolean =>
  s.adminUp && l.adminUp && l.poolAdminUp && l.members.some((m) => m.up && m.weight > 0);

/** `{adminStateUp: false}` when down; nothing when up (the default). */
export const adminArg = (up: boolean): { adminStateUp?: false } => (up ? {} : { adminStateUp: false });

const showMember = (m: MemberModel) => `${m.name}=${m.address} w${m.weight}${m.up ? "" : " down"}`;

const down = (up: boolean) => (up ? "" : " DOWN");

export function showListener(l: ListenerModel): string {
  const mon =
    l.monitor === null
      ? ""
      : ` monitor(delay ${l.monitor.delay}, retries ${l.monitor.retries}${down(l.monitor.adminUp)})`;
  const cidrs = l.cidrs.length === 0 ? "" : ` cidrs [${l.cidrs.join(", ")}]`;
  const style = l.batch ? "Members" : "Member";
  return (
    `${l.name} ${l.protocol}:${l.port}${down(l.adminUp)} pool ${l.poolProtocol}/${l.lbMethod}${down(l.poolAdminUp)}${mon}${cidrs} ` +
    `${style} [${l.members.map(showMember).join(", ")}]`
  );
}

export function showStack(s: StackModel): string {
  const head = `LB${down(s.adminUp)} name=${JSON.stringify(s.lbName)} desc=${JSON.stringify(s.description)} ${s.natMode} subnet=${s.subnet}`;
  return [head, ...s.listeners.map((l) => `  ${showListener(l)}`)].join("\n");
}
