/**
 * What this deployment declares, rule by rule. Every check of a resource that carries a rule
 * declaration records it here, so a delete later in the same deployment (Pulumi hands a delete only
 * the deleted resource's old state) composes from the program's current declaration instead of a
 * stored copy. One provider process serves one deployment, and the engine checks every resource of
 * the program before it deletes the ones the program dropped.
 */
import type { RuleKey } from "../api/model";
import { processState } from "../runtime/process-state";
import type { RuleSpec } from "../translate/rule";
import { ruleName } from "../api/rule-identity";

/** One rule's declaration; `spec` undefined: the listener is declared without a pool (no rule). */
export interface Declared {
  readonly name: string;
  readonly spec: RuleSpec | undefined;
}

const registryKey = (targetId: string, key: RuleKey) => `${targetId}|${JSON.stringify(key)}`;

/** Record that this deployment declares the rule `name` at `key` (the newest record wins). */
export function recordDeclared(targetId: string, key: RuleKey, declared: Declared): void {
  processState().declared.set(registryKey(targetId, key), declared);
}

/** The declaration of the rule at `key`, when this deployment declares one under `name`. */
export function declaredRule(
  targetId: string,
  key: RuleKey,
  lbId: string,
  listenerId: string,
): Declared | undefined {
  const found = processState().declared.get(registryKey(targetId, key)) as Declared | undefined;
  return found !== undefined && found.name === ruleName(lbId, listenerId) ? found : undefined;
}
