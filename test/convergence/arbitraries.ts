/**
 * fast-check arbitraries: an initial stack model, model edits and out-of-band drifts. Indices
 * (listener, member, endpoint, instance) are taken modulo the list they point into when a step runs,
 * so any generated step means something in any model; a step that changes nothing is skipped.
 */
import fc from "fast-check";
import type { Drift } from "./drift";
import type { Edit } from "./edits";
import {
  CIDRS,
  listenerName,
  memberAddress,
  memberName,
  PORTS,
  type LbMethod,
  type ListenerModel,
  type MemberModel,
  type StackModel,
} from "./model";

const HOSTS = 12;
const index = fc.nat({ max: 11 });
const host = fc.nat({ max: HOSTS - 1 });
const weight = fc.integer({ min: 1, max: 5 });
const up = fc.oneof(
  { weight: 4, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);
const delay = fc.integer({ min: 1, max: 30 });
const retries = fc.integer({ min: 1, max: 10 });
const lbMethod = fc.constantFrom<LbMethod>("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP");
const cidrs = fc.subarray([...CIDRS], { maxLength: 3 });

/** Admin states: mostly up. */
const adminUp = fc.oneof(
  { weight: 9, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);

const member: fc.Arbitrary<MemberModel> = fc
  .record({ host, weight, up })
  .map(({ host: h, ...m }) => ({ name: memberName(h), address: memberAddress(h), ...m }));

export const listenerArb: fc.Arbitrary<ListenerModel> = fc
  .record({
    protocol: fc.constantFrom<"TCP" | "UDP">("TCP", "UDP"),
    port: fc.constantFrom(...PORTS),
    adminUp,
    poolAdminUp: adminUp,
    proxy: fc.boolean(),
    cidrs,
    lbMethod,
    monitor: fc.option(fc.record({ delay, retries, adminUp }), { nil: null }),
    batch: fc.boolean(),
    members: fc.uniqueArray(member, { minLength: 1, maxLength: 6, selector: (m) => m.address }),
  })
  .map(({ proxy, ...l }) => ({
    name: listenerName(l.protocol, l.port),
    ...l,
    poolProtocol: l.protocol === "UDP" ? "UDP" : proxy ? "PROXYV2" : "TCP",
  }));

export const stackArb: fc.Arbitrary<StackModel> = fc.record({
  lbName: fc.constantFrom("web", "edge"),
  description: fc.constantFrom("first", "second"),
  natMode: fc.constantFrom<"dnat" | "fullnat">("dnat", "fullnat"),
  adminUp,
  subnet: fc.constantFrom("subnet-a", "subnet-b"),
  listeners: fc.uniqueArray(listenerArb, { minLength: 1, maxLength: 2, selector: (l) => l.port }),
});

const often = (arbitrary: fc.Arbitrary<Edit>) => ({ weight: 4, arbitrary });
const sometimes = (arbitrary: fc.Arbitrary<Edit>) => ({ weight: 2, arbitrary });
const rarely = (arbitrary: fc.Arbitrary<Edit>) => ({ weight: 1, arbitrary });

const baseEdit: fc.Arbitrary<Edit> = fc.oneof(
  often(fc.record({ kind: fc.constant("addMember" as const), listener: index, host, weight, up })),
  often(fc.record({ kind: fc.constant("removeMember" as const), listener: index, member: index })),
  often(fc.record({ kind: fc.constant("reweight" as const), listener: index, member: index, weight })),
  often(fc.record({ kind: fc.constant("toggleMember" as const), listener: index, member: index })),
  sometimes(fc.record({ kind: fc.constant("readdress" as const), listener: index, member: index, host })),
  sometimes(fc.record({ kind: fc.constant("movePort" as const), listener: index, port: index })),
  sometimes(fc.record({ kind: fc.constant("addMonitor" as const), listener: index, delay, retries })),
  sometimes(fc.record({ kind: fc.constant("removeMonitor" as const), listener: index })),
  sometimes(fc.record({ kind: fc.constant("monitorDelay" as const), listener: index, delay })),
  sometimes(fc.record({ kind: fc.constant("monitorRetries" as const), listener: index, retries })),
  sometimes(fc.record({ kind: fc.constant("lbMethod" as const), listener: index, lbMethod })),
  sometimes(fc.record({ kind: fc.constant("cidrs" as const), listener: index, cidrs })),
  sometimes(fc.record({ kind: fc.constant("addListener" as const), listener: listenerArb })),
  sometimes(fc.record({ kind: fc.constant("removeListener" as const), listener: index })),
  sometimes(fc.record({ kind: fc.constant("replacePool" as const), listener: index })),
  rarely(fc.record({ kind: fc.constant("memberStyle" as const), listener: index })),
  sometimes(fc.record({ kind: fc.constant("lbName" as const), name: fc.constantFrom("web", "edge") })),
  rarely(
    fc.record({
      kind: fc.constant("lbDescription" as const),
      description: fc.constantFrom("first", "second"),
    }),
  ),
  rarely(fc.record({ kind: fc.constant("natMode" as const) })),
  sometimes(
    fc.record({
      kind: fc.constant("admin" as const),
      of: fc.constantFrom<"listener" | "pool" | "monitor">("listener", "pool", "monitor"),
      listener: index,
    }),
  ),
  rarely(fc.record({ kind: fc.constant("lbAdmin" as const) })),
  sometimes(
    fc.record({ kind: fc.constant("replaceLb" as const), subnet: fc.constantFrom("subnet-a", "subnet-b") }),
  ),
);

/** One edit per `up`, or several at once. */
export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: baseEdit },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("several" as const),
      edits: fc.array(baseEdit, { minLength: 2, maxLength: 3 }),
    }),
  },
);

const instance = fc.nat({ max: 1 });

export const driftArb: fc.Arbitrary<Drift> = fc.oneof(
  fc.record({ kind: fc.constant("deleteRule" as const), listener: index, instance }),
  fc.record({ kind: fc.constant("weight" as const), listener: index, endpoint: index, instance }),
  fc.record({ kind: fc.constant("sel" as const), listener: index, shift: fc.nat({ max: 3 }), instance }),
  fc.record({ kind: fc.constant("mode" as const), listener: index, instance }),
  fc.record({ kind: fc.constant("wipe" as const), instance }),
  fc.record({ kind: fc.constant("restart" as const), instance }),
);
