/**
 * The write planner: from the live rule (GET) and the desired rule, what to do. Pure.
 */
import { ruleKeyOf, sameRuleKey, type LoadbalanceEntry } from "../api/model";
import { classifyRuleChange, decideRuleChange } from "./rule-change";

export {
  ruleRecreateFields,
  ruleInPlaceFields,
  ruleSilentFields,
  ruleProbeTimingFields,
  loxilbSeesSourceChange,
} from "./rule-change";
export type { RuleFieldRule } from "./rule-change";

export type RuleWriteAction = "create" | "update" | "recreate" | "delete" | "none";

export interface RuleWritePlan {
  readonly action: RuleWriteAction;
  /** Why, one line per field (`name: loxilb keeps the name a rule was created with`). */
  readonly reasons: readonly string[];
}

export interface PlanHints {
  /**
   * Changes the spec says happened that GET cannot show (probeTimeout, probeRetries): they ride along
   * with an in-place update, and alone force a recreate (loxilb ignores them otherwise).
   */
  readonly unseenChanges?: readonly string[];
}

const sameKey = (a: LoadbalanceEntry, b: LoadbalanceEntry): boolean =>
  sameRuleKey(ruleKeyOf(a.serviceArguments), ruleKeyOf(b.serviceArguments));

/**
 * Plan one rule write.
 *
 * - `desired` undefined or without endpoints → `delete` when the rule exists (loxilb refuses an
 *   empty endpoint list), else `none`;
 * - no `live` rule → `create`;
 * - a field loxilb never changes in place (name, monitor, bgp, managed, privateIP, security, egress,
 *   full-proxy mode, secondary IPs), or a different key → `recreate` (delete + create);
 * - a field loxilb compares (endpoints, sel, mode, probe type/port, PROXY v2, allowed sources) →
 *   `update` (an in-place re-POST; silent changes ride along);
 * - only fields loxilb ignores on their own (inactiveTimeOut, same-count allowed sources, unseen
 *   probe timing) → `recreate`;
 * - nothing → `none`.
 */
export function planRuleWrite(
  live: LoadbalanceEntry | undefined,
  desired: LoadbalanceEntry | undefined,
  hints: PlanHints = {},
): RuleWritePlan {
  if (desired === undefined || desired.endpoints.length === 0) {
    return live === undefined
      ? { action: "none", reasons: [] }
      : { action: "delete", reasons: ["the rule is disabled or has no endpoint left"] };
  }
  if (live === undefined) return { action: "create", reasons: ["the rule does not exist"] };
  if (!sameKey(live, desired))
    return { action: "recreate", reasons: ["key: the VIP, port range or protocol changes"] };
  return decideRuleChange(classifyRuleChange(live, desired, false), hints.unseenChanges ?? []);
}
