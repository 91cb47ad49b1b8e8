/**
 * `Members`: every member of a pool as one resource (like `openstack.loadbalancer.Members` and
 * Octavia's batch member update). Its create, update and delete each send the whole endpoint change
 * as one batch to the rule writer, so a pool of any size costs one rule write, whatever the engine's
 * `--parallel`. A pool uses either `Member` resources or one `Members`, never both.
 */
import * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "crypto";
import type { LoadbalanceEntry } from "../api/model";
import { checkMember } from "../octavia/check";
import { MAX_MEMBERS_PER_LISTENER } from "../octavia/member-spec";
import { isUnknown } from "../octavia/unknown";
import { poolOperatingStatus } from "../translate/status";
import { knownParentSpecs } from "./facts";
import type { Bag, Failure, KindHandlers } from "./handler-kit";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import type { Lifecycle } from "./lifecycle";
import { endpointIn, memberStatus, shouldServe, type MemberArgs } from "./member";
import type { Pool } from "./pool";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";
import { keyText } from "./status-reads";
import { declare, driftNote, noteDeclaration, rulesPerInstance, withdraw } from "./rule-access";
import { expectedWeight } from "./rule-effects";

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
    "rule",
    "loxilbWeights",
    "connection",
    "providerVersion",
  ],
  replaceOn: ["poolId"],
  ignore: ["loadbalancer", "listener", "pool"],
  transient: ["rule"],
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
  /** The weight LoxiLB holds for each member's endpoint, in `members` order (see `Member.loxilbWeight`). */
  declare readonly loxilbWeights: pulumi.Output<number[] | undefined>;
  /** Differences a refresh found between LoxiLB and these members (per instance). */
  declare readonly loxilbDrift: pulumi.Output<string[] | undefined>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: MembersArgs, opts?: pulumi.CustomResourceOptions) {
    const pool = requireParent<Pool>(
      args.pool,
      `Members "${name}"`,
      "pool",
      "the Pool whose members these are",
      "registerMemberList",
    );
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
        rule: pool.rule,
        connection: pool.connectionInput,
        providerVersion: PROVIDER_VERSION,
        provisioningStatus: undefined,
        operatingStatus: undefined,
        memberStatuses: undefined,
        loxilbWeights: undefined,
        loxilbDrift: undefined,
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
  label: (bag) => `of ${keyText(bag)}`,
  check(news, olds) {
    noteDeclaration(news, idsOf(news));
    const list = Array.isArray(news["members"]) ? (news["members"] as Bag[]) : [];
    const weights = list.map((m) => expectedWeight(news, m["address"], m["protocolPort"]));
    const known = weights.every((w) => w !== undefined);
    return { failures: checkList(news), extra: { loxilbWeights: known ? weights : olds["loxilbWeights"] } };
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
    const list = entries(props);
    const expected = expectedList(props, list.length);
    const seen = await rulesPerInstance(props);
    const notes: string[] = [];
    const weights = [...expected];
    const present = list.filter((m, i) =>
      seen.every(
        ({ rule }) =>
          endpointIn(rule, m["address"], m["protocolPort"]) !== undefined || !shouldServe(m, expected[i]),
      ),
    );
    for (const { instance, rule } of seen) {
      list.forEach((m, i) => {
        const live = endpointIn(rule, m["address"], m["protocolPort"])?.weight ?? 0;
        const want = expected[i];
        if (typeof want === "number" && live !== want && !(live === 0 && want > 0)) {
          notes.push(
            driftNote(
              instance,
              `${String(m["address"])}:${String(m["protocolPort"])} weight ${live}, declared ${want}`,
            ),
          );
          weights[i] = live;
        }
      });
    }
    if (list.length > 0 && present.length === 0) return undefined;
    // Members whose endpoint vanished leave the recorded inputs, so the next up puts them back.
    const kept = list.map((m, i) => ({ m, w: weights[i] })).filter(({ m }) => present.includes(m));
    return {
      ...statusOutputs(props, seen[0]?.rule),
      members: kept.map(({ m }) => m),
      loxilbWeights: kept.map(({ w }) => w),
      loxilbDrift: notes.length > 0 ? notes : undefined,
    };
  },
  async remove(_id, props) {
    const own = entries(props).map((m) => ({ ip: String(m["address"]), port: Number(m["protocolPort"]) }));
    await withdraw(props, idsOf(props), own, {});
  },
};

const idsOf = (bag: Bag) => ({ lbId: String(bag["loadbalancerId"]), listenerId: String(bag["listenerId"]) });

const entries = (bag: Bag): Bag[] =>
  Array.isArray(bag["members"])
    ? (bag["members"] as unknown[]).filter((m): m is Bag => typeof m === "object" && m !== null)
    : [];

function expectedList(bag: Bag, n: number): unknown[] {
  const w = bag["loxilbWeights"];
  return Array.isArray(w) && w.length === n ? w : new Array<unknown>(n).fill(undefined);
}

function statusOutputs(bag: Bag, rule: LoadbalanceEntry | undefined): Bag {
  const list = entries(bag);
  const expected = expectedList(bag, list.length);
  const statuses = list.map((m, i) => memberStatus(m, expected[i], rule));
  const memberStatuses: MemberStatusEntry[] = list.map((m, i) => ({
    address: String(m["address"]),
    protocolPort: Number(m["protocolPort"]),
    operatingStatus: statuses[i] === "GONE" ? "ERROR" : (statuses[i] ?? "ERROR"),
  }));
  const poolUp = (bag["pool"] as Bag | undefined)?.["adminStateUp"] !== false;
  return {
    provisioningStatus: "ACTIVE",
    operatingStatus: poolOperatingStatus(statuses, poolUp),
    memberStatuses,
  };
}
