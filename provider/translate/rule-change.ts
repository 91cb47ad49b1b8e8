/**
 * How loxilb takes a change from one rule body to another with the same key (docs/loxilb-facts.md §10,
 * rules.go L1722-1853), as data: fields it can never change in place (recreate), fields it compares
 * and updates in place, and fields it updates only when something it compares changed too (silent).
 */
import type { LoadbalanceEntry, ServiceArguments } from "../api/model";
import { canonicalIp, normalizeCidr } from "../api/ip";
import { endpointKey } from "../api/rule-identity";

/** One field of a rule, with how to compare it and why it matters. */
export interface RuleFieldRule {
  readonly field: string;
  readonly reason: string;
  readonly differs: (before: LoadbalanceEntry, after: LoadbalanceEntry) => boolean;
}

type Sa = ServiceArguments;
const sa = (e: LoadbalanceEntry): Sa => e.serviceArguments;
const arg =
  <K extends keyof Sa>(k: K, dflt: NonNullable<Sa[K]>) =>
  (b: LoadbalanceEntry, a: LoadbalanceEntry): boolean =>
    (sa(b)[k] ?? dflt) !== (sa(a)[k] ?? dflt);

const sorted = (xs: readonly string[]): string => JSON.stringify([...xs].sort());
const secondaryIps = (e: LoadbalanceEntry) => (e.secondaryIPs ?? []).map((s) => canonicalIp(s.secondaryIP));
const sources = (e: LoadbalanceEntry) =>
  (e.allowedSources ?? []).map((s) => normalizeCidr(s.prefix) ?? s.prefix);

/** Fields loxilb never changes on an existing rule, or refuses to (409/500): a change needs delete + create. */
export const ruleRecreateFields: readonly RuleFieldRule[] = [
  { field: "name", reason: "loxilb keeps the name a rule was created with", differs: arg("name", "") },
  {
    field: "monitor",
    reason: "loxilb sets the monitor flag only when a rule is created",
    differs: arg("monitor", false),
  },
  { field: "bgp", reason: "loxilb keeps the BGP flag a rule was created with", differs: arg("bgp", false) },
  {
    field: "managed",
    reason: "loxilb keeps the managed flag a rule was created with",
    differs: arg("managed", false),
  },
  {
    field: "privateIP",
    reason: "loxilb keeps the private IP a rule was created with",
    differs: arg("privateIP", ""),
  },
  {
    field: "security",
    reason: "loxilb refuses to change a rule's security mode (409)",
    differs: arg("security", "plain"),
  },
  {
    field: "egress",
    reason: "loxilb refuses to change a rule's egress mode (409)",
    differs: arg("egress", false),
  },
  {
    field: "fullproxy",
    reason: "loxilb refuses to switch a rule into or out of full-proxy mode (409)",
    differs: (b, a) => (sa(b).mode === "fullproxy") !== (sa(a).mode === "fullproxy"),
  },
  {
    field: "secondaryIPs",
    reason: "loxilb refuses to change a rule's secondary IPs (500)",
    differs: (b, a) => sorted(secondaryIps(b)) !== sorted(secondaryIps(a)),
  },
];

const endpointMap = (e: LoadbalanceEntry): string =>
  sorted(e.endpoints.map((p) => `${endpointKey(p.endpointIP, p.targetPort)}|${p.weight}`));

/**
 * loxilb's allowed-source comparison, transliterated (rules.go L1740-1754): with equal counts it
 * reports a change only when some new prefix equals every stored one (it is inverted).
 */
export function loxilbSeesSourceChange(stored: readonly string[], sent: readonly string[]): boolean {
  if (stored.length !== sent.length) return true;
  return sent.some((n) => stored.every((s) => s === n));
}

const sourcesDiffer = (b: LoadbalanceEntry, a: LoadbalanceEntry) => sorted(sources(b)) !== sorted(sources(a));

