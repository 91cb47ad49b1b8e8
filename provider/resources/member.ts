/**
 * `Member`: one backend of a pool, i.e. one endpoint of the listener's LoxiLB rule. A member's create,
 * update and delete write the whole rule as the program declares it now (its `rule` input), through
 * the per-rule queue, in place (a re-POST) unless loxilb cannot change it in place. Its state keeps
 * only its own facets, and `loxilbWeight`, the weight LoxiLB holds for its endpoint.
 */
import * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "crypto";
import type { LoadbalanceEntry } from "../api/model";
import { endpointKey } from "../api/rule-identity";
import { memberOperatingStatus } from "../translate/status";
import { checkMember } from "../octavia/check";
import { knownParentSpecs } from "./facts";
import type { Bag, KindHandlers } from "./handler-kit";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import { pick, type Lifecycle } from "./lifecycle";
import type { Pool } from "./pool";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";
import { keyText } from "./status-reads";
import { declare, driftNote, noteDeclaration, rulesPerInstance, withdraw } from "./rule-access";
import { expectedWeight } from "./rule-effects";

export interface MemberArgs {
  /** The pool this member belongs to. Changing it replaces the member. */
  pool: Pool;
  /** Backend IP literal (the endpoint's `endpointIP`). Changing it replaces the member. */
  address: pulumi.Input<string>;
  /** Backend port, 1..65535 (the endpoint's `targetPort`). Changing it replaces the member. */
  protocolPort: pulumi.Input<number>;
  /** Relative weight 0..256 (default 1); 0 drains the member (its endpoint is left out). */
  weight?: pulumi.Input<number>;
  /** false takes the endpoint out of the rule (default true). */
  adminStateUp?: pulumi.Input<boolean>;
  /** Backup members are not supported by LoxiLB: `true` is rejected. */
  backup?: pulumi.Input<boolean>;
  /** Must equal `address` / `protocolPort` when set: LoxiLB probes each endpoint where it serves. */
  monitorAddress?: pulumi.Input<string>;
  monitorPort?: pulumi.Input<number>;
  /** Neutron subnet, kept for reference. Changing it replaces the member. */
  subnetId?: pulumi.Input<string>;
  name?: pulumi.Input<string>;
}

export const MEMBER_SPEC_KEYS = [
  "address",
  "protocolPort",
  "weight",
  "adminStateUp",
  "backup",
  "monitorAddress",
  "monitorPort",
  "subnetId",
  "name",
] as const;

export const memberLifecycle: Lifecycle = {
  inputKeys: [
    ...MEMBER_SPEC_KEYS,
    "poolId",
    "listenerId",
    "loadbalancerId",
    "loadbalancer",
    "listener",
    "pool",
    "rule",
    "loxilbWeight",
    "connection",
    "providerVersion",
  ],
  replaceOn: ["address", "protocolPort", "poolId", "subnetId"],
  // The parents' facts locate the rule (their key fields replace this member); the parents write
  // their own changes, so a load balancer's name or a pool's algorithm never updates a member.
  ignore: ["loadbalancer", "listener", "pool"],
  transient: ["rule"],
};

/** An Octavia-shaped pool member on LoxiLB: one endpoint of the listener's rule. */
export class Member extends pulumi.dynamic.Resource {
  declare readonly address: pulumi.Output<string>;
  declare readonly protocolPort: pulumi.Output<number>;
  declare readonly weight: pulumi.Output<number | undefined>;
  declare readonly adminStateUp: pulumi.Output<boolean | undefined>;
  declare readonly backup: pulumi.Output<boolean | undefined>;
  declare readonly monitorAddress: pulumi.Output<string | undefined>;
  declare readonly monitorPort: pulumi.Output<number | undefined>;
  declare readonly subnetId: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly poolId: pulumi.Output<string>;
  declare readonly listenerId: pulumi.Output<string>;
  declare readonly loadbalancerId: pulumi.Output<string>;
  declare readonly provisioningStatus: pulumi.Output<string>;
  declare readonly operatingStatus: pulumi.Output<string>;
  /**
   * The weight LoxiLB holds for this endpoint: its share of loxilb's 16 weighted-round-robin slots
   * as a percentage when the pool's weights differ, 1 otherwise, 0 when it is not in the rule. It
   * changes when a sibling's weight changes the shares; a refresh records what LoxiLB has.
   */
  declare readonly loxilbWeight: pulumi.Output<number | undefined>;
  /** Differences a refresh found between LoxiLB and this member (per instance). */
  declare readonly loxilbDrift: pulumi.Output<string[] | undefined>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: MemberArgs, opts?: pulumi.CustomResourceOptions) {
    const pool = requireParent<Pool>(
      args.pool,
      `Member "${name}"`,
      "pool",
      "the Pool it belongs to",
      "registerMember",
    );
    const own: Record<string, pulumi.Input<unknown>> = {};
    for (const k of MEMBER_SPEC_KEYS) if (args[k] !== undefined) own[k] = args[k];
    pool.registerMember(own, `Member "${name}"`);
    super(
      providerFor("member", PROVIDER_VERSION),
      name,
      {
        ...own,
        poolId: pool.id,
        listenerId: pool.listenerId,
        loadbalancerId: pool.loadbalancerId,
        loadbalancer: pool.lbSpec,
        listener: pool.listenerSpec,
        pool: pool.spec,
        rule: pool.rule,
        connection: pool.connectionInput,
        providerVersion: PROVIDER_VERSION,
        provisioningStatus: undefined,
        operatingStatus: undefined,
        loxilbWeight: undefined,
        loxilbDrift: undefined,
      },
      opts,
      TYPE_MODULE,
      "Member",
    );
  }
}

