/**
 * Edits of the stack model as data: what one step of a sequence changes before its `up`. Indices
 * (listener, member) are taken modulo the list they point into; an edit that would change nothing
 * or break a limit of the model does not apply (the step is skipped).
 */
import {
  MAX_LISTENERS,
  MAX_MEMBERS,
  memberAddress,
  memberName,
  PORTS,
  showListener,
  type LbMethod,
  type ListenerModel,
  type MemberModel,
  type StackModel,
} from "./model";

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
  /** The member keeps its resource name and gets another address (a replacement). */
  | { readonly kind: "readdress"; readonly listener: number; readonly member: number; readonly host: number }
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
  /** The listener keeps its resource name and moves to another port (a delete-before-replace). */
  | { readonly kind: "movePort"; readonly listener: number; readonly port: number }
  | { readonly kind: "replacePool"; readonly listener: number }
  | { readonly kind: "memberStyle"; readonly listener: number }
  | { readonly kind: "admin"; readonly of: "listener" | "pool" | "monitor"; readonly listener: number }
  | { readonly kind: "lbAdmin" }
  | { readonly kind: "lbName"; readonly name: string }
  | { readonly kind: "lbDescription"; readonly description: string }
  | { readonly kind: "natMode" }
  | { readonly kind: "replaceLb"; readonly subnet: string }
  /** Several edits in one `up`. */
  | { readonly kind: "several"; readonly edits: readonly Edit[] };

type ListenerEdit = (l: ListenerModel) => ListenerModel | undefined;

const when = <T>(ok: boolean, v: () => T): T | undefined => (ok ? v() : undefined);

function onListener(s: StackModel, index: number, f: ListenerEdit): StackModel | undefined {
  if (s.listeners.length === 0) return undefined;
  const i = index % s.listeners.length;
  const next = f(s.listeners[i]!);
  return next === undefined
    ? undefined
    : { ...s, listeners: s.listeners.map((l, j) => (j === i ? next : l)) };
}

function onMember(l: ListenerModel, index: number, f: (m: MemberModel) => MemberModel | undefined) {
  const i = index % l.members.length;
  const next = f(l.members[i]!);
  return next === undefined ? undefined : { ...l, members: l.members.map((m, j) => (j === i ? next : m)) };
}

const usedBy = (l: ListenerModel, host: number) =>
  l.members.some((m) => m.address === memberAddress(host) || m.name === memberName(host));

function addMember(l: ListenerModel, e: Extract<Edit, { kind: "addMember" }>) {
  const m = { name: memberName(e.host), address: memberAddress(e.host), weight: e.weight, up: e.up };
  return when(l.members.length < MAX_MEMBERS && !usedBy(l, e.host), () => ({
    ...l,
    members: [...l.members, m],
  }));
}

function setMonitor(l: ListenerModel, change: Partial<NonNullable<ListenerModel["monitor"]>>) {
  if (l.monitor === null) return undefined;
  const monitor = { ...l.monitor, ...change };
  return when(JSON.stringify(monitor) !== JSON.stringify(l.monitor), () => ({ ...l, monitor }));
}

function toggleAdmin(l: ListenerModel, of: "listener" | "pool" | "monitor"): ListenerModel | undefined {
  if (of === "listener") return { ...l, adminUp: !l.adminUp };
  if (of === "pool") return { ...l, poolAdminUp: !l.poolAdminUp };
  return l.monitor === null ? undefined : setMonitor(l, { adminUp: !l.monitor.adminUp });
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function editListener(e: Edit): ListenerEdit | undefined {
  switch (e.kind) {
    case "addMember":
      return (l) => addMember(l, e);
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
    case "readdress":
      return (l) =>
        when(!l.members.some((m) => m.address === memberAddress(e.host)), () =>
          onMember(l, e.member, (m) => ({ ...m, address: memberAddress(e.host) })),
        );
    case "addMonitor":
      return (l) =>
        when(l.monitor === null, () => ({
          ...l,
          monitor: { delay: e.delay, retries: e.retries, adminUp: true },
        }));
    case "removeMonitor":
      return (l) => when(l.monitor !== null, () => ({ ...l, monitor: null }));
    case "monitorDelay":
      return (l) => setMonitor(l, { delay: e.delay });
    case "monitorRetries":
      return (l) => setMonitor(l, { retries: e.retries });
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
    case "admin":
      return (l) => toggleAdmin(l, e.of);
    default:
      return undefined;
  }
}

function editStack(s: StackModel, e: Edit): StackModel | undefined {
  switch (e.kind) {
    case "addListener": {
      const taken = s.listeners.some((l) => l.port === e.listener.port || l.name === e.listener.name);
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
    case "movePort": {
      const port = PORTS[e.port % PORTS.length]!;
      if (s.listeners.some((l) => l.port === port)) return undefined;
      return onListener(s, e.listener, (l) => ({ ...l, port }));
    }
    case "lbName":
      return when(s.lbName !== e.name, () => ({ ...s, lbName: e.name }));
    case "lbDescription":
      return when(s.description !== e.description, () => ({ ...s, description: e.description }));
    case "natMode":
      return { ...s, natMode: s.natMode === "dnat" ? "fullnat" : "dnat" };
    case "lbAdmin":
      return { ...s, adminUp: !s.adminUp };
    case "replaceLb":
      return when(s.subnet !== e.subnet, () => ({ ...s, subnet: e.subnet }));
    case "several": {
      const applied = e.edits.reduce<[StackModel, number]>(
        ([m, n], x) => {
          const next = applyEdit(m, x);
          return next === undefined ? [m, n] : [next, n + 1];
        },
        [s, 0],
      );
      return when(applied[1] >= 2, () => applied[0]);
    }
    default:
      return undefined;
  }
}

/** The model after `e`, or undefined when `e` does not apply. */
export function applyEdit(s: StackModel, e: Edit): StackModel | undefined {
  const onOne = editListener(e);
  return onOne !== undefined ? onListener(s, (e as { listener: number }).listener, onOne) : editStack(s, e);
}

/** A readable one-line form of an edit, for the printed sequence. */
export function showEdit(e: Edit): string {
  if (e.kind === "addListener") return `addListener(${showListener(e.listener)})`;
  if (e.kind === "several") return `several(${e.edits.map(showEdit).join(" + ")})`;
  const { kind, ...rest } = e;
  const args = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${kind}(${args.join(", ")})`;
}
