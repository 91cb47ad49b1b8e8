/**
 * Runs every benchmark suite, prints a table and merges the results into bench/results.json (by suite
 * name, so suites can be re-run one at a time). Usage: `npm run bench`.
 */
import * as fs from "fs";
import * as path from "path";
import { runEmulatorBench, type BenchSuiteResult } from "./emulator-bench";
import { runChurnBench, runScaleBench } from "./handlers-bench";
import { runHarnessBench } from "./harness-bench";

/** The suites, in run order (a suite may report several named results). */
const SUITES: ReadonlyArray<() => Promise<BenchSuiteResult | BenchSuiteResult[]>> = [
  runEmulatorBench,
  runHarnessBench,
  runChurnBench,
  runScaleBench,
];

const RESULTS = path.resolve(__dirname, "..", "..", "bench", "results.json");

function readResults(): BenchSuiteResult[] {
  try {
    const data = JSON.parse(fs.readFileSync(RESULTS, "utf8")) as { suites?: BenchSuiteResult[] };
    return Array.isArray(data.suites) ? data.suites : [];
  } catch {
    return [];
  }
}

function printTable(results: readonly BenchSuiteResult[]): void {
  const rows = results.flatMap((s) =>
    s.rows.map((r) => [
      s.name,
      r.metric,
      `${r.value} ${r.unit}`,
      r.target === undefined ? "" : String(r.target),
      r.ratioToTarget === undefined ? "" : `${r.ratioToTarget}x`,
    ]),
  );
  const header = ["suite", "metric", "value", "target", "vs target"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  console.log([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
}

async function main(): Promise<void> {
  const fresh: BenchSuiteResult[] = [];
  for (const suite of SUITES) fresh.push(...[await suite()].flat());
  printTable(fresh);
  const merged = readResults().filter((old) => !fresh.some((f) => f.name === old.name));
  const suites = [...merged, ...fresh].sort((a, b) => a.name.localeCompare(b.name));
  fs.writeFileSync(RESULTS, `${JSON.stringify({ updatedAt: new Date().toISOString(), suites }, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
