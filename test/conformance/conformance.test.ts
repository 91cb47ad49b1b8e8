/**
 * The conformance cases (conformance/cases) in `npm test`: against the emulator always, so the case
 * data and the explained table stay valid; against loxilb-peer (loxilb v0.9.8's own REST server and
 * rule manager) when `.peers/bin/loxilb-peer` exists (`npm run peers` builds it), where every
 * difference must be explained in docs/emulator.md. Without the binary the peer test is skipped and
 * says how to build it.
 */
import test from "ava";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadCases } from "../../conformance/case-data";
import { loadExplanations, rowApplies } from "../../conformance/explained";
import { passed, rowsWithoutCases, runConformance, runOn, summaryLine } from "../../conformance/runner";
import { peerBuilt, repoRoot, startEmulatorTarget, startPeerTarget } from "../../conformance/targets";

const ROOT = repoRoot();
const cases = loadCases();
const rows = loadExplanations(ROOT);
const hasPeer = peerBuilt(ROOT);
if (!hasPeer) {
  console.log(
    "conformance: peer run skipped, .peers/bin/loxilb-peer is missing (`npm run peers` builds it; needs Go)",
  );
}

test("the case data decodes: unique ids, every step prepared", (t) => {
  t.true(cases.length >= 60, `${cases.length} cases`);
  t.is(new Set(cases.map((c) => c.id)).size, cases.length);
});

test("every explained row names a case, and every step it names exists in those cases", (t) => {
  t.deepEqual(rowsWithoutCases(rows, cases), []);
  for (const row of rows) {
    const steps = row.tokens.map((tk) => /^(\d+)\./.exec(tk)?.[1]).filter((n) => n !== undefined);
    for (const c of cases.filter((x) => x.modes.some((m) => rowApplies(row, x.id, m)))) {
      for (const n of steps) t.true(Number(n) <= c.steps.length, `${row.cases}: ${c.id} has no step ${n}`);
    }
  }
});

test("the emulator answers every step of every case in both error modes", async (t) => {
  t.timeout(120_000);
  for (const c of cases) {
    for (const mode of c.modes) {
      const run = await runOn(c, () => startEmulatorTarget(mode));
      const unanswered = run.answers.flatMap((a, i) => (a.status === 0 ? [i + 1] : []));
      t.deepEqual(unanswered, [], `${c.id} [${mode}]: steps without an answer`);
      t.is(run.rules.status, 200);
      t.is(run.hosts.status, 200);
    }
  }
});

(hasPeer ? test : test.skip)(
  "loxilb-peer: every difference from the emulator is fixed or explained in docs/emulator.md",
  async (t) => {
    t.timeout(600_000);
    const summary = await runConformance(cases, {
      startPeer: () => startPeerTarget({ root: ROOT }),
      startEmulator: startEmulatorTarget,
      explanations: rows,
      concurrency: 4,
    });
    t.log(summaryLine(summary));
    const problems = [
      ...summary.outcomes
        .filter((o) => o.verdict === "different")
        .map(
          (o) =>
            `${o.id} [${o.mode}]: ${o.unexplained.map((d) => `${d.token} peer ${d.peer} / emulator ${d.emulator}`).join("; ")}`,
        ),
      ...summary.staleRows.map((r) => `stale row: ${r.cases} [${r.mode}] ${r.tokens.join(", ")}`),
    ];
    t.deepEqual(problems, []);
    t.true(passed(summary));
  },
);

const MAIN = path.join(ROOT, "dist", "conformance", "main.js");

(hasPeer ? test : test.skip)(
  "npm run conformance's runner ends with the counts line, and exits 1 on a difference nothing explains",
  (t) => {
    t.timeout(120_000);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [MAIN, "--case", "framework/options", ...args], { encoding: "utf8" });
    const ok = run();
    t.is(ok.status, 0, ok.stdout + ok.stderr);
    t.is(ok.stdout.trimEnd().split("\n").pop(), "2 cases, 0 same, 2 different, 2 explained");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-"));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    const empty = path.join(dir, "empty.md");
    fs.writeFileSync(
      empty,
      "<!-- conformance:explained -->\n| a | b | c | d | e |\n|---|---|---|---|---|\n<!-- /conformance:explained -->\n",
    );
    const bad = run("--explained", empty);
    t.is(bad.status, 1);
    t.regex(bad.stdout, /^DIFFERENT framework\/options \[legacy\]$/m);
    t.is(bad.stdout.trimEnd().split("\n").pop(), "2 cases, 0 same, 2 different, 0 explained");
  },
);
