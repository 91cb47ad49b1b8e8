/**
 * Bulk create through the engine-faithful harness (the real dynamic-provider host over gRPC) against
 * the emulator: 1 load balancer, 8 TCP listeners (8001..8008), 8 pools of 32 members with a TCP
 * monitor each, beside the seed driver's baseline (`NaiveMember`: GET, DELETE, POST the whole rule
 * per member), each on its own emulator in the same run. The provider runs twice: one `Member` per
 * backend (281 resources) and one `Members` per pool (33 resources). Every emulator adds the same
 * latency to each request to stand in for a network; the run is repeated at a second latency, and
 * the `Member` variant once more at twice the engine's parallelism and once without telling the
 * program the engine's parallelism (gather window only). Then a no-op up and a refresh.
 */
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../provider/emulator";
import type { EmulatorHandle } from "../provider/emulator/types";
import { EngineHarness } from "../harness";
import type { BenchRow, BenchSuiteResult } from "./emulator-bench";
import { callStats, maxOf, ms, plainRow, round, targetRow, type CallStats } from "./measure";
import { BULK_PROGRAM as PROGRAM } from "./fixtures";

const ROOT = path.resolve(__dirname, "..", "..");
/** Added to every emulator request (ms): a LAN round trip, and a slower network or busy loxilb. */
export const LATENCY_MS = 2;
const SLOW_LATENCY_MS = 10;
export const LISTENERS = 8;
export const MEMBERS = 32;
/** The engine's default `--parallel` on this machine (4 × CPUs). */
const PARALLEL = 4 * Math.max(1, os.cpus().length);

type Variant = "member" | "members" | "naive";

interface Run {
  readonly wallMs: number;
  readonly stats: CallStats;
  readonly resources: number;
}

interface Live {
  readonly emulator: EmulatorHandle;
  readonly harness: EngineHarness;
  stop(): Promise<void>;
}

/**
 * `windowOnly`: the program is not told the engine's --parallel (as under some automation set-ups),
 * so the rule queue has its gather window alone, without the early flush when every slot waits.
 */
async function start(
  variant: Variant,
  latencyMs: number,
  parallel: number,
  windowOnly = false,
): Promise<Live> {
  const emulator = await startEmulator({});
  emulator.faults.addLatency({}, latencyMs);
  const config: Record<string, string> = {
    "bench:listeners": String(LISTENERS),
    "bench:members": String(MEMBERS),
    ...(variant === "naive"
      ? { "bench:naive": "true", "bench:url": emulator.url }
      : { "loxilb:apiEndpoints": JSON.stringify([emulator.url]) }),
    ...(variant === "members" ? { "bench:batch": "true" } : {}),
  };
  const harness = await EngineHarness.start({
    projectDir: ROOT,
    project: "bench-bulk",
    stack: `${variant}-${latencyMs}-${parallel}`,
    config,
    parallel,
    ...(windowOnly ? { programEnv: { PULUMI_NODEJS_PARALLEL: "0" } } : {}),
  });
  return {
    emulator,
    harness,
    async stop() {
      await harness.stop();
      await emulator.close();
    },
  };
}

/** Throws unless `emulator` holds what the bulk program declares: LISTENERS rules of MEMBERS endpoints. */
export function expectBulkRules(emulator: EmulatorHandle, what: string): void {
  const rules = emulator.rules();
  if (rules.length !== LISTENERS || rules.some((r) => (r.endpoints ?? []).length !== MEMBERS)) {
    throw new Error(`${what}: expected ${LISTENERS} rules of ${MEMBERS} endpoints, got ${rules.length}`);
  }
}

async function bulkUp(live: Live, what: string): Promise<Run> {
  const { emulator, harness } = live;
  emulator.clearRequests();
  const started = process.hrtime.bigint();
  const res = await harness.up(PROGRAM);
  const wallMs = ms(started);
  expectBulkRules(emulator, what);
  return { wallMs, stats: callStats(emulator.requests()), resources: res.steps.length };
}

/** Start, bulk-create, stop: one measured run. */
async function measureOnce(
  variant: Variant,
  latencyMs: number,
  parallel = PARALLEL,
  windowOnly = false,
): Promise<Run> {
  const live = await start(variant, latencyMs, parallel, windowOnly);
  try {
    return await bulkUp(live, `${variant} at ${latencyMs} ms, parallel ${parallel}`);
  } finally {
    await live.stop();
  }
}

function describeCalls(s: CallStats): string {
  return Object.entries(s.byMethod)
    .map(([m, n]) => `${m} ${n}`)
    .join(", ");
}

/** Rows comparing one provider variant with the baseline measured at the same latency. */
function comparison(label: string, r: Run, n: Run, withTargets: boolean): BenchRow[] {
  const writeRatio = n.stats.writes / Math.max(1, r.stats.writes);
  const timeRatio = n.wallMs / r.wallMs;
  const row = (metric: string, value: number, unit: string, target: number, higher: boolean) =>
    withTargets ? targetRow(metric, value, unit, target, higher) : plainRow(metric, round(value), unit);
  return [
    plainRow(`${label}: resources`, r.resources, "count"),
    plainRow(`${label}: wall time`, r.wallMs, "ms"),
    row(`${label}: wall time ratio (baseline / provider)`, timeRatio, "x", 5, true),
    plainRow(`${label}: API calls (${describeCalls(r.stats)})`, r.stats.total, "calls"),
    plainRow(`${label}: writes`, r.stats.writes, "writes"),
    row(`${label}: write ratio (baseline / provider)`, writeRatio, "x", 10, true),
    row(`${label}: max writes per rule`, maxOf(r.stats.writesPerRule), "writes", 3, false),
    plainRow(`${label}: bytes sent (request bodies)`, r.stats.bytesSent, "B"),
  ];
}