/** Provider-side handlers. */
export const memberHandlers: KindHandlers = {
  lifecycle: memberLifecycle,
  resourceType: "Member",
  label: (bag) => `${String(bag["address"])}:${String(bag["protocolPort"])} of ${keyText(bag)}`,
  check(news, olds) {
    const siblings = siblingArgs(news);
    const result = checkMember(pick(news, MEMBER_SPEC_KEYS), {
      ...knownParentSpecs(news),
      ...(siblings !== undefined ? { siblingCount: siblings.length, siblings } : {}),
    });
    noteDeclaration(news, idsOf(news));
    const weight = expectedWeight(news, news["address"], news["protocolPort"]) ?? olds["loxilbWeight"];
    return { failures: result.ok ? [] : result.failures, extra: { loxilbWeight: weight } };
  },
  async create(inputs) {
    const outcome = await declare(inputs, idsOf(inputs), [], {});
    return { id: randomUUID(), outs: statusOutputs(inputs, outcome?.live) };
  },
  async update(_id, _olds, news) {
    const outcome = await declare(news, idsOf(news), [], {});
    return statusOutputs(news, outcome?.live);
  },
  async read(_id, props) {
    return readMember(props);
  },
  async remove(_id, props) {
    const self = { ip: String(props["address"]), port: Number(props["protocolPort"]) };
    await withdraw(props, idsOf(props), [self], {});
  },
};

const idsOf = (bag: Bag) => ({ lbId: String(bag["loadbalancerId"]), listenerId: String(bag["listenerId"]) });

/** The raw args of every member the declaration in `news` holds (for the duplicate and size checks). */
function siblingArgs(news: Bag): unknown[] | undefined {
  try {
    const text = news["rule"];
    const parsed = typeof text === "string" ? (JSON.parse(text) as { members?: unknown[] }) : undefined;
    return parsed?.members?.map((m) => {
      const { resource: _by, ...args } = m as Bag;
      return args;
    });
  } catch {
    return undefined;
  }
}

/** A member's endpoint in a live rule. */
export function endpointIn(rule: LoadbalanceEntry | undefined, address: unknown, port: unknown) {
  if (rule === undefined || typeof address !== "string" || typeof port !== "number") return undefined;
  const key = endpointKey(address, port);
  return rule.endpoints.find((e) => endpointKey(e.endpointIP, e.targetPort) === key);
}

/** Octavia status of a member from its own record and its endpoint in the live rule. */
export function memberStatus(own: Bag, expected: unknown, rule: LoadbalanceEntry | undefined) {
  const endpoint = endpointIn(rule, own["address"], own["protocolPort"]);
  return memberOperatingStatus({
    member: {
      adminStateUp: own["adminStateUp"] !== false,
      weight: typeof own["weight"] === "number" ? own["weight"] : 1,
    },
    ...(endpoint !== undefined ? { endpoint } : {}),
    monitored: rule?.serviceArguments.monitor === true,
    ruleEnabled: expected !== 0 || rule !== undefined,
  });
}

function statusOutputs(bag: Bag, rule: LoadbalanceEntry | undefined): Bag {
  const status = memberStatus(bag, bag["loxilbWeight"], rule);
  return {
    provisioningStatus: "ACTIVE",
    operatingStatus: status === "GONE" ? "ERROR" : status,
    loxilbDrift: undefined,
  };
}

/** Whether the member's endpoint belongs in the rule (states written before `loxilbWeight`: its own args). */
export function shouldServe(own: Bag, expected: unknown): boolean {
  if (typeof expected === "number") return expected > 0;
  return own["adminStateUp"] !== false && own["weight"] !== 0;
}

/**
 * The member as LoxiLB holds it on every instance: gone when its endpoint is missing where it should
 * be (the next up creates it again); `loxilbWeight` is the live weight where it differs (0 when an
 * endpoint that should be absent is there), so the next preview shows the drift and up repairs it.
 */
async function readMember(props: Bag): Promise<Bag | undefined> {
  const expected = props["loxilbWeight"];
  const seen = await rulesPerInstance(props);
  const notes: string[] = [];
  let weight = expected;
  for (const { instance, rule } of seen) {
    const endpoint = endpointIn(rule, props["address"], props["protocolPort"]);
    if (endpoint === undefined && shouldServe(props, expected)) return undefined;
    const live = endpoint?.weight ?? 0;
    if (typeof expected === "number" && live !== expected) {
      notes.push(driftNote(instance, `endpoint weight ${live}, declared ${expected}`));
      weight = live;
    }
  }
  const status = memberStatus(props, expected, seen[0]?.rule);
  return {
    provisioningStatus: "ACTIVE",
    operatingStatus: status === "GONE" ? "ERROR" : status,
    loxilbWeight: weight,
    loxilbDrift: notes.length > 0 ? notes : undefined,
  };
}
