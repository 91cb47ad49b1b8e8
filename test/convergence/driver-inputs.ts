/**
 * The registrations the convergence program (program.ts) makes, built in-process the way the
 * `pulumi-loxilb` classes build their inputs: spec bags of the parents, ids from the parents'
 * outputs, the rule declaration text of each listener, the connection and the provider version.
 * driver-honesty.test.ts compares them with what the real program registers.
 */
import { declarationText, type RuleDeclaration } from "../../provider/rules/declaration";
import { PROVIDER_VERSION, type ResourceKind } from "../../provider/contracts/kinds";
import {
  adminArg,
  backendPort,
  monitorType,
  names,
  VIP,
  type ListenerModel,
  type MemberModel,
  type ProgramArgs,
} from "./model";
import { connectionOf } from "./program";

export type Bag = Record<string, unknown>;

/** A resource the new inputs are built from: its id and outputs. */
export interface Parent {
  readonly id: string;
  readonly outputs: Bag;
}

/** Looks a parent up by its key (`<kind>:<name>`). */
export type ParentOf = (key: string) => Parent;

/** One registration: its inputs, given the resources it depends on. */
export interface Registration {
  readonly name: string;
  readonly kind: ResourceKind;
  /** Property dependencies: input key -> the key (`<kind>:<name>`) of the resource the value comes from. */
  readonly deps: Readonly<Record<string, string>>;
  inputs(parent: ParentOf): Bag;
}

/** The unique key of a resource in the driver's state: `<kind>:<name>`. */
export const keyOf = (kind: ResourceKind, name: string): string => `${kind}:${name}`;

const TYPES: Record<ResourceKind, string> = {
  loadbalancer: "LoadBalancer",
  listener: "Listener",
  pool: "Pool",
  healthmonitor: "HealthMonitor",
  member: "Member",
  members: "Members",
};

/** The Pulumi type token of a kind. */
export const typeOf = (kind: ResourceKind): string => `pulumi-nodejs:dynamic/loxilb:${TYPES[kind]}`;

const memberArgs = (l: ListenerModel, m: MemberModel): Bag => ({
  address: m.address,
  protocolPort: backendPort(l),
  weight: m.weight,
  adminStateUp: m.up,
});

const monitorArgs = (l: ListenerModel): Bag | null =>
  l.monitor === null
    ? null
    : {
        type: monitorType(l),
        delay: l.monitor.delay,
        maxRetriesDown: l.monitor.retries,
        timeout: 1,
        maxRetries: 1,
        ...adminArg(l.monitor.adminUp),
      };

const listenerArgs = (l: ListenerModel): Bag => ({
  protocol: l.protocol,
  protocolPort: l.port,
  ...(l.cidrs.length > 0 ? { allowedCidrs: [...l.cidrs] } : {}),
  ...adminArg(l.adminUp),
});

const poolArgs = (l: ListenerModel): Bag => ({
  protocol: l.poolProtocol,
  lbMethod: l.lbMethod,
  ...adminArg(l.poolAdminUp),
});

/** The listener's rule declaration, as `Listener` builds it from its pool's collections. */
export function ruleText(lbSpec: Bag, l: ListenerModel): string {
  const name = names.listener(l);
  const mon = monitorArgs(l);
  const members = l.batch
    ? l.members.map((m, i) => ({ ...memberArgs(l, m), resource: `Members "${name}"[${i}]` }))
    : l.members.map((m) => ({ ...memberArgs(l, m), resource: `Member "${names.member(l, m)}"` }));
  const d: RuleDeclaration = {
    loadbalancer: lbSpec,
    listener: listenerArgs(l),
    pool: { ...poolArgs(l), resource: `Pool "${name}"` },
    healthMonitor: mon === null ? null : { ...mon, resource: `HealthMonitor "${name}"` },
    members,
  };
  return declarationText(d);
}

function listenerRegistrations(lbSpec: Bag, connection: Bag, l: ListenerModel): Registration[] {
  const name = names.listener(l);
  const [lbKey, listenerKey, poolKey] = [
    keyOf("loadbalancer", names.lb),
    keyOf("listener", name),
    keyOf("pool", name),
  ];
  const common = {
    loadbalancer: lbSpec,
    rule: ruleText(lbSpec, l),
    connection,
    providerVersion: PROVIDER_VERSION,
  };
  const fromPool = { poolId: poolKey, listenerId: poolKey, loadbalancerId: poolKey };
  const child = (parent: ParentOf): Bag => {
    const pool = parent(poolKey);
    return {
      poolId: pool.id,
      listenerId: pool.outputs["listenerId"],
      loadbalancerId: pool.outputs["loadbalancerId"],
      listener: listenerArgs(l),
      pool: poolArgs(l),
      ...common,
    };
  };
  const regs: Registration[] = [
    {
      name,
      kind: "listener",
      deps: { loadbalancerId: lbKey },
      inputs: (parent) => ({ ...listenerArgs(l), loadbalancerId: parent(lbKey).id, ...common }),
    },
    {
      name,
      kind: "pool",
      deps: { listenerId: listenerKey, loadbalancerId: listenerKey },
      inputs: (parent) => ({
        ...poolArgs(l),
        listenerId: parent(listenerKey).id,
        loadbalancerId: parent(listenerKey).outputs["loadbalancerId"],
        listener: listenerArgs(l),
        ...common,
      }),
    },
  ];
  const mon = monitorArgs(l);
  if (mon !== null)
    regs.push({ name, kind: "healthmonitor", deps: fromPool, inputs: (p) => ({ ...mon, ...child(p) }) });
  if (l.batch) {
    const members = l.members.map((m) => memberArgs(l, m));
    regs.push({ name, kind: "members", deps: fromPool, inputs: (p) => ({ members, ...child(p) }) });
  } else {
    for (const m of l.members) {
      const own = memberArgs(l, m);
      regs.push({
        name: names.member(l, m),
        kind: "member",
        deps: fromPool,
        inputs: (p) => ({ ...own, ...child(p) }),
      });
    }
  }
  return regs;
}

/** Every registration of the program for `args`, in program order. */
export function registrationsFor(args: ProgramArgs): Registration[] {
  const s = args.stack;
  const connection = connectionOf(args.endpoints) as Bag;
  const lbArgs: Bag = {
    vipAddress: VIP,
    name: s.lbName,
    description: s.description,
    natMode: s.natMode,
    vipSubnetId: s.subnet,
    ...adminArg(s.adminUp),
  };
  const lb: Registration = {
    name: names.lb,
    kind: "loadbalancer",
    deps: {},
    inputs: () => ({ ...lbArgs, connection, providerVersion: PROVIDER_VERSION }),
  };
  return [lb, ...s.listeners.flatMap((l) => listenerRegistrations(lbArgs, connection, l))];
}
