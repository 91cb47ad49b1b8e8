/**
 * `npm run conformance`: builds loxilb-peer when it is missing (`bash peers/build.sh loxilb`), runs
 * every case against fresh peers and emulators, prints each difference, and ends with exactly one
 * line `N cases, N same, N different, N explained`. Exits 1 when a difference is neither fixed nor
 * explained (or an explained row matched nothing), 2 when the peer cannot be built or started.
 *
 *   node dist/conformance/main.js [--case <glob>] [--concurrency <n>] [--verbose] [--explained <file.md>]
 *
 * `--explained` reads the explained table from another markdown file than docs/emulator.md.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { loadCases } from "./case-data";
import { loadExplanations, parseExplanations } from "./explained";
import { passed, runConformance, summaryLine, type Outcome } from "./runner";
import { peerBuilt, repoRoot, startEmulatorTarget, startPeerTarget } from "./targets";

interface Args {
  readonly caseGlob: string | undefined;
  readonly explainedFile: string | undefined;
  readonly concurrency: number;
  readonly verbose: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const at = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  return {
    caseGlob: at("--case"),
    explainedFile: at("--explained"),
    concurrency: Number(at("--concurrency") ?? 4),
    verbose: argv.includes("--verbose"),
  };
}

function ensurePeer(root: string): void {
  if (peerBuilt(root)) return;
  const started = Date.now();
  process.stderr.write("conformance: .peers/bin/loxilb-peer is missing; running peers/build.sh loxilb\n");
  const r = spawnSync("bash", [path.join(root, "peers", "build.sh"), "loxilb"], {
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (r.status !== 0 || !peerBuilt(root)) {
    process.stderr.write("conformance: could not build loxilb-peer (needs Go; see peers/loxilb/README.md)\n");
    process.exit(2);
  }
  process.stderr.write(`conformance: built loxilb-peer in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function report(o: Outcome, verbose: boolean): void {
  if (o.verdict === "same") return;
  const shown = verbose ? o.differences : o.unexplained;
  if (shown.length === 0) return;
  console.log(`${o.verdict === "different" ? "DIFFERENT" : "explained"} ${o.id} [${o.mode}]`);
  for (const d of shown) {
    console.log(`  ${d.token}\n    peer:     ${d.peer}\n    emulator: ${d.emulator}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = repoRoot();
  ensurePeer(root);
  const pattern =
    args.caseGlob === undefined ? undefined : new RegExp(`^${args.caseGlob.replace(/\*/g, ".*")}$`);
  const cases = loadCases().filter((c) => pattern === undefined || pattern.test(c.id));
  const explanations =
    args.explainedFile === undefined
      ? loadExplanations(root)
      : parseExplanations(fs.readFileSync(args.explainedFile, "utf8"));
  const summary = await runConformance(cases, {
    startPeer: () => startPeerTarget({ root }),
    startEmulator: startEmulatorTarget,
    explanations,
    concurrency: args.concurrency,
    onOutcome: (o) => report(o, args.verbose),
  });
  // with --case, rows for the cases left out match nothing: only a full run checks for stale rows
  const stale = pattern === undefined ? summary.staleRows : [];
  for (const row of stale) {
    console.log(
      `STALE explained row (no such difference any more): ${row.cases} [${row.mode}] ${row.tokens.join(", ")}`,
    );
  }
  console.log(summaryLine(summary));
  process.exitCode = passed({ ...summary, staleRows: stale }) ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(2);
});
