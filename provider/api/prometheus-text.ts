/**
 * A small parser for the Prometheus text exposition format (what loxilb's `/metrics` serves):
 * `name{label="value",...} number [timestamp]` lines; `#` lines are comments (HELP/TYPE).
 */
import type { MetricSample } from "./model";

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?\s*$/;
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
    out[m[1] ?? ""] = (m[2] ?? "").replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1");
  }
  return out;
}

/** A sample value (`+Inf`, `-Inf` and `NaN` included), or undefined when it is not a number. */
function parseValue(s: string): number | undefined {
  if (s === "+Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (s === "NaN") return Number.NaN;
  const n = Number(s);
  return s === "" || Number.isNaN(n) ? undefined : n;
}