/** Fields loxilb compares: a change is applied by an in-place re-POST (the rule never disappears). */
export const ruleInPlaceFields: readonly RuleFieldRule[] = [
  {
    field: "endpoints",
    reason: "endpoints added, removed or reweighted",
    differs: (b, a) => endpointMap(b) !== endpointMap(a),
  },
  { field: "sel", reason: "selection algorithm changed", differs: arg("sel", "rr") },
  { field: "mode", reason: "NAT mode changed", differs: arg("mode", "dnat") },
  { field: "probetype", reason: "probe type changed", differs: arg("probetype", "none") },
  { field: "probeport", reason: "probe port changed", differs: arg("probeport", 0) },
  { field: "proxyprotocolv2", reason: "PROXY protocol v2 changed", differs: arg("proxyprotocolv2", false) },
  {
    field: "allowedSources",
    reason: "allowed sources changed",
    differs: (b, a) => sourcesDiffer(b, a) && loxilbSeesSourceChange(sources(b), sources(a)),
  },
];

/** loxilb's effective idle timeout: 0 means 240 s for tcp/sctp, 20 s otherwise (rules.go L1562-1570). */
export function effectiveIdleTimeout(s: Sa): number {
  if (s.inactiveTimeOut !== undefined && s.inactiveTimeOut !== 0) return s.inactiveTimeOut;
  return s.protocol === undefined || s.protocol === "tcp" || s.protocol === "sctp" ? 240 : 20;
}

const SILENT = "loxilb ignores this change unless a field it compares changes too";

/** Fields loxilb stores only when something it compares changed too (otherwise 409 lbrule-exists, a no-op). */
export const ruleSilentFields: readonly RuleFieldRule[] = [
  {
    field: "inactiveTimeOut",
    reason: SILENT,
    differs: (b, a) => effectiveIdleTimeout(sa(b)) !== effectiveIdleTimeout(sa(a)),
  },
  {
    field: "allowedSources",
    reason: `${SILENT} (its same-count prefix comparison is inverted)`,
    differs: (b, a) => sourcesDiffer(b, a) && !loxilbSeesSourceChange(sources(b), sources(a)),
  },
];

/** Probe timing: silent like the above, and not returned by GET, so only comparable between specs. */
export const ruleProbeTimingFields: readonly RuleFieldRule[] = [
  { field: "probeTimeout", reason: `${SILENT}; GET does not return it`, differs: arg("probeTimeout", 60) },
  { field: "probeRetries", reason: `${SILENT}; GET does not return it`, differs: arg("probeRetries", 2) },
];

export interface RuleChange {
  readonly recreate: readonly string[];
  readonly inPlace: readonly string[];
  readonly silent: readonly string[];
}

const reasons = (table: readonly RuleFieldRule[], b: LoadbalanceEntry, a: LoadbalanceEntry) =>
  table.filter((r) => r.differs(b, a)).map((r) => `${r.field}: ${r.reason}`);

/**
 * Classify the change from `before` (what loxilb holds) to `after` (what we want), same key.
 * `probeTiming` compares probeTimeout/probeRetries too (only meaningful when `before` is a spec-built
 * rule, since GET omits them).
 */
export function classifyRuleChange(
  before: LoadbalanceEntry,
  after: LoadbalanceEntry,
  probeTiming: boolean,
): RuleChange {
  return {
    recreate: reasons(ruleRecreateFields, before, after),
    inPlace: reasons(ruleInPlaceFields, before, after),
    silent: [
      ...reasons(ruleSilentFields, before, after),
      ...(probeTiming ? reasons(ruleProbeTimingFields, before, after) : []),
    ],
  };
}

/** The write a classified change needs. Silent changes ride along with an in-place one, else recreate. */
export function decideRuleChange(
  c: RuleChange,
  unseen: readonly string[] = [],
): { action: "none" | "update" | "recreate"; reasons: string[] } {
  if (c.recreate.length > 0) return { action: "recreate", reasons: [...c.recreate] };
  const silent = [...c.silent, ...unseen];
  if (c.inPlace.length > 0) return { action: "update", reasons: [...c.inPlace, ...silent] };
  if (silent.length > 0) return { action: "recreate", reasons: silent };
  return { action: "none", reasons: [] };
}