function baselineRows(n: Run): BenchRow[] {
  return [
    plainRow(`baseline: resources`, n.resources, "count"),
    plainRow(`baseline: wall time`, n.wallMs, "ms"),
    plainRow(`baseline: API calls (${describeCalls(n.stats)})`, n.stats.total, "calls"),
    plainRow("baseline: writes", n.stats.writes, "writes"),
    plainRow("baseline: max writes per rule", maxOf(n.stats.writesPerRule), "writes"),
    plainRow("baseline: bytes sent (request bodies)", n.stats.bytesSent, "B"),
  ];
}

/** Runs the bulk-create (two latencies), parallelism, no-op and refresh benchmarks. */
export async function runHarnessBench(): Promise<BenchSuiteResult[]> {
  // At the base latency: baseline, Member (kept running for the no-op and refresh), Members.
  const naive = await measureOnce("naive", LATENCY_MS);
  const live = await start("member", LATENCY_MS, PARALLEL);
  let member: Run;
  let noopSuite: BenchSuiteResult;
  try {
    member = await bulkUp(live, "member");
    noopSuite = await noopAndRefresh(live);
  } finally {
    await live.stop();
  }
  const members = await measureOnce("members", LATENCY_MS);
  const wide = await measureOnce("member", LATENCY_MS, 2 * PARALLEL);
  const windowOnly = await measureOnce("member", LATENCY_MS, PARALLEL, true);

  const slowNaive = await measureOnce("naive", SLOW_LATENCY_MS);
  const slowMember = await measureOnce("member", SLOW_LATENCY_MS);
  const slowMembers = await measureOnce("members", SLOW_LATENCY_MS);

  const bulk: BenchSuiteResult = {
    name: `provider-bulk (harness, ${LATENCY_MS} ms per request, --parallel ${PARALLEL})`,
    rows: [
      ...baselineRows(naive),
      ...comparison("Member", member, naive, true),
      ...comparison("Members", members, naive, true),
      plainRow(
        `Member at --parallel ${2 * PARALLEL} (a ${PARALLEL / 2}-core runner): max writes per rule`,
        maxOf(wide.stats.writesPerRule),
        "writes",
      ),
      plainRow(`Member at --parallel ${2 * PARALLEL}: writes`, wide.stats.writes, "writes"),
      plainRow("Member, --parallel not passed (gather window only): wall time", windowOnly.wallMs, "ms"),
      plainRow(
        "Member: wall time ratio (window only / --parallel passed)",
        round(windowOnly.wallMs / member.wallMs),
        "x",
      ),
      plainRow(
        "Member, --parallel not passed: max writes per rule",
        maxOf(windowOnly.stats.writesPerRule),
        "writes",
      ),
    ],
  };
  const slow: BenchSuiteResult = {
    name: `provider-bulk (harness, ${SLOW_LATENCY_MS} ms per request, --parallel ${PARALLEL})`,
    rows: [
      plainRow("baseline: wall time", slowNaive.wallMs, "ms"),
      plainRow("Member: wall time", slowMember.wallMs, "ms"),
      targetRow(
        "Member: wall time ratio (baseline / provider)",
        slowNaive.wallMs / slowMember.wallMs,
        "x",
        5,
        true,
      ),
      plainRow("Members: wall time", slowMembers.wallMs, "ms"),
      targetRow(
        "Members: wall time ratio (baseline / provider)",
        slowNaive.wallMs / slowMembers.wallMs,
        "x",
        5,
        true,
      ),
    ],
  };
  return [bulk, slow, noopSuite];
}

async function noopAndRefresh(live: Live): Promise<BenchSuiteResult> {
  const { emulator, harness } = live;
  emulator.clearRequests();
  const noopStart = process.hrtime.bigint();
  const noop = await harness.up(PROGRAM);
  const noopMs = ms(noopStart);
  const noopStats = callStats(emulator.requests());
  const noopChanged = noop.steps.filter((s) => s.op !== "same").length;

  emulator.clearRequests();
  const refreshStart = process.hrtime.bigint();
  const refreshed = await harness.refresh();
  const refreshMs = ms(refreshStart);
  const refreshStats = callStats(emulator.requests());
  const batches = Math.ceil(refreshed.steps.length / PARALLEL);

  const suite: BenchSuiteResult = {
    name: "provider-noop-refresh (harness, Member variant)",
    rows: [
      plainRow(`no-op up wall time (${noop.steps.length} resources)`, noopMs, "ms"),
      plainRow("no-op up: resources not 'same'", noopChanged, "count"),
      targetRow("no-op up: LoxiLB writes (target 0)", noopStats.writes, "writes", 0, false),
      plainRow("no-op up: LoxiLB calls", noopStats.total, "calls"),
      plainRow(`refresh wall time (${refreshed.steps.length} resources)`, refreshMs, "ms"),
      plainRow("refresh: GET /config/loadbalancer/all", refreshStats.getAll, "calls"),
      plainRow(`refresh: concurrent batches (${PARALLEL} in flight)`, batches, "count"),
      plainRow("refresh: all LoxiLB calls", refreshStats.total, "calls"),
      plainRow("refresh: writes", refreshStats.writes, "writes"),
    ],
  };
  for (const row of suite.rows)
    if (row.metric.includes("target 0")) row.ratioToTarget = row.value === 0 ? 1 : 0;
  return suite;
}
