/**
 * The write and read paths every rule-owning resource shares: take the rule declaration from the
 * resource's new inputs (`rule`), record it for this deployment's deletes, write it through the rule
 * writer, withdraw from the live rule on delete when this deployment does not declare it, and read
 * the rule from every instance the connection reaches.
 */
import type { LoadbalanceEntry, RuleKey } from "../api/model";
import { safeUrl } from "../api/redact";
import { declaredRule, recordDeclared } from "../rules/registry";
import { ruleKeyFor, type RuleSpec } from "../translate/rule";
import { instanceReadSource, writeRule, type WriteOutcome } from "../rules/rule-writer";
import { findRule, ruleName } from "../api/rule-identity";
import { listRulesCoalesced } from "../rules/read-cache";
import { clientFor } from "../runtime/connection";
import { listenerSpecOf } from "./parent-specs";
import { ruleSpecOfText } from "../rules/declaration";
import type { Bag } from "../contracts/contract";
import { keyOfBag, STATUS_READ_GATHER_MS } from "./status-reads";

export { keyOfBag };

/** The ids that name a resource's rule: from its inputs, or its own id for a listener. */
export interface RuleIds {
  readonly lbId: string;
  readonly listenerId: string;
}

/** The ids that name a child's rule (pool, member, monitor), from its inputs. */
export const childRuleIds = (bag: Bag): RuleIds => ({
  lbId: String(bag["loadbalancerId"]),
  listenerId: String(bag["listenerId"]),
});

/**
 * Record the declaration in a check's new inputs for this deployment's deletes. Nothing is recorded
 * while anything is unknown (preview) or invalid (the check reports it).
 */
export function noteDeclaration(news: Bag, ids: Partial<RuleIds>): void {
  if (ids.lbId === undefined || ids.listenerId === undefined) return;
  let spec: RuleSpec | undefined;
  let key: RuleKey;
  try {
    const declared = ruleSpecOfText(news["rule"], ids.lbId, ids.listenerId);
    if (declared === "unknown") return;
    spec = declared;
    // A listener without a pool declares no rule: its key comes from its own inputs.
    key = spec !== undefined ? ruleKeyFor(spec.lb, spec.listener) : keyOfBag(news);
  } catch {
    return;
  }
  const { id } = clientFor(news["connection"]);
  recordDeclared(id, key, { name: ruleName(ids.lbId, ids.listenerId), spec });
}

/**
 * Write the rule this resource's new inputs declare. `unseen` names changes of this resource's own
 * facets that GET cannot show (they force a recreate when nothing else changes).
 */
export async function declare(
  bag: Bag,
  ids: RuleIds,
  unseen: readonly string[],
  step: unknown,
): Promise<WriteOutcome | undefined> {
  const spec = ruleSpecOfText(bag["rule"], ids.lbId, ids.listenerId);
  const target = clientFor(bag["connection"]);
  if (spec === "unknown") throw new Error("the rule declaration (input `rule`) is still unknown");
  if (spec === undefined) {
    // The listener has no pool: no rule may exist under this listener's name.
    return withdraw(bag, ids, "all", step);
  }
  return writeRule(target, { kind: "declare", spec, unseen }, step);
}

/**
 * On delete: when this deployment declares the rule, write that declaration (so a replaced or
 * removed resource takes away exactly what the program no longer declares); otherwise take
 * `endpoints` (or the whole rule) out of the live rule, if it is still this stack's.
 */
export async function withdraw(
  bag: Bag,
  ids: RuleIds,
  endpoints: ReadonlyArray<{ readonly ip: string; readonly port: number }> | "all",
  step: unknown,
): Promise<WriteOutcome> {
  const target = clientFor(bag["connection"]);
  const key = keyOfBag(bag);
  const current = declaredRule(target.id, key, ids.lbId, ids.listenerId);
  if (current?.spec !== undefined) {
    return writeRule(target, { kind: "declare", spec: current.spec, unseen: [] }, step);
  }
  const adopted = listenerSpecOf(bag).adopt === true;
  const name = ruleName(ids.lbId, ids.listenerId);
  return writeRule(target, { kind: "withdraw", key, name, adopted, endpoints }, step);
}

/** The rule at this resource's key, as each instance holds it (instance undefined: failover target). */
export async function rulesPerInstance(
  bag: Bag,
): Promise<Array<{ readonly instance: string | undefined; readonly rule: LoadbalanceEntry | undefined }>> {
  const { client, id } = clientFor(bag["connection"]);
  const key = keyOfBag(bag);
  return Promise.all(
    client.ruleInstances().map(async (instance) => {
      const rules = await listRulesCoalesced(
        instanceReadSource(id, instance),
        client,
        instance,
        0,
        STATUS_READ_GATHER_MS,
      );
      return { instance, rule: findRule(rules, key) };
    }),
  );
}

/** How drift is named in outputs: the instance (credentials removed) and what differs. */
export function driftNote(instance: string | undefined, what: string): string {
  return instance === undefined ? what : `${safeUrl(instance)}: ${what}`;
}
