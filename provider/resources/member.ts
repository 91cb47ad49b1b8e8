/**
 * `Member`: one backend of a pool, i.e. one endpoint of the listener's LoxiLB rule. Members are the
 * writers of a rule: every member write carries the full desired spec (load balancer, listener,
 * pool, health monitor and the pool's membership), goes through the per-rule queue, and changes the
 * rule in place (a re-POST), unless loxilb cannot change it in place.
 */
import * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "crypto";
import { checkMember } from "../octavia/check";
import { writeMemberRule, type WriteOutcome } from "../rules/rule-writer";
import type { MemberWrite, RuleFacts } from "../rules/rule-facts";
import { clientFor } from "../runtime/connection";
import { ruleActionForSpecChange, ruleSpecChange } from "../translate/rule";
import { knownParentSpecs, memberSpecOf, ruleFactsOf, siblingsOf } from "./facts";
import type { Bag, KindHandlers } from "./handler-kit";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import { pick, sameValue, type Lifecycle } from "./lifecycle";
import type { Pool } from "./pool";
import { providerFor } from "./provider-shim";
import { listenerRule, memberStatusIn } from "./status-reads";

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

const FACT_KEYS = ["loadbalancer", "listener", "pool", "healthMonitor", "members"] as const;

export const memberLifecycle: Lifecycle = {
  inputKeys: [
    ...MEMBER_SPEC_KEYS,
    "poolId",
    "listenerId",
    "loadbalancerId",
    ...FACT_KEYS,
    "connection",
    "providerVersion",
  ],
  replaceOn: ["address", "protocolPort", "poolId", "subnetId"],
  // The pool's membership (JSON text) only informs weights, the duplicate and the 32-endpoint
  // checks; the sibling that changed writes.
  ignore: ["members"],
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
  /** `recreate` when the last change needed the rule deleted and created again. */
  declare readonly loxilbRuleAction: pulumi.Output<string | undefined>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: MemberArgs, opts?: pulumi.CustomResourceOptions) {
    const own: Record<string, pulumi.Input<unknown>> = {};
    for (const k of MEMBER_SPEC_KEYS) if (args[k] !== undefined) own[k] = args[k];
    const pool = args.pool;
    pool.registerMember(pulumi.output(own), `Member "${name}"`);
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
        healthMonitor: pool.monitorSpec,
        members: pool.memberFacts,
        connection: pool.connectionInput,
        providerVersion: PROVIDER_VERSION,
        provisioningStatus: undefined,
        operatingStatus: undefined,
        loxilbRuleAction: undefined,
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
  check(news, olds) {
    const siblings = siblingsOf(news);
    const result = checkMember(pick(news, MEMBER_SPEC_KEYS), {
      ...knownParentSpecs(news),
      ...(siblings !== undefined ? { siblingCount: siblings.length, siblings } : {}),
    });
    const failures = result.ok ? [] : result.failures;
    return { failures, extra: ruleActionExtra(olds, news) };
  },
  async create(inputs) {
    const id = randomUUID();
    const outcome = await write(id, inputs, "upsert", false);
    return { id, outs: statusOutputs(inputs, outcome) };
  },
  async update(id, olds, news) {
    const change = ruleSpecChange(ruleFactsOf(olds), ruleFactsOf(news));
    // Only a connection, name or version change: the rule stays as it is, nothing is written.
    if (change.action === "none" && sameValue(olds["connection"], news["connection"])) {
      return (await readMember(news)) ?? { provisioningStatus: "ACTIVE", operatingStatus: "ERROR" };
    }
    const outcome = await write(id, news, "upsert", change.action === "recreate");
    return statusOutputs(news, outcome);
  },
  async read(_id, props) {
    return readMember(props);
  },
  async remove(id, props) {
    await write(id, props, "remove", false);
  },
};

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** `loxilbRuleAction: "recreate"` when the change cannot be made in place, so the preview says so. */
export function ruleActionExtra(olds: Bag, news: Bag): Record<string, unknown> {
  if (Object.keys(olds).length === 0) return {};
  const oldFacts = safe(() => ruleFactsOf(olds));
  const newFacts = safe(() => ruleFactsOf(news));
  if (oldFacts === undefined || newFacts === undefined) return {};
  return ruleActionForSpecChange(oldFacts, newFacts) === "recreate" ? { loxilbRuleAction: "recreate" } : {};
}

function write(id: string, bag: Bag, op: MemberWrite["op"], recreate: boolean): Promise<WriteOutcome> {
  const facts: RuleFacts = ruleFactsOf(bag);
  const self = memberSpecOf(pick(bag, MEMBER_SPEC_KEYS));
  return writeMemberRule(clientFor(bag["connection"]), {
    facts,
    memberId: id,
    address: self.address,
    port: self.protocolPort,
    op,
    recreate,
    adopt: facts.listener.adopt === true,
  });
}

function statusOutputs(bag: Bag, outcome: WriteOutcome): Bag {
  const status = memberStatus(bag, outcome.live);
  return { provisioningStatus: "ACTIVE", operatingStatus: status === "GONE" ? "ERROR" : status };
}

function memberStatus(bag: Bag, rule: WriteOutcome["live"]) {
  return memberStatusIn(rule, ruleFactsOf(bag), memberSpecOf(pick(bag, MEMBER_SPEC_KEYS)));
}

async function readMember(props: Bag): Promise<Bag | undefined> {
  const status = memberStatus(props, await listenerRule(props));
  if (status === "GONE") return undefined;
  return { provisioningStatus: "ACTIVE", operatingStatus: status };
}
