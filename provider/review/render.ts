/**
 * The review as Markdown for a pull-request comment (pure): per LoxiLB rule its key and name, the
 * action, endpoints added and removed, each endpoint's LoxiLB weight and traffic share before →
 * after, algorithm, NAT mode, probe and allowed sources, a warning when the rule is deleted (and
 * recreated), the instances it reaches; then a one-line total.
 */
import type { LbEndpoint, LoadbalanceEntry } from "../api/model";
import type { RuleAction, RuleReview, RuleSide } from "./rule-changes";
import { formatShare, trafficShares } from "./shares";

/**
 * How long a recreated rule is absent from one LoxiLB instance (ms), from the emulator's rule-absent
 * timeline (`bench/recreate-absence.ts`, real-CLI `pulumi up`s on a shared two-core machine,
 * docs/review.md). `recreate`: the provider's writer deletes and re-creates the rule in one write
 * (e.g. a health monitor's `delay` change); two runs of 20 gave median 2 ms, at most 20 ms.
 * `replace`: the engine replaces the listener (delete before create), so the rule is gone from the
 * old listener's delete to the new one's create; 20 replacements gave median 213 ms, at most 311 ms.
 * A real loxilb adds its datapath programming time.
 */
export const RECREATE_ABSENCE = {
  recreate: { medianMs: 2, maxMs: 20, runs: "two runs of 20 recreates" },
  replace: { medianMs: 213, maxMs: 311, runs: "20 listener replacements" },
} as const;

/** The LoxiLB instances a rule reaches. */
export interface Instances {
  readonly endpoints: readonly string[];
  readonly replication: "failover" | "all";
}

/** A rule as one instance holds it, read by `--state`; undefined when the instance has none. */
export interface LiveRule {
  readonly instance: string;
  readonly rule: LoadbalanceEntry | undefined;
}

export interface RenderOptions {
  /** Instances from stack config or the environment, used when the connection inputs are secret. */
  readonly instances?: Instances | undefined;
  /** `--state`: the live rule per key, shown as "before". */
  readonly live?: ReadonlyMap<string, LiveRule> | undefined;
}

const AFTER_APPLY = "known after apply";
const code = (s: string | number) => `\`${s}\``;
const LABEL: Record<RuleAction, string> = {
  create: "create",
  "in-place": "update in place",
  recreate: "delete and recreate",
  delete: "delete",
  none: "no change",
  unknown: AFTER_APPLY,
};

/** `10.0.0.1:8080`, `[2001:db8::1]:8080`. */
const epKey = (e: LbEndpoint) =>
  e.endpointIP.includes(":") ? `[${e.endpointIP}]:${e.targetPort}` : `${e.endpointIP}:${e.targetPort}`;
const sideRule = (s: RuleSide | undefined | "unknown"): LoadbalanceEntry | undefined | "unknown" =>
  s === "unknown" ? "unknown" : s?.rule;

/** `a → b`, or `a` when equal; either side may be missing (`–`) or unknown. */
function change(before: string | undefined, after: string | undefined): string {
  const b = before ?? "–";
  const a = after ?? "–";
  return b === a ? a : `${b} → ${a}`;
}

function valueOf(
  rule: LoadbalanceEntry | undefined | "unknown",
  f: (r: LoadbalanceEntry) => string,
): string | undefined {
  if (rule === "unknown") return AFTER_APPLY;
  return rule === undefined ? undefined : f(rule);
}

function probeText(r: LoadbalanceEntry): string {
  const sa = r.serviceArguments;
  if (sa.monitor !== true) return "none";
  const where = sa.probetype === undefined ? `${sa.protocol ?? "tcp"} on each endpoint's port` : sa.probetype;
  const port = sa.probetype !== undefined && sa.probetype !== "ping" ? ` port ${sa.probeport ?? 0}` : "";
  return `${where}${port}, every ${sa.probeTimeout ?? 60} s, down after ${sa.probeRetries ?? 2} failures`;
}

