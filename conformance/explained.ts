/**
 * The explained differences: a table in docs/emulator.md between `<!-- conformance:explained -->`
 * and `<!-- /conformance:explained -->`, read by the runner. A row names cases (`*` matches any
 * text), a mode (`legacy`, `current` or `both`), the difference tokens it explains (`2.status`,
 * `*.body`, `rules`; see compare.ts), a class and the reason. A difference no row explains fails the
 * run, and so does a row that explains nothing (the doc must not keep stale reasons).
 */
import * as fs from "fs";
import * as path from "path";
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import { PathReporter } from "io-ts/PathReporter";
import type { Mode } from "./case-data";

/** Why a difference stays: the version differs (v0.9.8 vs HEAD), the peer lacks a datapath, or by design. */
export const DifferenceClass = t.keyof({ version: null, peer: null, design: null });
export type DifferenceClass = t.TypeOf<typeof DifferenceClass>;

/** One row of the table. */
export const Explanation = t.type({
  cases: t.string,
  mode: t.keyof({ legacy: null, current: null, both: null }),
  tokens: t.array(t.string),
  class: DifferenceClass,
  reason: t.string,
});
export type Explanation = t.TypeOf<typeof Explanation>;

const START = "<!-- conformance:explained -->";
const END = "<!-- /conformance:explained -->";

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim().replace(/^`|`$/g, ""));

/** The rows of the table in a markdown text; throws when the markers or a row are malformed. */
export function parseExplanations(markdown: string): Explanation[] {
  const from = markdown.indexOf(START);
  const to = markdown.indexOf(END);
  if (from < 0 || to < from) throw new Error(`no ${START} … ${END} table`);
  const lines = markdown
    .slice(from + START.length, to)
    .split("\n")
    .filter((l) => l.trim().startsWith("|"));
  return lines.slice(2).map((line) => {
    const [cases, mode, tokens, klass, reason] = cells(line);
    const row = {
      cases,
      mode,
      tokens: (tokens ?? "").split(",").map((x) => x.trim().replace(/^`|`$/g, "")),
      class: klass,
      reason,
    };
    const decoded = Explanation.decode(row);
    if (isLeft(decoded))
      throw new Error(`bad explained row "${line}": ${PathReporter.report(decoded).join("; ")}`);
    return decoded.right;
  });
}

/** docs/emulator.md of the repository at `root`. */
export function loadExplanations(root: string): Explanation[] {
  return parseExplanations(fs.readFileSync(path.join(root, "docs", "emulator.md"), "utf8"));
}

function glob(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

/** True when `row` applies to this case and mode. */
export function rowApplies(row: Explanation, caseId: string, mode: Mode): boolean {
  return (row.mode === "both" || row.mode === mode) && glob(row.cases).test(caseId);
}

/** The rows (by index) that explain `token` for this case and mode. */
export function explainers(
  rows: readonly Explanation[],
  caseId: string,
  mode: Mode,
  token: string,
): number[] {
  return rows.flatMap((row, i) =>
    rowApplies(row, caseId, mode) && row.tokens.some((p) => glob(p).test(token)) ? [i] : [],
  );
}
