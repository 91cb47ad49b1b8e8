/**
 * What a preview does to each LoxiLB rule (pure): the steps of `pulumi preview --json` grouped by
 * rule key, the rule before and after built from each side's rule declaration (the `rule` input
 * every Listener, Pool, HealthMonitor, Member and Members carries, docs/design.md §5) with the
 * provider's own translation (`desiredRule`), and the action the provider will take
 * (`ruleSpecChange`, plus the `loxilbRuleAction` its `check` recorded).
 */
import { formatRuleKey, type LoadbalanceEntry } from "../api/model";
import { checkListener, checkLoadBalancer } from "../octavia/check";
import { isUnknown } from "../octavia/unknown";
import { declaredBy, ruleSpecOf, parseDeclaration, type RuleDeclaration } from "../rules/declaration";
import { ruleName } from "../api/rule-identity";
import { desiredRule, ruleKeyFor, ruleSpecChange, type RuleSpec } from "../translate/rule";
import type { PreviewDigest, PreviewResourceState, PreviewStep } from "./preview-json";

/** The type prefix of this package's dynamic resources. */
export const LOXILB_TYPE_PREFIX = "pulumi-nodejs:dynamic/loxilb:";
/** Kinds that carry the rule declaration. */
const RULE_KINDS = new Set(["Listener", "Pool", "HealthMonitor", "Member", "Members"]);

/** One side of a rule: what the program declares and what LoxiLB will hold for it. */
export interface RuleSide {
  readonly spec: RuleSpec;
  /** The rule as LoxiLB will hold it; undefined when it must not exist (disabled, no endpoint). */
  readonly rule: LoadbalanceEntry | undefined;
  /** The rule's name; undefined while it is known only after apply (a new or replaced listener). */
  readonly name: string | undefined;
}

export type RuleAction = "create" | "in-place" | "recreate" | "delete" | "none" | "unknown";

export interface RuleReview {
  /** `tcp:192.0.2.10:80`, or `(known after apply)` when the declaration is unknown. */
  readonly key: string;
  /** Undefined: not declared before; "unknown": not known before apply. */
  readonly before: RuleSide | undefined | "unknown";
  readonly after: RuleSide | undefined | "unknown";
  /** The rule's name before and after; undefined while known only after apply. */
  readonly names: { readonly before: string | undefined; readonly after: string | undefined };
  readonly action: RuleAction;
  readonly reasons: readonly string[];
  /** The `connection` inputs the rule's resources carry (each `"[secret]"` unless shown). */
  readonly connections: readonly unknown[];
}

/** Where one resource's state sits in a rule. */
interface Sighting {
  readonly key: string;
  readonly side: "before" | "after";
  readonly declaration: RuleDeclaration | "unknown";
  readonly kind: string;
  /** The resource's name (the URN's last part), as the declaration names it: `Member "web-1"`. */
  readonly name: string;
  readonly op: string;
  readonly state: PreviewResourceState;
}

const UNKNOWN_KEY = "(known after apply)";
const str = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;

function kindOf(step: PreviewStep): string | undefined {
  const type = step.newState?.type ?? step.oldState?.type ?? step.urn.split("::")[2] ?? "";
  if (!type.startsWith(LOXILB_TYPE_PREFIX)) return undefined;
  const kind = type.slice(LOXILB_TYPE_PREFIX.length);
  return RULE_KINDS.has(kind) ? kind : undefined;
}

/** The states a step shows for before and after (a delete has no after, a create no before). */
function sidesOf(step: PreviewStep): Array<["before" | "after", PreviewResourceState]> {
  const out: Array<["before" | "after", PreviewResourceState]> = [];
  const gone = step.op === "delete" || step.op === "delete-replaced" || step.op === "discard";
  const fresh = step.op === "create" || step.op === "create-replacement";
  if (step.oldState !== undefined && !fresh) out.push(["before", step.oldState]);
  if (step.newState !== undefined && !gone) out.push(["after", step.newState]);
  return out;
}

function keyOfDeclaration(d: RuleDeclaration): string {
  const f = ruleSpecOf(d, "", "");
  return f === undefined ? "" : formatRuleKey(ruleKeyFor(f.lb, f.listener));
}