const sourcesText = (r: LoadbalanceEntry): string => {
  const list = (r.allowedSources ?? []).map((s) => code(s.prefix));
  return list.length === 0 ? "any" : list.join(", ");
};

function endpointRows(
  before: LoadbalanceEntry | undefined | "unknown",
  after: LoadbalanceEntry | undefined | "unknown",
) {
  const known = (r: typeof before) => (r === "unknown" || r === undefined ? [] : r.endpoints);
  const shares = (r: typeof before) => (r === "unknown" || r === undefined ? [] : trafficShares(r));
  const b = known(before);
  const a = known(after);
  const bShares = shares(before);
  const aShares = shares(after);
  const keys = [...new Set([...a.map(epKey), ...b.map(epKey)])];
  return keys.map((k) => {
    const i = b.findIndex((e) => epKey(e) === k);
    const j = a.findIndex((e) => epKey(e) === k);
    const cell = (r: typeof before, idx: number, f: (i: number) => string) =>
      r === "unknown" ? AFTER_APPLY : idx < 0 ? undefined : f(idx);
    const weight = change(
      cell(before, i, (x) => String(b[x]?.weight)),
      cell(after, j, (x) => String(a[x]?.weight)),
    );
    const share = change(
      cell(before, i, (x) => formatShare(bShares[x] ?? 0)),
      cell(after, j, (x) => formatShare(aShares[x] ?? 0)),
    );
    const status =
      i < 0 && after !== "unknown" ? " (added)" : j < 0 && after !== "unknown" ? " (removed)" : "";
    return `| ${code(k)}${status} | ${weight} | ${share} |`;
  });
}

function endpointDelta(
  before: LoadbalanceEntry | undefined | "unknown",
  after: LoadbalanceEntry | undefined | "unknown",
) {
  if (before === "unknown" || after === "unknown")
    return { added: AFTER_APPLY, removed: AFTER_APPLY, n: [0, 0] };
  const b = new Set((before?.endpoints ?? []).map(epKey));
  const a = new Set((after?.endpoints ?? []).map(epKey));
  const added = [...a].filter((k) => !b.has(k));
  const removed = [...b].filter((k) => !a.has(k));
  const list = (xs: string[]) => (xs.length === 0 ? "none" : xs.map(code).join(", "));
  return { added: list(added), removed: list(removed), n: [added.length, removed.length] };
}

/** A URL without credentials, query or fragment (never print a token). */
export function safeUrl(u: string): string {
  try {
    const url = new URL(u);
    return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  } catch {
    return "(not a URL)";
  }
}

/** Instances from a connection input shown in the preview (not `"[secret]"`). */
function instancesOfConnection(c: unknown): Instances | undefined {
  if (typeof c !== "object" || c === null) return undefined;
  const eps = (c as Record<string, unknown>)["apiEndpoints"];
  if (!Array.isArray(eps) || !eps.every((e): e is string => typeof e === "string")) return undefined;
  const replication = (c as Record<string, unknown>)["replication"] === "all" ? "all" : "failover";
  return { endpoints: eps, replication };
}

function instancesLine(r: RuleReview, fallback: Instances | undefined): string {
  const inst = r.connections.map(instancesOfConnection).find((i) => i !== undefined) ?? fallback;
  if (inst === undefined || inst.endpoints.length === 0) {
    return "- LoxiLB instances: not shown (the connection is secret; pass `--config` or set `LOXILB_API_ENDPOINTS`)";
  }
  const list = inst.endpoints.map((e) => code(safeUrl(e))).join(", ");
  return inst.replication === "all" || inst.endpoints.length === 1
    ? `- LoxiLB instances: ${list}${inst.endpoints.length > 1 ? " (replication `all`: every instance)" : ""}`
    : `- LoxiLB instances: the first that answers of ${list} (replication \`failover\`)`;
}

