/**
 * Bulk create through the engine-faithful harness (the real dynamic-provider host over gRPC) against
 * the emulator: 1 load balancer, 8 TCP listeners (8001..8008), 8 pools of 32 members with a TCP
 * monitor each (281 resources), beside the seed driver's baseline (`NaiveMember`: GET, DELETE, POST
 * the whole rule per member) against a second emulator. Both emulators add the same latency to
 * every request to stand in for a network. Then a no-op up and a refresh of every resource.
 */
import * as path from "path";
import { startEmulator } from "../provider/emulator";
import type { EmulatorHandle } from "../provider/emulator/types";
import { EngineHarness } from "../test/harness";
import type { BenchSuiteResult } from "./emulator-bench";
import { callStats, maxOf, ms, plainRow, round, targetRow, type CallStats } from "./measure";

const ROOT = path.resolve(__dirname, "..", "..");
const PROGRAM = path.join(ROOT, "dist", "test", "fixtures", "bench", "bulk-program.js");
/** Added to every emulator request, both sides (ms). */
export const LATENCY_MS = 2;
const LISTENERS = 8;
const MEMBERS = 32;

interface Run {
  readonly wallMs: number;
  readonly stats: CallStats;
  readonly resources: number;
}

async function bulkUp(h: EngineHarness, e: EmulatorHandle): Promise<Run> {
  e.clearRequests();
  const started = process.hrtime.bigint();
  const res = await h.up(PROGRAM);
  const wallMs = ms(started);
  return { wallMs, stats: callStats(e.requests()), resources: res.steps.length };
}

function describeCalls(s: CallStats): string {
  return Object.entries(s.byMethod)
    .map(([m, n]) => `${m} ${n}`)
    .join(", ");
}

/** Checks the emulator holds LISTENERS rules of MEMBERS endpoints each; throws otherwise. */
function verify(e: EmulatorHandle, what: string): void {
  const rules = e.rules();
  const bad = rules.filter((r) => (r.endpoints ?? []).length !== MEMBERS);
  if (rules.length !== LISTENERS || bad.length > 0)
    throw new Error(`${what}: expected ${LISTENERS} rules of ${MEMBERS} endpoints, got ${rules.length}`);
}

/** Runs the bulk-create, no-op and refresh benchmarks; returns two suites. */
export async function runHarnessBench(): Promise<BenchSuiteResult[]> {
  const real = await startEmulator({});
  const naive = await startEmulator({});
  real.faults.addLatency({}, LATENCY_MS);
  naive.faults.addLatency({}, LATENCY_MS);
  const base = { "bench:listeners": String(LISTENERS), "bench:members": String(MEMBERS) };
  const hReal = await EngineHarness.start({
    projectDir: ROOT,
    project: "bench-bulk",
    stack: "real",
    config: { ...base, "loxilb:apiEndpoints": JSON.stringify([real.url]) },
  });
  const hNaive = await EngineHarness.start({
    projectDir: ROOT,
    project: "bench-bulk",
    stack: "naive",
    config: { ...base, "bench:naive": "true", "bench:url": naive.url },
  });
  try {
    const r = await bulkUp(hReal, real);
    verify(real, "provider");
    const n = await bulkUp(hNaive, naive);
    verify(naive, "baseline");

    real.clearRequests();
    const noopStart = process.hrtime.bigint();
    const noop = await hReal.up(PROGRAM);
    const noopMs = ms(noopStart);
    const noopStats = callStats(real.requests());
    const noopChanged = noop.steps.filter((s) => s.op !== "same").length;

    real.clearRequests();
    const refreshStart = process.hrtime.bigint();
    const refreshed = await hReal.refresh();
    const refreshMs = ms(refreshStart);
    const refreshStats = callStats(real.requests());
    const parallel = 4 * Math.max(1, require("os").cpus().length);
    const batches = Math.ceil(refreshed.steps.length / parallel);

    const writeRatio = n.stats.writes / Math.max(1, r.stats.writes);
    const timeRatio = n.wallMs / r.wallMs;
    const bulk: BenchSuiteResult = {
      name: "provider-bulk (harness)",
      rows: [
        plainRow(`resources (provider: ${r.resources}, baseline: ${n.resources})`, r.resources, "count"),
        plainRow(`added latency per request (both emulators)`, LATENCY_MS, "ms"),
        plainRow(`provider wall time`, r.wallMs, "ms"),
        plainRow(`baseline wall time`, n.wallMs, "ms"),
        targetRow("wall time ratio (baseline / provider)", timeRatio, "x", 5, true),
        plainRow(`provider API calls (${describeCalls(r.stats)})`, r.stats.total, "calls"),
        plainRow(`baseline API calls (${describeCalls(n.stats)})`, n.stats.total, "calls"),
        plainRow("provider writes", r.stats.writes, "writes"),
        plainRow("baseline writes", n.stats.writes, "writes"),
        targetRow("write ratio (baseline / provider)", writeRatio, "x", 10, true),
        targetRow("provider max writes per rule", maxOf(r.stats.writesPerRule), "writes", 3, false),
        plainRow("baseline max writes per rule", maxOf(n.stats.writesPerRule), "writes"),
        plainRow("provider bytes sent (request bodies)", r.stats.bytesSent, "B"),
        plainRow("baseline bytes sent (request bodies)", n.stats.bytesSent, "B"),
        plainRow(
          "bytes ratio (baseline / provider)",
          round(n.stats.bytesSent / Math.max(1, r.stats.bytesSent)),
          "x",
        ),
      ],
    };
    const noopSuite: BenchSuiteResult = {
      name: "provider-noop-refresh (harness)",
      rows: [
        plainRow(`no-op up wall time (${noop.steps.length} resources)`, noopMs, "ms"),
        plainRow("no-op up: resources not 'same'", noopChanged, "count"),
        targetRow("no-op up: LoxiLB writes (target 0)", noopStats.writes, "writes", 0, false),
        plainRow("no-op up: LoxiLB calls", noopStats.total, "calls"),
        plainRow(`refresh wall time (${refreshed.steps.length} resources)`, refreshMs, "ms"),
        plainRow("refresh: GET /config/loadbalancer/all", refreshStats.getAll, "calls"),
        plainRow(`refresh: concurrent batches (${parallel} in flight)`, batches, "count"),
        plainRow("refresh: all LoxiLB calls", refreshStats.total, "calls"),
        plainRow("refresh: writes", refreshStats.writes, "writes"),
      ],
    };
    for (const row of noopSuite.rows)
      if (row.metric.includes("target 0")) row.ratioToTarget = row.value === 0 ? 1 : 0;
    return [bulk, noopSuite];
  } finally {
    await hReal.stop();
    await hNaive.stop();
    await real.close();
    await naive.close();
  }
}
