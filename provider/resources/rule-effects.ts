/**
 * What a resource's own change does to its rule, computed in `check` from the new inputs' rule
 * declaration (the program's rule as declared now) and the resource's own old inputs (its own record),
 * never from a stored copy of other resources: the action (`loxilbRuleAction: recreate` when loxilb
 * cannot apply it in place), and the values LoxiLB will hold for the resource's facets (a member's
 * endpoint weight, a pool's algorithm), which `diff` compares and `read` checks against the live rule.
 */
import type { LoadbalanceEntry } from "../api/model";
import { checkHealthMonitor, checkListener, checkLoadBalancer, checkPool } from "../octavia/check";
import type { RuleSpec } from "../translate/rule";
import { endpointKey } from "../api/rule-identity";
import { desiredRule, ruleSpecChange } from "../translate/rule";
import { ruleSpecOfText } from "../rules/declaration";
import type { Bag } from "./handler-kit";
import { pick } from "../contracts/lifecycle";

const PLACEHOLDER_IDS = { lbId: "-", listenerId: "-" };

/** The declared spec in `news`, or undefined when unknown, absent, without pool or invalid. */
export function currentRuleSpec(news: Bag): RuleSpec | undefined {
  try {
    const spec = ruleSpecOfText(news["rule"], PLACEHOLDER_IDS.lbId, PLACEHOLDER_IDS.listenerId);
    return spec === "unknown" ? undefined : spec;
  } catch {
    return undefined;
  }
}

/** The rule the program declares now (undefined: none, or not known yet). */
export function currentRule(news: Bag): LoadbalanceEntry | undefined {
  const spec = currentRuleSpec(news);
  return spec === undefined ? undefined : desiredRule(spec);
}

type OwnKind = "listener" | "healthmonitor" | "pool";

/** `spec` with this resource's facets as they were in `olds` (its own previous inputs, `ownKeys`). */
function withOldOwn(
  kind: OwnKind,
  ownKeys: readonly string[],
  spec: RuleSpec,
  olds: Bag,
): RuleSpec | undefined {
  const own = pick(olds, ownKeys);
  if (kind === "listener") {
    const r = checkListener(own, {});
    const lbRaw = olds["loadbalancer"];
    const lb = checkLoadBalancer(lbRaw);
    if (!r.ok || !r.known) return undefined;
    return { ...spec, listener: r.spec, ...(lb.ok && lb.known ? { lb: lb.spec } : {}) };
  }
  if (kind === "pool") {
    const r = checkPool(own, {});
    return r.ok && r.known ? { ...spec, pool: r.spec } : undefined;
  }
  if (Object.keys(own).length === 0) {
    const { monitor: _gone, ...rest } = spec;
    return rest;
  }
  const r = checkHealthMonitor(own, {});
  return r.ok && r.known ? { ...spec, monitor: r.spec } : undefined;
}

/**
 * `{loxilbRuleAction: "recreate"}` when this resource's own change needs the rule deleted and created
 * again (so the preview says so), `{loxilbRuleAction: undefined}` otherwise; `{}` on create.
 */
export function ruleActionForOwnChange(kind: OwnKind, ownKeys: readonly string[], olds: Bag, news: Bag): Bag {
  if (Object.keys(olds).length === 0) return {};
  const after = currentRuleSpec(news);
  const before = after === undefined ? undefined : withOldOwn(kind, ownKeys, after, olds);
  if (after === undefined || before === undefined) return {};
  return { loxilbRuleAction: ruleSpecChange(before, after).action === "recreate" ? "recreate" : undefined };
}

/**
 * The weight LoxiLB will hold for the endpoint at `address:port` under the current declaration: its
 * share of 16 slots in weighted mode, 1 otherwise, 0 when it is not in the rule (drained, disabled,
 * or no rule). Undefined while the declaration is not known.
 */
export function expectedWeight(news: Bag, address: unknown, port: unknown): number | undefined {
  const spec = currentRuleSpec(news);
  if (spec === undefined || typeof address !== "string" || typeof port !== "number") return undefined;
  const rule = desiredRule(spec);
  let key: string;
  try {
    key = endpointKey(address, port);
  } catch {
    return undefined;
  }
  const e = rule?.endpoints.find((x) => endpointKey(x.endpointIP, x.targetPort) === key);
  return e?.weight ?? 0;
}

/** The algorithm (`sel`) LoxiLB will hold for the rule, or undefined (no rule, or not known yet). */
export function expectedAlgorithm(news: Bag): string | undefined {
  return currentRule(news)?.serviceArguments.sel;
}
