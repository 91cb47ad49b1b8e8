/**
 * How long a recreated rule is absent from LoxiLB (the figures `pulumi-loxilb review` states): a
 * real-CLI stack (`CliStack`) on the emulator, one `pulumi up` per round, alternating
 *
 * - `recreate`: the health monitor's `delay` 5 ↔ 10 s. LoxiLB cannot change the probe interval in
 *   place, so the provider's writer deletes and re-creates the rule in one write;
 * - `replace`: the listener's protocol TCP ↔ HTTP (same rule key). The engine replaces the listener
 *   (delete before create, with its pool, monitor and members), so the rule is gone between the old
 *   listener's delete and the new one's create.
 *
 * The emulator's rule-absent timeline records each gap between a DELETE and the next POST.
 * Usage: `npm run build && node dist/bench/recreate-absence.js [rounds]`.
 */
import * as path from "path";
import { startEmulator } from "../provider/emulator";
import { CliStack } from "../harness";
import { STACK_PROGRAM as PROGRAM, type StackSpec } from "../harness/programs";

const ROOT = path.resolve(__dirname, "..", "..");
export const ABSENCE_KEY = "tcp:192.0.2.10:80";

const spec = (url: string, delay: number, protocol: "TCP" | "HTTP" = "TCP"): StackSpec => ({
  endpoints: [url],
  lbs: [
    {
      name: "web",
      vip: "192.0.2.10",
      listeners: [
        {
          name: "http",
          protocol,
          port: 80,
          pool: {
            protocol,
            lbMethod: "ROUND_ROBIN",
            monitor: { type: "TCP", delay, maxRetriesDown: 3 },
            members: [
              { address: "10.0.0.1", port: 8080 },
              { address: "10.0.0.2", port: 8080 },
            ],
          },
        },
      ],
    },
  ],
});

export type AbsenceKind = "recreate" | "replace";

const round = (kind: AbsenceKind, url: string, i: number): StackSpec =>
  kind === "recreate" ? spec(url, i % 2 === 1 ? 10 : 5) : spec(url, 5, i % 2 === 1 ? "HTTP" : "TCP");

/** The absent intervals (ms) of `rounds` recreates (or listener replacements), one per `pulumi up`. */
export async function measureRecreateAbsence(
  rounds: number,
  kind: AbsenceKind = "recreate",
): Promise<number[]> {
  const emulator = await startEmulator({});
  const cli = await CliStack.open({
    root: ROOT,
    project: "recreate-absence",
    stack: "bench",
    programPath: PROGRAM,
    args: spec(emulator.url, 5),
  });
  try {
    await cli.up();
    for (let i = 1; i <= rounds; i++) {
      cli.setArgs(round(kind, emulator.url, i));
      await cli.up();
    }
    return emulator.absentTimeline(ABSENCE_KEY).map((g) => (g.to ?? Date.now()) - g.from);
  } finally {
    await cli.close();
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? "20");
  for (const kind of ["recreate", "replace"] as const) {
    const gaps = (await measureRecreateAbsence(rounds, kind)).sort((a, b) => a - b);
    const median = gaps[Math.floor(gaps.length / 2)] ?? 0;
    console.log(
      `${kind}: ${gaps.length} gaps; absent ms: median ${median}, min ${gaps[0] ?? 0}, ` +
        `max ${gaps[gaps.length - 1] ?? 0}; all: ${gaps.join(" ")}`,
    );
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