function nameText(r: RuleReview): string {
  const text = (n: string | undefined) => (n === undefined ? `(name ${AFTER_APPLY})` : code(n));
  if (r.before === undefined) return text(r.names.after);
  if (r.after === undefined || r.names.before === r.names.after) return text(r.names.before);
  return `${text(r.names.before)} → ${text(r.names.after)}`;
}

function warning(r: RuleReview): string[] {
  const why = r.reasons.length > 0 ? ` (${r.reasons.join("; ")})` : "";
  if (r.action === "recreate") {
    // A new rule name means a new listener: the engine deletes the old one before creating it.
    const m = RECREATE_ABSENCE[r.names.before !== r.names.after ? "replace" : "recreate"];
    return [
      `> **Warning:** LoxiLB cannot apply this change in place${why}: the rule is deleted and created ` +
        `again, so ${code(r.key)} serves no traffic for about ${m.medianMs} ms on each instance ` +
        `(median of ${m.runs} on the LoxiLB emulator, at most ${m.maxMs} ms; a real loxilb adds its ` +
        "datapath programming time).",
      "",
    ];
  }
  if (r.action === "delete") {
    return [`> **Warning:** the rule is deleted${why}: ${code(r.key)} stops serving traffic.`, ""];
  }
  return [];
}

function ruleSection(r: RuleReview, opts: RenderOptions): string[] {
  const live = opts.live?.get(r.key);
  const before = live !== undefined ? live.rule : sideRule(r.before);
  const after = sideRule(r.after);
  const delta = endpointDelta(before, after);
  const field = (f: (x: LoadbalanceEntry) => string) => change(valueOf(before, f), valueOf(after, f));
  const rows = endpointRows(before, after);
  return [
    `#### ${code(r.key)} ${nameText(r)}: **${LABEL[r.action]}**`,
    "",
    ...warning(r),
    ...(live !== undefined
      ? [`- Before: as ${code(safeUrl(live.instance))} holds it now (\`--state\`)`]
      : []),
    `- Endpoints added: ${delta.added}`,
    `- Endpoints removed: ${delta.removed}`,
    `- Algorithm: ${field((x) => code(x.serviceArguments.sel ?? "rr"))}`,
    `- NAT mode: ${field((x) => code(x.serviceArguments.mode ?? "dnat"))}`,
    `- Probe: ${field(probeText)}`,
    `- Allowed sources: ${field(sourcesText)}`,
    instancesLine(r, opts.instances),
    "",
    ...(rows.length > 0
      ? ["| Endpoint | LoxiLB weight | Share of new flows |", "|---|---|---|", ...rows, ""]
      : []),
  ];
}

function totalLine(reviews: readonly RuleReview[], opts: RenderOptions): string {
  const count = (a: RuleAction) => reviews.filter((r) => r.action === a).length;
  let added = 0;
  let removed = 0;
  for (const r of reviews) {
    const live = opts.live?.get(r.key);
    const d = endpointDelta(live !== undefined ? live.rule : sideRule(r.before), sideRule(r.after));
    added += d.n[0] ?? 0;
    removed += d.n[1] ?? 0;
  }
  const unknown = count("unknown") > 0 ? `, ${count("unknown")} known after apply` : "";
  return (
    `**Total:** ${reviews.length} LoxiLB rule${reviews.length === 1 ? "" : "s"}: ${count("create")} create, ` +
    `${count("in-place")} in place, ${count("recreate")} recreate, ${count("delete")} delete, ` +
    `${count("none")} unchanged${unknown}; ${added} endpoint${added === 1 ? "" : "s"} added, ${removed} removed.`
  );
}

/** The whole comment. Rules without change are counted in the total, not listed. */
export function renderReview(reviews: readonly RuleReview[], opts: RenderOptions = {}): string {
  const changed = reviews.filter((r) => r.action !== "none");
  const body = changed.flatMap((r) => ruleSection(r, opts));
  return [
    "### LoxiLB review",
    "",
    ...(changed.length === 0 ? ["No LoxiLB rule changes.", ""] : body),
    totalLine(reviews, opts),
    "",
  ].join("\n");
}
