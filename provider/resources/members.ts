/**
 * `Members`: every member of a pool as one resource (like `openstack.loadbalancer.Members` and
 * Octavia's batch member update). Its create, update and delete each send the whole endpoint change
 * as one batch to the rule writer, so a pool of any size costs one rule write, whatever the engine's
 * `--parallel`. A pool uses either `Member` resources or one `Members`, never both.
 */
import * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "crypto";
import { canonicalIp } from "../api/ip";
import { checkMember } from "../octavia/check";
import { MAX_MEMBERS_PER_LISTENER } from "../octavia/member-spec";
import type { MemberSpec } from "../octavia/specs";
import { isUnknown } from "../octavia/unknown";
import type { MemberWrite, RuleFacts } from "../rules/rule-facts";
import { writeMemberRule, type WriteOutcome } from "../rules/rule-writer";
import { clientFor } from "../runtime/connection";
import { ruleSpecChange } from "../translate/rule";
import { poolOperatingStatus, type MemberStatus } from "../translate/status";
import { knownParentSpecs, ruleFactsOf } from "./facts";
import type { Bag, Failure, KindHandlers } from "./handler-kit";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import { sameValue, type Lifecycle } from "./lifecycle";
import { ruleActionExtra, type MemberArgs } from "./member";
import type { Pool } from "./pool";
import { providerFor } from "./provider-shim";
import { listenerRule, memberStatusIn } from "./status-reads";

/** One entry of `Members.members`: a `Member`'s arguments without `pool`. */
export type MembersMemberArgs = Omit<MemberArgs, "pool">;

export interface MembersArgs {
  /** The pool whose whole membership this is. Changing it replaces the resource. */
  pool: Pool;
  /** Every member of the pool (at most 32: one LoxiLB rule's endpoints). Order does not matter. */
  members: pulumi.Input<pulumi.Input<MembersMemberArgs>[]>;
}

export const MEMBERS_SPEC_KEYS = ["members"] as const;

/** A member's status in `memberStatuses`. */
export interface MemberStatusEntry {
  readonly address: string;
  readonly protocolPort: number;
  readonly operatingStatus: string;
}

export const membersLifecycle: Lifecycle = {
  inputKeys: [
    "members",
    "poolId",
    "listenerId",
    "loadbalancerId",
    "loadbalancer",
    "listener",
    "pool",
    "healthMonitor",
    "connection",
    "providerVersion",
  ],
  replaceOn: ["poolId"],
};

/** Every member of an Octavia-shaped pool on LoxiLB, managed together: one rule write per change. */
export class Members extends pulumi.dynamic.Resource {
  declare readonly members: pulumi.Output<MembersMemberArgs[]>;
  declare readonly poolId: pulumi.Output<string>;
  declare readonly listenerId: pulumi.Output<string>;
  declare readonly loadbalancerId: pulumi.Output<string>;
  declare readonly provisioningStatus: pulumi.Output<string>;
  /** The pool-level roll-up of the members' statuses. */
  declare readonly operatingStatus: pulumi.Output<string>;
  /** Each member's Octavia operating status, in `members` order. */
  declare readonly memberStatuses: pulumi.Output<MemberStatusEntry[]>;
  /** `recreate` when the last change needed the rule deleted and created again. */
  declare readonly loxilbRuleAction: pulumi.Output<string | undefined>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: MembersArgs, opts?: pulumi.CustomResourceOptions) {
    const pool = args.pool;
    pool.registerMemberList(args.members, `Members "${name}"`);
    super(
      providerFor("members", PROVIDER_VERSION),
      name,
      {
        // The pool's membership, i.e. this list once the program's declarations are done: waiting for
        // it lets a conflicting `Member` stop this resource before anything is written.
        members: pool.memberSpecs,
        poolId: pool.id,
        listenerId: pool.listenerId,
        loadbalancerId: pool.loadbalancerId,
        loadbalancer: pool.lbSpec,
        listener: pool.listenerSpec,
        pool: pool.spec,
        healthMonitor: pool.monitorSpec,
        connection: pool.connectionInput,
        providerVersion: PROVIDER_VERSION,
        provisioningStatus: undefined,
        operatingStatus: undefined,
        memberStatuses: undefined,
        loxilbRuleAction: undefined,
      },
      opts,
      TYPE_MODULE,
      "Members",
    );
  }
}

