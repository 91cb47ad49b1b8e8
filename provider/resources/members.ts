/**
 * `Members`' provider side: its check (every entry as a member of a pool whose membership is exactly
 * the list), its write (one batch per change, whatever the engine's `--parallel`) and its reads. The
 * class is in `program/members.ts`.
 */
import { randomUUID } from "crypto";
import type { LoadbalanceEntry } from "../api/model";
import { checkMember } from "../octavia/check";
import { MAX_MEMBERS_PER_LISTENER } from "../octavia/member-spec";
import { isUnknown } from "../octavia/unknown";
import { poolOperatingStatus } from "../translate/status";
import { membersContract, type MemberStatusEntry, type MembersState } from "../contracts/members";
import { knownParentSpecs } from "./parent-specs";
import { defineHandlers, type Bag, type Failure } from "./handler-kit";
import { endpointIn, memberStatus, shouldServe } from "./member";
import { keyText } from "./status-reads";
import { childRuleIds, declare, driftNote, noteDeclaration, rulesPerInstance, withdraw } from "./rule-access";
import { expectedWeight } from "./rule-effects";

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
export const membersHandlers = defineHandlers({
  contract: membersContract,
  label: (state) => `of ${keyText(state)}`,
  check(news, olds) {
    noteDeclaration(news, childRuleIds(news));
    const list = Array.isArray(news["members"]) ? (news["members"] as Bag[]) : [];
    const weights = list.map((m) => expectedWeight(news, m["address"], m["protocolPort"]));
    const known = weights.every((w) => w !== undefined);
    return { failures: checkList(news), extra: { loxilbWeights: known ? weights : olds["loxilbWeights"] } };
  },
  async create(inputs) {
    const outcome = await declare(inputs, childRuleIds(inputs), [], {});
    return { id: randomUUID(), outs: statusOutputs(inputs, outcome?.live) };
  },
  async update(_id, _olds, news) {
    const outcome = await declare(news, childRuleIds(news), [], {});
    return statusOutputs(news, outcome?.live);
  },
  async read(_id, props) {
    const list = props.members;
    const expected = expectedList(props);
    const seen = await rulesPerInstance(props);
    const notes: string[] = [];
    const weights = [...expected];
    const present = list.filter((m, i) =>
      seen.every(
        ({ rule }) =>
          endpointIn(rule, m.address, m.protocolPort) !== undefined || !shouldServe(m, expected[i]),
      ),
    );
    for (const { instance, rule } of seen) {
      list.forEach((m, i) => {
        const live = endpointIn(rule, m.address, m.protocolPort)?.weight ?? 0;
        const want = expected[i];
        if (want !== undefined && live !== want && !(live === 0 && want > 0)) {
          notes.push(driftNote(instance, `${m.address}:${m.protocolPort} weight ${live}, declared ${want}`));
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
    const own = props.members.map((m) => ({ ip: m.address, port: m.protocolPort }));
    await withdraw(props, childRuleIds(props), own, {});
  },
});

/** The weights recorded for the members, in order (undefined each when the record does not match). */
function expectedList(state: MembersState): Array<number | undefined> {
  const w = state.loxilbWeights;
  const n = state.members.length;
  return w !== undefined && w.length === n ? w : new Array<undefined>(n).fill(undefined);
}

function statusOutputs(state: MembersState, rule: LoadbalanceEntry | undefined): Bag {
  const list = state.members;
  const expected = expectedList(state);
  const statuses = list.map((m, i) => memberStatus(m, expected[i], rule));
  const memberStatuses: MemberStatusEntry[] = list.map((m, i) => ({
    address: m.address,
    protocolPort: m.protocolPort,
    operatingStatus: statuses[i] === "GONE" ? "ERROR" : (statuses[i] ?? "ERROR"),
  }));
  const poolUp = state.pool?.["adminStateUp"] !== false;
  return {
    provisioningStatus: "ACTIVE",
    operatingStatus: poolOperatingStatus(statuses, poolUp),
    memberStatuses,
  };
}
