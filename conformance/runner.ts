/**
 * Runs the cases: per case one fresh peer and, per mode, one fresh emulator get the same steps; then
 * both stores (`GET /config/loadbalancer/all`, `GET /config/endpoint/all`) are compared. A (case,
 * mode) pair is `same`, `explained` (every difference has a row in docs/emulator.md) or
 * `different`.
 */
import type { LoadedCase, Mode } from "./case-data";
import { compareAnswers, compareStore, type Difference } from "./compare";
import { get, send, type Answer } from "./exchange";
import { explainers, rowApplies, type Explanation } from "./explained";
import type { Target } from "./targets";

/** What one server answered to a case: one answer per step, then its two store listings. */
export interface CaseRun {
  readonly answers: readonly Answer[];
  readonly rules: Answer;
  readonly hosts: Answer;
}

/** The verdict on one case in one mode. */
export interface Outcome {
  readonly id: string;
  readonly mode: Mode;
  readonly verdict: "same" | "explained" | "different";
  readonly differences: readonly Difference[];
  /** The differences no row explains. */
  readonly unexplained: readonly Difference[];
}

/** The counts of a run, its outcomes, and the rows that explained nothing. */
export interface Summary {
  readonly outcomes: readonly Outcome[];
  readonly cases: number;
  readonly same: number;
  readonly different: number;
  readonly explained: number;
  readonly staleRows: readonly Explanation[];
}

/** How to start the servers (injectable so the runner is testable). */
export interface RunOptions {
  readonly startPeer: () => Promise<Target>;
  readonly startEmulator: (mode: Mode) => Promise<Target>;
  readonly explanations: readonly Explanation[];
  /** Cases run at the same time (each with its own peer, which sleeps 2 s at start), default 4. */
  readonly concurrency?: number;
  readonly onOutcome?: (o: Outcome) => void;
}

/**
 * Runs the steps of `c` on a server started by `start`, then lists its store; always stops it. The
 * stop is pushed to `stopping` instead of awaited when given (loxilb takes seconds to exit).
 */
export async function runOn(
  c: LoadedCase,
  start: () => Promise<Target>,
  stopping?: Promise<void>[],
): Promise<CaseRun> {
  const target = await start();
  try {
    const answers: Answer[] = [];
    for (const step of c.steps) answers.push(await send(target.url, step));
    return {
      answers,
      rules: await get(target.url, "/config/loadbalancer/all"),
      hosts: await get(target.url, "/config/endpoint/all"),
    };
  } finally {
    const stopped = target.stop();
    if (stopping === undefined) await stopped;
    else stopping.push(stopped);
  }
}

/** The differences between the peer's and the emulator's run of `c` (the emulator in `mode`). */
export function differences(c: LoadedCase, mode: Mode, peer: CaseRun, emu: CaseRun): Difference[] {
  return [
    ...c.steps.flatMap((s, i) =>
      compareAnswers(i + 1, s.compare, peer.answers[i]!, emu.answers[i]!, { volatile: c.volatile, mode }),
    ),
    ...compareStore("rules", peer.rules, emu.rules, c.volatile),
    ...compareStore("hosts", peer.hosts, emu.hosts, c.volatile),
  ];
}

/** The verdict on one (case, mode) from its differences and the explained rows. */
export function judge(
  id: string,
  mode: Mode,
  diffs: readonly Difference[],
  rows: readonly Explanation[],
  used: Set<number>,
): Outcome {
  const unexplained = diffs.filter((d) => {
    const by = explainers(rows, id, mode, d.token);
    by.forEach((i) => used.add(i));
    return by.length === 0;
  });
  const verdict = diffs.length === 0 ? "same" : unexplained.length === 0 ? "explained" : "different";
  return { id, mode, verdict, differences: diffs, unexplained };
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, size) }, lane));
}

/** Runs every case against a fresh peer and fresh emulators; outcomes in case order. */
export async function runConformance(cases: readonly LoadedCase[], o: RunOptions): Promise<Summary> {
  const used = new Set<number>();
  const byCase = new Map<string, Outcome[]>();
  const stopping: Promise<void>[] = [];
  await pool(cases, o.concurrency ?? 4, async (c) => {
    const peer = await runOn(c, o.startPeer, stopping);
    const outs: Outcome[] = [];
    for (const mode of c.modes) {
      const emu = await runOn(c, () => o.startEmulator(mode));
      const out = judge(c.id, mode, differences(c, mode, peer, emu), o.explanations, used);
      outs.push(out);
      o.onOutcome?.(out);
    }
    byCase.set(c.id, outs);
  });
  await Promise.all(stopping);
  const outcomes = cases.flatMap((c) => byCase.get(c.id) ?? []);
  const count = (v: Outcome["verdict"]) => outcomes.filter((x) => x.verdict === v).length;
  const explained = count("explained");
  return {
    outcomes,
    cases: outcomes.length,
    same: count("same"),
    different: explained + count("different"),
    explained,
    staleRows: o.explanations.filter((_, i) => !used.has(i)),
  };
}

/** The closing line: `N cases, N same, N different, N explained` (different counts explained ones). */
export function summaryLine(s: Summary): string {
  return `${s.cases} cases, ${s.same} same, ${s.different} different, ${s.explained} explained`;
}

/** True when every difference is explained and every row explained something. */
export function passed(s: Summary): boolean {
  return s.outcomes.every((o) => o.verdict !== "different") && s.staleRows.length === 0;
}

/** Rows that name no case (checked without the peer: the table and the data must agree). */
export function rowsWithoutCases(
  rows: readonly Explanation[],
  cases: readonly LoadedCase[],
): readonly Explanation[] {
  return rows.filter((r) => !cases.some((c) => c.modes.some((m) => rowApplies(r, c.id, m))));
}
