/**
 * The declarative stack model of the convergence tests: one load balancer on a fixed VIP with one or
 * two listeners, each with a pool, an optional health monitor and 1..6 members (as `Member`
 * resources or one `Members`). Pure data and pure transitions; the program (program.ts) and the
 * in-process driver (driver-inputs.ts) build the same Pulumi resources from it.
 */

export const VIP = "192.0.2.50";

export type L4 = "TCP" | "UDP";
export type LbMethod = "ROUND_ROBIN" | "LEAST_CONNECTIONS" | "SOURCE_IP";
export type PoolProtocol = "TCP" | "UDP" | "PROXYV2";
export type NatMode = "dnat" | "fullnat";

export interface MemberModel {
  readonly address: string;
  readonly weight: number;
  readonly up: boolean;
}

export interface MonitorModel {
  readonly delay: number;
  readonly retries: number;
}

export interface ListenerModel {
  readonly protocol: L4;
  readonly port: number;
  /** Allowed source CIDRs; empty: the listener does not set `allowedCidrs`. */
  readonly cidrs: readonly string[];
  readonly poolProtocol: PoolProtocol;
  readonly lbMethod: LbMethod;
  readonly monitor: MonitorModel | null;
  /** true: one `Members` resource; false: one `Member` per entry. */
  readonly batch: boolean;
  readonly members: readonly MemberModel[];
}

export interface StackModel {
  readonly lbName: string;
  readonly description: string;
  readonly natMode: NatMode;
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
  listener: (l: ListenerModel) => `${l.protocol.toLowerCase()}${l.port}`,
  member: (l: ListenerModel, m: MemberModel) => `${names.listener(l)}-${m.address}`,
};

export const backendPort = (l: ListenerModel): number => (l.protocol === "TCP" ? 8080 : 5353);
export const monitorType = (l: ListenerModel): string => (l.protocol === "TCP" ? "TCP" : "UDP-CONNECT");
export const memberAddress = (host: number): string => `10.1.${Math.floor(host / 200)}.${(host % 200) + 1}`;

/** The LoxiLB rule key of a listener, as the emulator formats it. */
export const ruleKeyOf = (protocol: string, port: number): string =>
  `${protocol.toLowerCase()}:${VIP}:${port}`;
export const ruleKey = (l: ListenerModel): string => ruleKeyOf(l.protocol, l.port);

/** Whether the listener has a rule in LoxiLB (a rule needs one enabled endpoint). */
export const hasRule = (l: ListenerModel): boolean => l.members.some((m) => m.up && m.weight > 0);

/** Model edits as data: what a step changes (`index` values are taken modulo the list's length). */
export type Edit =
  | {
      readonly kind: "addMember";
      readonly listener: number;
      readonly host: number;
      readonly weight: number;
      readonly up: boolean;
    }
  | { readonly kind: "removeMember"; readonly listener: number; readonly member: number }
  | { readonly kind: "reweight"; readonly listener: number; readonly member: number; readonly weight: number }
  | { readonly kind: "toggleMember"; readonly listener: number; readonly member: number }
  | {
      readonly kind: "addMonitor";
      readonly listener: number;
      readonly delay: number;
      readonly retries: number;
    }
  | { readonly kind: "removeMonitor"; readonly listener: number }
  | { readonly kind: "monitorDelay"; readonly listener: number; readonly delay: number }
  | { readonly kind: "monitorRetries"; readonly listener: number; readonly retries: number }
  | { readonly kind: "lbMethod"; readonly listener: number; readonly lbMethod: LbMethod }
  | { readonly kind: "cidrs"; readonly listener: number; readonly cidrs: readonly string[] }
  | { readonly kind: "addListener"; readonly listener: ListenerModel }
  | { readonly kind: "removeListener"; readonly listener: number }
  | { readonly kind: "replacePool"; readonly listener: number }
  | { readonly kind: "memberStyle"; readonly listener: number }
  | { readonly kind: "lbName"; readonly name: string }
  | { readonly kind: "lbDescription"; readonly description: string }
  | { readonly kind: "natMode" }
  | { readonly kind: "replaceLb"; readonly subnet: string };

type ListenerEdit = (l: ListenerModel) => ListenerModel | undefined;

function onListener(s: StackModel, index: number, f: ListenerEdit): StackModel | undefined {
  if (s.listeners.length === 0) return undefined;
  const i = index % s.listeners.length;
  const next = f(s.listeners[i]!);
  if (next === undefined) return undefined;
  return { ...s, listeners: s.listeners.map((l, j) => (j === i ? next : l)) };
}

function onMember(
  l: ListenerModel,
  index: number,
  f: (m: MemberModel) => MemberModel | undefined,
): ListenerModel | undefined {
  const i = index % l.members.length;
  const next = f(l.members[i]!);
  return next === undefined ? undefined : { ...l, members: l.members.map((m, j) => (j === i ? next : m)) };
}

