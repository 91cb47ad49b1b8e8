/**
 * The declaration of one LoxiLB rule as the program states it in this deployment: the load balancer,
 * listener, pool, health monitor and every member, as the user wrote them. The program builds it once
 * per listener (see `resources/rule-declaration.ts`) and every resource that writes the rule carries
 * it as the JSON text input `rule`. It is only ever read from a resource's *new* inputs (or from the
 * process registry filled by this deployment's checks), never from stored state: a copy of other
 * resources' args kept in one resource's state go stale (docs/design.md, "The write path").
 */
import {
  checkHealthMonitor,
  checkListener,
  checkLoadBalancer,
  checkMember,
  checkPool,
  type CheckResult,
} from "../octavia/check";
import { containsUnknown, isUnknown } from "../octavia/unknown";
import type { RuleSpec } from "../translate/rule";

type Bag = Record<string, unknown>;

/** The declaration's wire form (raw argument bags; each member names the resource that declared it). */
export interface RuleDeclaration {
  readonly loadbalancer: Bag;
  readonly listener: Bag;
  readonly pool: Bag | null;
  readonly healthMonitor: Bag | null;
  /** Each entry is the member's arguments plus `resource`, e.g. `Member "web-1"` or `Members "all"[2]`. */
  readonly members: readonly Bag[];
}

/** The key each member entry names its declaring resource by (removed before the member is checked). */
export const DECLARED_BY = "resource";

/**
 * The declaration as JSON text (the `rule` input). Numbers JSON cannot carry (NaN, ±Infinity) are
 * written as their names, so checks refuse them by value instead of reading `null` as "not set".
 */
export function declarationText(d: RuleDeclaration): string {
  return JSON.stringify(d, (_k, v: unknown) =>
    typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
  );
}

const isBag = (v: unknown): v is Bag => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The declaration in `raw` (the `rule` input), or undefined when it is absent or still unknown
 * (preview). Throws when it is present but not a declaration (a bug or a hand-edited state).
 */
export function parseDeclaration(raw: unknown): RuleDeclaration | undefined {
  if (raw === undefined || raw === null || isUnknown(raw)) return undefined;
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error("the rule declaration (input `rule`) is not JSON");
    }
  }
  if (containsUnknown(value)) return undefined;
  if (
    !isBag(value) ||
    !isBag(value["loadbalancer"]) ||
    !isBag(value["listener"]) ||
    !Array.isArray(value["members"])
  ) {
    throw new Error(
      "the rule declaration (input `rule`) is not an object with loadbalancer, listener and members",
    );
  }
  return {
    loadbalancer: value["loadbalancer"],
    listener: value["listener"],
    pool: isBag(value["pool"]) ? value["pool"] : null,
    healthMonitor: isBag(value["healthMonitor"]) ? value["healthMonitor"] : null,
    members: value["members"].filter(isBag),
  };
}

/** A part of the declaration without the name of its declaring resource. */
export function argsOf(entry: Bag): Bag {
  const { [DECLARED_BY]: _by, ...args } = entry;
  return args;
}

/** Who declared a part, for messages (`Member "web-1"`, `Pool "web"`), or `fallback`. */
export function declaredBy(entry: Bag, fallback: string): string {
  const by = entry[DECLARED_BY];
  return typeof by === "string" && by !== "" ? by : fallback;
}

/** Invalid input in a declaration: names the resource that declared it, the field, the value and why. */
export class DeclarationError extends Error {
  /** Where in the declaration the first problem is, e.g. `members[2].address` or `pool.lbMethod`. */
  readonly property: string;
  constructor(
    /** One entry per part at fault: where, and the message naming its resource, fields and values. */
    readonly problems: ReadonlyArray<{ readonly property: string; readonly message: string }>,
  ) {
    super(problems.map((p) => p.message).join("; "));
    this.name = "DeclarationError";
    this.property = problems[0]?.property ?? "";
  }
}

function valueAt(bag: Bag, property: string): string {
  const v = property.split(".").reduce<unknown>((o, k) => (isBag(o) ? o[k] : undefined), bag);
  return v === undefined ? "" : ` = ${JSON.stringify(v)}`;
}

