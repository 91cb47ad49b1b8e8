/**
 * Runs every benchmark suite, prints a table and merges the results into bench/results.json (by suite
 * name, so suites can be re-run one at a time). Usage: `npm run bench [-- emulator harness churn scale cli]`
 * (no names: all of them).
 */
import * as fs from "fs";
import * as path from "path";
import { runEmulatorBench, type BenchSuiteResult } from "./emulator-bench";
import { runChurnBench, runScaleBench } from "./handlers-bench";
import { runCliBench } from "./cli-bench";
import { LATENCY_MS, runHarnessBench } from "./harness-bench";

/** A harness bulk suite's "<variant>: wall time ratio (baseline / provider)", if it ran. */
const harnessRatio = (done: readonly BenchSuiteResult[], variant: string): number | undefined =>
  done
    .find((s) => s.name.startsWith(`provider-bulk (harness, ${LATENCY_MS} ms`))
    ?.rows.find((r) => r.metric === `${variant}: wall time ratio (baseline / provider)`)?.value;

/** The suites by name, in run order (a suite may report several named results). */
const SUITES: ReadonlyArray<
  readonly [string, (done: readonly BenchSuiteResult[]) => Promise<BenchSuiteResult | BenchSuiteResult[]>]
> = [
  ["emulator", runEmulatorBench],
  ["harness", runHarnessBench],
  [
    "cli",
    (done) => runCliBench({ member: harnessRatio(done, "Member"), members: harnessRatio(done, "Members") }),
  ],
  ["churn", runChurnBench],
  ["scale", runScaleBench],
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
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !SUITES.some(([name]) => name === n));
  if (unknown.length > 0)
    throw new Error(
      `bench: unknown suite ${unknown.join(", ")} (known: ${SUITES.map(([n]) => n).join(", ")})`,
    );
  const fresh: BenchSuiteResult[] = [];
  for (const [name, suite] of SUITES) {
    if (only.length === 0 || only.includes(name)) fresh.push(...[await suite(fresh)].flat());
  }
  printTable(fresh);
  const merged = readResults().filter((old) => !fresh.some((f) => f.name === old.name));
  const suites = [...merged, ...fresh].sort((a, b) => a.name.localeCompare(b.name));
  fs.writeFileSync(RESULTS, `${JSON.stringify({ updatedAt: new Date().toISOString(), suites }, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
