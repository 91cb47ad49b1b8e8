/**
 * `Member`'s provider side: its check (its args against its parents' and siblings'), its write (the
 * rule its inputs declare, through the per-rule queue) and its reads (status, and the weight LoxiLB
 * holds for its endpoint). The class is in `program/member.ts`.
 */
import { randomUUID } from "crypto";
import type { LoadbalanceEntry } from "../api/model";
import { endpointKey } from "../api/rule-identity";
import { memberOperatingStatus } from "../translate/status";
import { checkMember } from "../octavia/check";
import type { MemberArgs } from "../octavia/member-spec";
import { memberContract, type MemberState } from "../contracts/member";
import { pick } from "../contracts/lifecycle";
import { knownParentSpecs } from "./parent-specs";
import { defineHandlers, type Bag } from "./handler-kit";
import { keyText } from "./status-reads";
import { childRuleIds, declare, driftNote, noteDeclaration, rulesPerInstance, withdraw } from "./rule-access";
import { expectedWeight } from "./rule-effects";

/** Provider-side handlers. */
export const memberHandlers = defineHandlers({
  contract: memberContract,
  label: (state) => `${state.address}:${state.protocolPort} of ${keyText(state)}`,
  check(news, olds) {
    const siblings = siblingArgs(news);
    const result = checkMember(pick(news, memberContract.ownKeys), {
      ...knownParentSpecs(news),
      ...(siblings !== undefined ? { siblingCount: siblings.length, siblings } : {}),
    });
    noteDeclaration(news, childRuleIds(news));
    const weight = expectedWeight(news, news["address"], news["protocolPort"]) ?? olds["loxilbWeight"];
    return { failures: result.ok ? [] : result.failures, extra: { loxilbWeight: weight } };
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
    return readMember(props);
  },
  async remove(_id, props) {
    await withdraw(props, childRuleIds(props), [{ ip: props.address, port: props.protocolPort }], {});
  },
});

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
export function endpointIn(rule: LoadbalanceEntry | undefined, address: string, port: number) {
  if (rule === undefined) return undefined;
  const key = endpointKey(address, port);
  return rule.endpoints.find((e) => endpointKey(e.endpointIP, e.targetPort) === key);
}

/** Octavia status of a member from its own record and its endpoint in the live rule. */
export function memberStatus(
  own: MemberArgs,
  expected: number | undefined,
  rule: LoadbalanceEntry | undefined,
) {
  const endpoint = endpointIn(rule, own.address, own.protocolPort);
  return memberOperatingStatus({
    member: { adminStateUp: own.adminStateUp !== false, weight: own.weight ?? 1 },
    ...(endpoint !== undefined ? { endpoint } : {}),
    monitored: rule?.serviceArguments.monitor === true,
    ruleEnabled: expected !== 0 || rule !== undefined,
  });
}

function statusOutputs(state: MemberState, rule: LoadbalanceEntry | undefined): Bag {
  const status = memberStatus(state, state.loxilbWeight, rule);
  return {
    provisioningStatus: "ACTIVE",
    operatingStatus: status === "GONE" ? "ERROR" : status,
    loxilbDrift: undefined,
  };
}

/** Whether the member's endpoint belongs in the rule (states written before `loxilbWeight`: its own args). */
export function shouldServe(own: MemberArgs, expected: number | undefined): boolean {
  if (expected !== undefined) return expected > 0;
  return own.adminStateUp !== false && own.weight !== 0;
}

/**
 * The member as LoxiLB holds it on every instance: gone when its endpoint is missing where it should
 * be (the next up creates it again); `loxilbWeight` is the live weight where it differs (0 when an
 * endpoint that should be absent is there), so the next preview shows the drift and up repairs it.
 */
async function readMember(props: MemberState): Promise<Bag | undefined> {
  const expected = props.loxilbWeight;
  const seen = await rulesPerInstance(props);
  const notes: string[] = [];
  let weight = expected;
  for (const { instance, rule } of seen) {
    const endpoint = endpointIn(rule, props.address, props.protocolPort);
    if (endpoint === undefined && shouldServe(props, expected)) return undefined;
    const live = endpoint?.weight ?? 0;
    if (expected !== undefined && live !== expected) {
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
