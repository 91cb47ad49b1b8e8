/**
 * Bulk create through the real `pulumi` CLI (CliStack: Automation API, inline program, file://
 * backend) against the emulator: the harness benchmark's program (1 load balancer, 8 listeners,
 * 8 pools of 32 members, 8 monitors) as the seed driver's baseline, as `Member`s and as `Members`,
 * each on its own emulator with the same added latency; and the same resource graph with a provider
 * that does no I/O, so the engine's own cost shows beside the provider's. Skipped without a CLI.
 */
import * as path from "path";
import { startEmulator } from "../provider/emulator";
import { CliStack, hasPulumiCli, pulumiCliVersion } from "../harness";
import type { BenchRow, BenchSuiteResult } from "./emulator-bench";
import { expectBulkRules, LATENCY_MS, LISTENERS, MEMBERS } from "./harness-bench";
import { callStats, ms, plainRow, round, targetRow } from "./measure";
import { BULK_PROGRAM as PROGRAM } from "./fixtures";

const ROOT = path.resolve(__dirname, "..", "..");

type Variant = "naive" | "member" | "members" | "trivial";

interface CliRun {
  readonly wallMs: number;
  readonly writes: number;
  readonly resources: number;
}

/** One `pulumi up` of the bulk program as `variant` on a fresh stack and emulator. */
async function bulkUp(variant: Variant): Promise<CliRun> {
  const emulator = await startEmulator({});
  emulator.faults.addLatency({}, LATENCY_MS);
  const config: Record<string, string> = {
    "bench:listeners": String(LISTENERS),
    "bench:members": String(MEMBERS),
    "loxilb:apiEndpoints": JSON.stringify([emulator.url]),
    ...(variant === "naive" ? { "bench:naive": "true", "bench:url": emulator.url } : {}),
    ...(variant === "members" ? { "bench:batch": "true" } : {}),
    ...(variant === "trivial" ? { "bench:trivial": "true" } : {}),
  };
  const cli = await CliStack.open({
    root: ROOT,
    project: "bench-bulk",
    stack: variant,
    programPath: PROGRAM,
    config,
  });
  try {
    const started = process.hrtime.bigint();
    const res = await cli.up();
    const wallMs = ms(started);
    if (variant !== "trivial") expectBulkRules(emulator, `cli ${variant}`);
    const resources = (res.summary.resourceChanges?.["create"] ?? 1) - 1; // less the stack itself
    return { wallMs, writes: callStats(emulator.requests()).writes, resources };
  } finally {
    await cli.close();
    await emulator.close();
  }
}

/**
 * Runs the variants through the real CLI. `harnessRatios` (from the harness suite of the same run)
 * are printed beside the CLI's, as `harness / CLI`.
 */
export async function runCliBench(
  harnessRatios: { member?: number | undefined; members?: number | undefined } = {},
): Promise<BenchSuiteResult> {
  const name = `provider-bulk (real pulumi CLI, ${LATENCY_MS} ms per request)`;
  if (!hasPulumiCli()) {
    console.log("bench: the real-CLI suite is skipped, `pulumi` is not on PATH (`npm run peers`)");
    return { name, rows: [plainRow("skipped: no pulumi CLI on PATH", 0, "count")] };
  }
  const naive = await bulkUp("naive");
  const member = await bulkUp("member");
  const members = await bulkUp("members");
  const trivial = await bulkUp("trivial");
  const ratio = (a: number, b: number) => round(a / b);
  const beside = (label: string, cli: number, harness: number | undefined): BenchRow[] =>
    harness === undefined
      ? []
      : [plainRow(`${label}: wall time ratio, harness / real CLI`, ratio(harness, cli), "x")];
  const memberRatio = naive.wallMs / member.wallMs;
  const membersRatio = naive.wallMs / members.wallMs;
  return {
    name: `${name}, pulumi ${pulumiCliVersion() ?? "?"}`,
    rows: [
      plainRow(`baseline: wall time (${naive.resources} resources)`, naive.wallMs, "ms"),
      plainRow("baseline: writes", naive.writes, "writes"),
      plainRow(`Member: wall time (${member.resources} resources)`, member.wallMs, "ms"),
      plainRow("Member: writes", member.writes, "writes"),
      targetRow("Member: wall time ratio (baseline / provider)", memberRatio, "x", 5, true),
      ...beside("Member", memberRatio, harnessRatios.member),
      plainRow(`Members: wall time (${members.resources} resources)`, members.wallMs, "ms"),
      plainRow("Members: writes", members.writes, "writes"),
      targetRow("Members: wall time ratio (baseline / provider)", membersRatio, "x", 5, true),
      ...beside("Members", membersRatio, harnessRatios.members),
      plainRow(`trivial provider, no I/O: wall time (${trivial.resources} resources)`, trivial.wallMs, "ms"),
      // The engine alone over the engine plus this provider: 1.0 would mean the provider costs nothing.
      targetRow(
        "engine share of Member's wall time (trivial / Member, limit 1.0)",
        trivial.wallMs / member.wallMs,
        "x",
        1,
        true,
      ),
    ],
  };
}