function specOrThrow<S>(who: string, at: string, raw: Bag, r: CheckResult<S>): S {
  if (r.ok && r.known) return r.spec;
  const why = r.ok
    ? `still unknown: ${r.unknownFields.join(", ")}`
    : r.failures.map((f) => `${f.property}${valueAt(raw, f.property)}: ${f.reason}`).join("; ");
  const first = r.ok ? r.unknownFields[0] : r.failures[0]?.property;
  const property = first === undefined || first === "*" ? at : `${at}.${first}`;
  throw new DeclarationError([{ property, message: `${who}: ${why}` }]);
}

/**
 * Typed spec of a declaration for the rule named after `lbId` and `listenerId`, or undefined when
 * the listener has no pool (no rule). Throws a {@link DeclarationError} naming the resource at fault.
 */
export function ruleSpecOf(d: RuleDeclaration, lbId: string, listenerId: string): RuleSpec | undefined {
  if (d.pool === null) return undefined;
  const lb = specOrThrow(
    "the load balancer",
    "loadbalancer",
    d.loadbalancer,
    checkLoadBalancer(d.loadbalancer),
  );
  const listener = specOrThrow(
    "the listener",
    "listener",
    d.listener,
    checkListener(d.listener, { loadbalancer: lb }),
  );
  const pool = specOrThrow(
    declaredBy(d.pool, "the pool"),
    "pool",
    argsOf(d.pool),
    checkPool(argsOf(d.pool), { loadbalancer: lb, listener }),
  );
  const monitor =
    d.healthMonitor === null
      ? undefined
      : specOrThrow(
          declaredBy(d.healthMonitor, "the health monitor"),
          "healthMonitor",
          argsOf(d.healthMonitor),
          checkHealthMonitor(argsOf(d.healthMonitor), { listener, pool }),
        );
  const siblings = d.members.map(argsOf);
  // Every member at fault is reported, not only the first.
  const problems: Array<DeclarationError["problems"][number]> = [];
  const members = d.members.flatMap((entry, i) => {
    try {
      const args = argsOf(entry);
      const parents = { loadbalancer: lb, listener, pool, siblings };
      return [
        specOrThrow(declaredBy(entry, `member #${i + 1}`), `members[${i}]`, args, checkMember(args, parents)),
      ];
    } catch (e) {
      if (!(e instanceof DeclarationError)) throw e;
      problems.push(...e.problems);
      return [];
    }
  });
  if (problems.length > 0) throw new DeclarationError(problems);
  return { lb, listener, pool, ...(monitor !== undefined ? { monitor } : {}), members, lbId, listenerId };
}

const CACHE_SIZE = 64;
type Parsed = { readonly spec: RuleSpec | undefined } | { readonly error: unknown } | "unknown";
const parsedByText = new Map<string, Parsed>();

/**
 * The typed spec of the declaration text `raw` for the rule named after `lbId` and `listenerId`:
 * undefined when the listener has no pool, "unknown" while the text is unknown or absent. Throws a
 * {@link DeclarationError} as {@link ruleSpecOf} does. Every writer of a rule carries the same text, and
 * validating it checks each member against all the others, so a recent text's result is reused.
 */
export function ruleSpecOfText(
  raw: unknown,
  lbId: string,
  listenerId: string,
): RuleSpec | undefined | "unknown" {
  const text = typeof raw === "string" ? raw : undefined;
  let parsed = text === undefined ? undefined : parsedByText.get(text);
  if (parsed === undefined) {
    parsed = parseText(raw);
    if (text !== undefined) {
      if (parsedByText.size >= CACHE_SIZE) parsedByText.delete(parsedByText.keys().next().value as string);
      parsedByText.set(text, parsed);
    }
  }
  if (parsed === "unknown") return "unknown";
  if ("error" in parsed) throw parsed.error;
  return parsed.spec === undefined ? undefined : { ...parsed.spec, lbId, listenerId };
}

function parseText(raw: unknown): Parsed {
  try {
    const declaration = parseDeclaration(raw);
    return declaration === undefined ? "unknown" : { spec: ruleSpecOf(declaration, "", "") };
  } catch (error) {
    return { error };
  }
}
