/**
 * A small parser for the Prometheus text exposition format (what loxilb's `/metrics` serves):
 * `name{label="value",...} number [timestamp]` lines; `#` lines are comments (HELP/TYPE).
 *
 * Hand-written on purpose (docs/design.md §21): npm's parser for this format,
 * parse-prometheus-text-format 1.1.1 (last commit 2020, no types, string values), reads any line as a
 * sample (an HTML error page yields no families and no error, where the client must report a
 * problem), throws on a family whose help is empty, and loses the last sample when the final newline
 * is missing. Of the 200 scrapes client_golang wrote for test/fixtures/go-oracle/prom-cases.json it
 * threw on 62; this parser reads all of them (test/api/prometheus-go-oracle.test.ts).
 */
import type { MetricSample } from "./model";

// `s`: a label value may hold U+2028 and other line terminators that client_golang does not escape
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?\s*$/s;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;

/** Every sample, or the problems (with line numbers) when a line is not valid exposition text. */
export function parsePrometheusText(text: string): MetricSample[] | { problems: string[] } {
  const samples: MetricSample[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = SAMPLE.exec(line);
    const labels = m === null ? undefined : parseLabels(m[3] ?? "");
    const value = m === null ? undefined : parseValue(m[4] ?? "");
    if (m === null || labels === undefined || value === undefined) {
      problems.push(`line ${i + 1}: not a Prometheus sample: ${line.slice(0, 80)}`);
      return;
    }
    samples.push({ name: m[1] ?? "", labels, value });
  });
  return problems.length > 0 ? { problems } : samples;
}

function parseLabels(s: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < s.length) {
    const m = LABEL.exec(s);
    if (m === null) return s.slice(LABEL.lastIndex).trim() === "" ? out : undefined;
    out[m[1] ?? ""] = unescapeLabel(m[2] ?? "");
  }
  return out;
}

/** A label value as client_golang escapes it (`\\`, `\"`, `\n`), undone in one pass. */
function unescapeLabel(s: string): string {
  return s.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
}

/** A sample value (`+Inf`, `-Inf` and `NaN` included), or undefined when it is not a number. */
function parseValue(s: string): number | undefined {
  if (s === "+Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (s === "NaN") return Number.NaN;
  const n = Number(s);
  return s === "" || Number.isNaN(n) ? undefined : n;
}