/**
 * The key from the args a resource carries itself (`loadbalancer`, `listener`, or a listener's own
 * protocol and port), for a declaration that is still unknown; `(known after apply)` when they are too.
 */
function keyOfOwnFacts(kind: string, inputs: Record<string, unknown>): string {
  const bag = (v: unknown) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {});
  const lb = checkLoadBalancer(bag(inputs["loadbalancer"]));
  const listener = checkListener(kind === "Listener" ? inputs : bag(inputs["listener"]), {});
  if (!lb.ok || !lb.known || !listener.ok || !listener.known) return UNKNOWN_KEY;
  return formatRuleKey(ruleKeyFor(lb.spec, listener.spec));
}

function sightingsOf(step: PreviewStep): Sighting[] {
  const kind = kindOf(step);
  if (kind === undefined) return [];
  const name = step.urn.split("::").pop() ?? "";
  return sidesOf(step).flatMap(([side, state]): Sighting[] => {
    try {
      const declaration = parseDeclaration(state.inputs?.["rule"]) ?? "unknown";
      if (declaration !== "unknown" && declaration.pool === null) return [];
      const key =
        declaration === "unknown" ? keyOfOwnFacts(kind, state.inputs ?? {}) : keyOfDeclaration(declaration);
      return key === "" ? [] : [{ key, side, declaration, kind, name, op: step.op, state }];
    } catch (e) {
      const which = side === "before" ? "old" : "new";
      throw new Error(`${kind} "${name}" (${which} state): ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/** The listener's sighting first (its declaration is the rule's own), then the pool's, then any. */
function pick(list: readonly Sighting[]): Sighting | undefined {
  return list.find((s) => s.kind === "Listener") ?? list.find((s) => s.kind === "Pool") ?? list[0];
}

/**
 * Ops that make a resource new on this rule (for the side "before"), or take it off (for "after").
 * The digest shows a replacement as one `replace` step with both states; when only one side of a
 * rule has steps, a replaced resource's other state is under another key: it moved.
 */
const CREATES = new Set(["create", "create-replacement", "replace"]);
const DELETES = new Set(["delete", "delete-replaced", "discard", "replace"]);

/**
 * The declaration without the parts of resources this preview creates (for "before") or deletes
 * (for "after"); undefined when that takes the listener or the pool, i.e. the rule itself.
 * `pulumi preview --json` lists only the resources that change, so a side without a step of its
 * own (a member added while nothing else changes) is the other side minus those resources.
 */
function withoutParts(d: RuleDeclaration, parts: readonly Sighting[]): RuleDeclaration | undefined {
  if (parts.some((p) => p.kind === "Listener" || p.kind === "Pool")) return undefined;
  const labels = parts.map((p) => `${p.kind} ${JSON.stringify(p.name)}`);
  const dropped = (entry: Record<string, unknown>) => {
    const by = declaredBy(entry, "");
    return labels.some((l) => by === l || by.startsWith(`${l}[`));
  };
  const monitorGone = d.healthMonitor !== null && dropped(d.healthMonitor);
  return {
    ...d,
    healthMonitor: monitorGone ? null : d.healthMonitor,
    members: d.members.filter((m) => !dropped(m)),
  };
}

/** One side's declaration: a sighting's own, else the other side's without what this preview adds or removes. */
function declarationOf(
  list: readonly Sighting[],
  side: "before" | "after",
): RuleDeclaration | "unknown" | undefined {
  const own = pick(list.filter((s) => s.side === side));
  if (own !== undefined) return own.declaration;
  const other = pick(list.filter((s) => s.side !== side));
  if (other === undefined || other.declaration === "unknown") return other?.declaration;
  const ops = side === "before" ? CREATES : DELETES;
  return withoutParts(
    other.declaration,
    list.filter((s) => ops.has(s.op)),
  );
}

function idsOf(s: Sighting): { lbId: string | undefined; listenerId: string | undefined } {
  const inputs = s.state.inputs ?? {};
  const listenerId = s.kind === "Listener" ? str(s.state.id) : str(inputs["listenerId"]);
  return { lbId: str(inputs["loadbalancerId"]), listenerId };
}

/** The name from the listener's `ruleName` output (adopted rules keep theirs), else from the ids. */
function recordedName(list: readonly Sighting[]): string | undefined {
  const recorded = str(list.find((s) => s.kind === "Listener")?.state.outputs?.["ruleName"]);
  if (recorded !== undefined) return recorded;
  for (const s of list) {
    const { lbId, listenerId } = idsOf(s);
    if (lbId !== undefined && listenerId !== undefined) return ruleName(lbId, listenerId);
  }
  return undefined;
}

/** The rule's name before and after: it changes only with a new listener (known after apply). */
function namesOf(list: readonly Sighting[]): { before: string | undefined; after: string | undefined } {
  const olds = list.filter((s) => s.side === "before");
  const news = list.filter((s) => s.side === "after");
  const before = recordedName(olds) ?? recordedName(news);
  const listenerNew = list.some((s) => s.kind === "Listener" && CREATES.has(s.op));
  return { before, after: listenerNew ? recordedName(news) : before };
}

function sideOf(
  d: RuleDeclaration | "unknown" | undefined,
  name: string | undefined,
): RuleSide | "unknown" | undefined {
  if (d === undefined || d === "unknown") return d;
  const spec = ruleSpecOf(d, "", "");
  if (spec === undefined) return undefined;
  const rule = desiredRule(spec);
  return { spec, rule: rule === undefined ? undefined : withName(rule, name), name };
}

function withName(rule: LoadbalanceEntry, name: string | undefined): LoadbalanceEntry {
  const { name: _n, ...sa } = rule.serviceArguments;
  return { ...rule, serviceArguments: name === undefined ? sa : { ...sa, name } };
}

function actionOf(
  before: RuleSide | undefined | "unknown",
  after: RuleSide | undefined | "unknown",
  list: readonly Sighting[],
): { action: RuleAction; reasons: string[] } {
  if (before === "unknown" || after === "unknown") return { action: "unknown", reasons: [] };
  if (after === undefined) {
    return before?.rule === undefined
      ? { action: "none", reasons: [] }
      : { action: "delete", reasons: ["no resource of the stack declares the rule any more"] };
  }
  if (before === undefined) {
    return after.rule === undefined
      ? { action: "none", reasons: [] }
      : { action: "create", reasons: ["a new listener declares the rule"] };
  }
  const change = ruleSpecChange(before.spec, after.spec);
  if (change.action !== "in-place" && change.action !== "none") return change;
  const renamed = before.name !== after.name;
  if (before.rule !== undefined && after.rule !== undefined && renamed) {
    return {
      action: "recreate",
      reasons: ["the listener is replaced: LoxiLB cannot rename a rule in place"],
    };
  }
  if (change.action === "in-place" && recordedRecreate(list)) {
    return { action: "recreate", reasons: ["the provider's check recorded `loxilbRuleAction: recreate`"] };
  }
  return change;
}

/** True when a resource this preview updates recorded `loxilbRuleAction: recreate` in its check. */
function recordedRecreate(list: readonly Sighting[]): boolean {
  return list.some(
    (s) => s.side === "after" && s.op !== "same" && s.state.inputs?.["loxilbRuleAction"] === "recreate",
  );
}

/** Every LoxiLB rule the preview's resources declare, before and after, in key order. */
export function ruleReviews(digest: PreviewDigest): RuleReview[] {
  const byKey = new Map<string, Sighting[]>();
  for (const step of digest.steps) {
    for (const s of sightingsOf(step)) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
  }
  return [...byKey.keys()].sort().map((key) => {
    const list = byKey.get(key) ?? [];
    const names = namesOf(list);
    const before = sideOf(declarationOf(list, "before"), names.before);
    const after = sideOf(declarationOf(list, "after"), names.after);
    const { action, reasons } = actionOf(before, after, list);
    const connections = list.map((s) => s.state.inputs?.["connection"]).filter((c) => c !== undefined);
    return { key, before, after, names, action, reasons, connections };
  });
}
