/**
 * The Pulumi program of the convergence tests: builds the stack a {@link StackModel} describes with
 * the `pulumi-loxilb` classes. Run by the engine harness with `{endpoints, stack}` as args.
 */
import { HealthMonitor, Listener, LoxiLoadBalancer, Member, Members, Pool } from "pulumi-loxilb";
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

/** The connection every load balancer of the tests uses (two endpoints: an HA pair, written to both). */
export function connectionOf(endpoints: readonly string[]) {
  return {
    apiEndpoints: [...endpoints],
    apiRetries: 2,
    apiRetryInterval: 0.05,
    ...(endpoints.length > 1 ? { replication: "all" as const } : {}),
  };
}

const memberArgs = (l: ListenerModel, m: MemberModel) => ({
  address: m.address,
  protocolPort: backendPort(l),
  weight: m.weight,
  adminStateUp: m.up,
});

function declareListener(lb: LoxiLoadBalancer, l: ListenerModel): void {
  const name = names.listener(l);
  const listener = new Listener(name, {
    loadbalancer: lb,
    protocol: l.protocol,
    protocolPort: l.port,
    ...(l.cidrs.length > 0 ? { allowedCidrs: [...l.cidrs] } : {}),
    ...adminArg(l.adminUp),
  });
  const pool = new Pool(name, {
    listener,
    protocol: l.poolProtocol,
    lbMethod: l.lbMethod,
    ...adminArg(l.poolAdminUp),
  });
  if (l.monitor !== null) {
    new HealthMonitor(name, {
      pool,
      type: monitorType(l) as "TCP" | "UDP-CONNECT",
      delay: l.monitor.delay,
      maxRetriesDown: l.monitor.retries,
      timeout: 1,
      maxRetries: 1,
      ...adminArg(l.monitor.adminUp),
    });
  }
  if (l.batch) new Members(name, { pool, members: l.members.map((m) => memberArgs(l, m)) });
  else for (const m of l.members) new Member(names.member(l, m), { pool, ...memberArgs(l, m) });
}

export default function program(args: ProgramArgs): Record<string, unknown> {
  const s = args.stack;
  const lb = new LoxiLoadBalancer(names.lb, {
    vipAddress: VIP,
    name: s.lbName,
    description: s.description,
    natMode: s.natMode,
    vipSubnetId: s.subnet,
    ...adminArg(s.adminUp),
    connection: connectionOf(args.endpoints),
  });
  for (const l of s.listeners) declareListener(lb, l);
  return {};
}