/** Check every entry as a member of a pool whose membership is exactly this list. */
function checkList(news: Bag): Failure[] {
  const list = news["members"];
  if (list === undefined || list === null) return [{ property: "members", reason: "is required" }];
  if (isUnknown(list)) return [];
  if (!Array.isArray(list)) return [{ property: "members", reason: "must be a list of members" }];
  const failures: Failure[] = [];
  if (list.length > MAX_MEMBERS_PER_LISTENER) {
    failures.push({
      property: "members",
      reason:
        `the list has ${list.length} members but a LoxiLB rule holds at most ${MAX_MEMBERS_PER_LISTENER} ` +
        "endpoints; split the members across listeners (another port or VIP)",
    });
  }
  const parents = knownParentSpecs(news);
  list.forEach((entry, i) => {
    const r = checkMember(entry, { ...parents, siblings: list });
    if (r.ok) return;
    for (const f of r.failures) {
      if (f.property === "pool") continue; // the size rule, reported once above
      const at = f.property === "*" ? "" : `.${f.property}`;
      failures.push({ property: `members[${i}]${at}`, reason: f.reason });
    }
  });
  return failures;
}

/** Provider-side handlers. */
export const membersHandlers: KindHandlers = {
  lifecycle: membersLifecycle,
  resourceType: "Members",
  check(news, olds) {
    return { failures: checkList(news), extra: ruleActionExtra(olds, news) };
  },
  async create(inputs) {
    const id = randomUUID();
    const facts = ruleFactsOf(inputs);
    const outcome = await writeBatch(id, inputs, facts, [], false);
    return { id, outs: statusOutputs(facts, outcome?.live) };
  },
  async update(id, olds, news) {
    const before = ruleFactsOf(olds);
    const after = ruleFactsOf(news);
    const change = ruleSpecChange(before, after);
    if (change.action === "none" && sameValue(olds["connection"], news["connection"])) {
      return statusOutputs(after, await listenerRule(news));
    }
    const kept = new Set(after.members.map(endpointKey));
    const gone = before.members.filter((m) => !kept.has(endpointKey(m)));
    const outcome = await writeBatch(id, news, after, gone, change.action === "recreate");
    return statusOutputs(after, outcome?.live);
  },
  async read(_id, props) {
    const facts = ruleFactsOf(props);
    const statuses = statusesOf(facts, await listenerRule(props));
    const raw = Array.isArray(props["members"]) ? (props["members"] as unknown[]) : [];
    const present = raw.filter((_, i) => statuses[i] !== "GONE");
    if (raw.length > 0 && present.length === 0) return undefined;
    // Members whose endpoint vanished leave the recorded inputs, so the next up puts them back.
    return { ...outputsOf(facts, statuses), members: present };
  },
  async remove(id, props) {
    const facts = ruleFactsOf(props);
    await writeBatch(id, props, facts, [], false, "remove");
  },
};

const endpointKey = (m: Pick<MemberSpec, "address" | "protocolPort">) =>
  `${canonicalIp(m.address)}|${m.protocolPort}`;

/**
 * Queue one write per endpoint in the same tick, with no gather window: they land in one batch,
 * hence one rule write. `gone` members are removed; the others are upserted (or all removed).
 */
async function writeBatch(
  id: string,
  bag: Bag,
  facts: RuleFacts,
  gone: readonly MemberSpec[],
  recreate: boolean,
  op: MemberWrite["op"] = "upsert",
): Promise<WriteOutcome | undefined> {
  const target = clientFor(bag["connection"]);
  const adopt = facts.listener.adopt === true;
  const write = (m: MemberSpec, o: MemberWrite["op"]): MemberWrite => ({
    facts,
    memberId: `${id}|${endpointKey(m)}`,
    address: m.address,
    port: m.protocolPort,
    op: o,
    recreate,
    adopt,
  });
  const writes = [...gone.map((m) => write(m, "remove")), ...facts.members.map((m) => write(m, op))];
  if (writes.length === 0) return undefined;
  // All of them serve one engine step (this resource's operation).
  const outcomes = await Promise.all(writes.map((w) => writeMemberRule(target, w, 0, id)));
  return outcomes[outcomes.length - 1];
}

function statusesOf(facts: RuleFacts, rule: WriteOutcome["live"]): MemberStatus[] {
  return facts.members.map((member) => memberStatusIn(rule, facts, member));
}

function outputsOf(facts: RuleFacts, statuses: readonly MemberStatus[]): Bag {
  const memberStatuses: MemberStatusEntry[] = facts.members.map((m, i) => ({
    address: m.address,
    protocolPort: m.protocolPort,
    operatingStatus: statuses[i] === "GONE" ? "ERROR" : (statuses[i] ?? "ERROR"),
  }));
  return {
    provisioningStatus: "ACTIVE",
    operatingStatus: poolOperatingStatus(statuses, facts.pool.adminStateUp !== false),
    memberStatuses,
  };
}

function statusOutputs(facts: RuleFacts, rule: WriteOutcome["live"]): Bag {
  return outputsOf(facts, statusesOf(facts, rule));
}
