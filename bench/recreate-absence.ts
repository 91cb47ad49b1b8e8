/**
 * How long a recreated rule is absent from LoxiLB (the figure `pulumi-loxilb review` states): a
 * real-CLI stack (`CliStack`) on the emulator, whose health monitor's `delay` alternates 5 ↔ 10 s,
 * one `pulumi up` per round; LoxiLB cannot change the probe interval in place, so each up deletes
 * and re-creates the rule. The emulator's rule-absent timeline records each gap between the DELETE
 * and the POST. Usage: `npm run build && node dist/bench/recreate-absence.js [rounds]`.
 */
import * as path from "path";
import { startEmulator } from "../provider/emulator";
import { CliStack } from "../test/harness";
import type { StackSpec } from "../test/fixtures/programs/stack-program";

const ROOT = path.resolve(__dirname, "..", "..");
const PROGRAM = path.join(ROOT, "dist", "test", "fixtures", "programs", "stack-program.js");
export const ABSENCE_KEY = "tcp:192.0.2.10:80";

const spec = (url: string, delay: number): StackSpec => ({
  endpoints: [url],
  lbs: [
    {
      name: "web",
      vip: "192.0.2.10",
      listeners: [
        {
          name: "http",
          protocol: "TCP",
          port: 80,
          pool: {
            protocol: "TCP",
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

/** The absent intervals (ms) of `rounds` recreates, one per `pulumi up`. */
export async function measureRecreateAbsence(rounds: number): Promise<number[]> {
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
      cli.setArgs(spec(emulator.url, i % 2 === 1 ? 10 : 5));
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
  const gaps = (await measureRecreateAbsence(rounds)).sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] ?? 0;
  console.log(
    `recreates: ${gaps.length}; absent ms: median ${median}, min ${gaps[0] ?? 0}, max ${gaps[gaps.length - 1] ?? 0}; all: ${gaps.join(" ")}`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
