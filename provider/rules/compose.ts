/**
 * Pure composition of one batch of member writes into the rule to write. Read-modify-write on the
 * endpoint list only: the rule's settings come from the latest facts, endpoints the pool does not
 * own (added outside Pulumi) survive, and siblings keep their place.
 */
import { canonicalIp } from "../api/ip";
import type { LbEndpoint, LoadbalanceEntry } from "../api/model";
import { buildRule, ruleEnabled } from "../translate/rule";
import { mergeEndpoints } from "../translate/endpoints";
import type { MemberWrite, RuleFacts } from "./rule-facts";

export interface ComposedRule {
  /** The rule to write, or undefined when the rule must not exist (disabled, or no endpoint left). */
  readonly desired: LoadbalanceEntry | undefined;
  /** The facts the rule was built from. */
  readonly facts: RuleFacts;
}

const endpointId = (ip: string, port: number): string => `${canonicalIp(ip)}|${port}`;

/** The facts to build from: the newest upsert's, else the newest request's (deletes carry old facts). */
export function latestFacts(batch: readonly MemberWrite[]): RuleFacts {
  const upserts = batch.filter((w) => w.op === "upsert");
  const pick = upserts[upserts.length - 1] ?? batch[batch.length - 1];
  if (pick === undefined) throw new Error("latestFacts: empty batch");
  return pick.facts;
}

/**
 * Compose the rule for `batch` on top of `live`. `claimedElsewhere(ip, port)` tells whether another
 * member (e.g. the replacement of a removed one) holds that endpoint, so its removal is skipped.
 */
export function composeRule(
  live: LoadbalanceEntry | undefined,
  batch: readonly MemberWrite[],
  claimedElsewhere: (w: MemberWrite) => boolean,
): ComposedRule {
  const facts = latestFacts(batch);
  const full = buildRule({ ...facts, members: [...facts.members] });
  if (!ruleEnabled(facts)) return { desired: undefined, facts };

  const liveIds = new Set((live?.endpoints ?? []).map((e) => endpointId(e.endpointIP, e.targetPort)));
  const touched = new Map<string, MemberWrite>();
  for (const w of batch) touched.set(endpointId(w.address, w.port), w);
  const removed = new Set(
    [...touched.entries()].filter(([, w]) => w.op === "remove" && !claimedElsewhere(w)).map(([id]) => id),
  );
  const keep = (e: LbEndpoint): boolean => {
    const id = endpointId(e.endpointIP, e.targetPort);
    if (removed.has(id)) return false;
    return touched.get(id)?.op === "upsert" || liveIds.has(id);
  };
  const owned = [
    ...facts.members.map((m) => ({ ip: m.address, port: m.protocolPort })),
    ...batch
      .filter((w) => !claimedElsewhere(w) || w.op === "upsert")
      .map((w) => ({ ip: w.address, port: w.port })),
  ];
  const endpoints = mergeEndpoints(live?.endpoints ?? [], full.endpoints.filter(keep), owned);
  if (endpoints.length === 0) return { desired: undefined, facts };
  return { desired: { ...full, endpoints }, facts };
}