const when = <T>(ok: boolean, v: () => T): T | undefined => (ok ? v() : undefined);

function editListener(e: Edit): ListenerEdit | undefined {
  switch (e.kind) {
    case "addMember":
      return (l) => {
        const m = { address: memberAddress(e.host), weight: e.weight, up: e.up };
        const fits = l.members.length < MAX_MEMBERS && !l.members.some((x) => x.address === m.address);
        return when(fits, () => ({ ...l, members: [...l.members, m] }));
      };
    case "removeMember":
      return (l) =>
        when(l.members.length > 1, () => ({
          ...l,
          members: l.members.filter((_, j) => j !== e.member % l.members.length),
        }));
    case "reweight":
      return (l) =>
        onMember(l, e.member, (m) => when(m.weight !== e.weight, () => ({ ...m, weight: e.weight })));
    case "toggleMember":
      return (l) => onMember(l, e.member, (m) => ({ ...m, up: !m.up }));
    case "addMonitor":
      return (l) =>
        when(l.monitor === null, () => ({ ...l, monitor: { delay: e.delay, retries: e.retries } }));
    case "removeMonitor":
      return (l) => when(l.monitor !== null, () => ({ ...l, monitor: null }));
    case "monitorDelay":
      return (l) =>
        when(l.monitor !== null && l.monitor.delay !== e.delay, () => ({
          ...l,
          monitor: { ...l.monitor!, delay: e.delay },
        }));
    case "monitorRetries":
      return (l) =>
        when(l.monitor !== null && l.monitor.retries !== e.retries, () => ({
          ...l,
          monitor: { ...l.monitor!, retries: e.retries },
        }));
    case "lbMethod":
      return (l) => when(l.lbMethod !== e.lbMethod, () => ({ ...l, lbMethod: e.lbMethod }));
    case "cidrs":
      return (l) => when(!sameList(l.cidrs, e.cidrs), () => ({ ...l, cidrs: [...e.cidrs] }));
    case "replacePool":
      return (l) =>
        when(l.protocol === "TCP", () => ({
          ...l,
          poolProtocol: l.poolProtocol === "TCP" ? "PROXYV2" : "TCP",
        }));
    case "memberStyle":
      return (l) => ({ ...l, batch: !l.batch });
    default:
      return undefined;
  }
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The model after `e`, or undefined when `e` does not apply (nothing would change, or a limit). */
export function applyEdit(s: StackModel, e: Edit): StackModel | undefined {
  const onOne = editListener(e);
  if (onOne !== undefined) return onListener(s, (e as { listener: number }).listener, onOne);
  switch (e.kind) {
    case "addListener": {
      const taken = s.listeners.some((l) => l.port === e.listener.port);
      return when(s.listeners.length < MAX_LISTENERS && !taken, () => ({
        ...s,
        listeners: [...s.listeners, e.listener],
      }));
    }
    case "removeListener":
      return when(s.listeners.length > 1, () => ({
        ...s,
        listeners: s.listeners.filter((_, j) => j !== e.listener % s.listeners.length),
      }));
    case "lbName":
      return when(s.lbName !== e.name, () => ({ ...s, lbName: e.name }));
    case "lbDescription":
      return when(s.description !== e.description, () => ({ ...s, description: e.description }));
    case "natMode":
      return { ...s, natMode: s.natMode === "dnat" ? "fullnat" : "dnat" };
    case "replaceLb":
      return when(s.subnet !== e.subnet, () => ({ ...s, subnet: e.subnet }));
    default:
      return undefined;
  }
}

const showMember = (m: MemberModel) => `${m.address} w${m.weight}${m.up ? "" : " down"}`;

export function showListener(l: ListenerModel): string {
  const mon = l.monitor === null ? "" : ` monitor(delay ${l.monitor.delay}, retries ${l.monitor.retries})`;
  const cidrs = l.cidrs.length === 0 ? "" : ` cidrs [${l.cidrs.join(", ")}]`;
  const style = l.batch ? "Members" : "Member";
  return (
    `${l.protocol}:${l.port} pool ${l.poolProtocol}/${l.lbMethod}${mon}${cidrs} ` +
    `${style} [${l.members.map(showMember).join(", ")}]`
  );
}

/** A readable one-line form of an edit, for the printed sequence. */
export function showEdit(e: Edit): string {
  const { kind, ...rest } = e;
  if (e.kind === "addListener") return `addListener(${showListener(e.listener)})`;
  return `${kind}(${Object.entries(rest)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ")})`;
}

export function showStack(s: StackModel): string {
  const head = `LB name=${JSON.stringify(s.lbName)} desc=${JSON.stringify(s.description)} ${s.natMode} subnet=${s.subnet}`;
  return [head, ...s.listeners.map((l) => `  ${showListener(l)}`)].join("\n");
}
