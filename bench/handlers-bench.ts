/**
 * Benchmarks that call the provider's handlers directly (as the dynamic-provider host does after
 * `check`), in this process, with at most 8 calls in flight (the harness's default `--parallel` on
 * two cores), beside the seed driver's baseline (`bench/fixtures/naive-ops`) on a second
 * emulator. Direct calls because 100 churn rounds through the harness would take ~100 no-op-up
 * times (about 7 s each for 281 resources on this machine).
 *
 * - churn: 8 pools of 16 members, then 100 rounds of one member add, one remove and one weight
 *   change (300 changes, seeded), each change awaited before the next;
 * - scale: members per rule 8 → 16 → 32 (8 rules), and rules 1 → 8 → 64 (8 members each).
 */
import * as handlers from "../provider/resources/handlers";
import { startEmulator } from "../provider/emulator";
import type { EmulatorHandle } from "../provider/emulator/types";
import { createRng, int, type Rng } from "./rng";
import { memberBag, type Bag } from "../harness/resource-bags";
import type { MemberArgs } from "../provider/octavia/member-spec";
import { naiveCreate, naiveDelete, naiveUpdate, type NaiveMemberInputs } from "./fixtures/naive-ops";
import type { BenchSuiteResult } from "./emulator-bench";
import { LATENCY_MS } from "./harness-bench";
import {
  absentMs,
  callStats,
  maxOf,
  ms,
  percentile,
  plainRow,
  round,
  runLimited,
  targetRow,
} from "./measure";

const PARALLEL = 8;
const VIP = "192.0.2.60";

interface Slot {
  address: string;
  weight: number;
  id?: string;
  outs?: Bag;
}

/** One rule: its port and its members, in a shape both writers can use. */
interface RuleModel {
  readonly port: number;
  readonly slots: Slot[];
  nextHost: number;
}

const addressOf = (port: number, host: number) =>
  `10.${port % 250}.${Math.floor(host / 250)}.${1 + (host % 250)}`;

const siblings = (r: RuleModel): MemberArgs[] =>
  r.slots.map((s) => ({ address: s.address, protocolPort: 9000, weight: s.weight }));

const bagOf = (url: string, r: RuleModel, s: Slot): Bag =>
  memberBag(
    { url, vip: VIP, port: r.port, listenerId: `listener-${r.port}`, lbId: "lb-bench" },
    s.address,
    siblings(r),
    { protocolPort: 9000, weight: s.weight },
  );

const naiveOf = (url: string, r: RuleModel, s: Slot): NaiveMemberInputs => ({
  url,
  vip: VIP,
  port: r.port,
  protocol: "tcp",
  address: s.address,
  targetPort: 9000,
  weight: s.weight,
  monitor: true,
});

/** A writer: the provider's handlers or the baseline, applying one membership change. */
interface Writer {
  add(r: RuleModel, s: Slot): Promise<void>;
  remove(r: RuleModel, s: Slot): Promise<void>;
  reweight(r: RuleModel, s: Slot, weight: number): Promise<void>;
}

function providerWriter(url: string): Writer {
  return {
    async add(r, s) {
      r.slots.push(s);
      const bag = bagOf(url, r, s);
      const c = await handlers.create("member", bag);
      s.id = c.id;
      s.outs = { ...bag, ...(c.outs as Bag) };
    },
    async remove(r, s) {
      r.slots.splice(r.slots.indexOf(s), 1);
      await handlers.remove("member", s.id ?? "", s.outs ?? bagOf(url, r, s));
    },
    async reweight(r, s, weight) {
      s.weight = weight;
      const news = bagOf(url, r, s);
      const u = await handlers.update("member", s.id ?? "", s.outs ?? news, news);
      s.outs = { ...news, ...(u.outs as Bag) };
    },
  };
}

function naiveWriter(url: string): Writer {
  return {
    async add(r, s) {
      r.slots.push(s);
      await naiveCreate(naiveOf(url, r, s));
    },
    async remove(r, s) {
      r.slots.splice(r.slots.indexOf(s), 1);
      await naiveDelete(naiveOf(url, r, s));
    },
    async reweight(r, s, weight) {
      const olds = naiveOf(url, r, s);
      s.weight = weight;
      await naiveUpdate(olds, naiveOf(url, r, s));
    },
  };
}

function rulesOf(count: number, firstPort = 8001): RuleModel[] {
  return Array.from({ length: count }, (_, i) => ({ port: firstPort + i, slots: [], nextHost: 0 }));
}

/** Create `members` members in each rule, at most PARALLEL calls in flight. */
async function populate(w: Writer, rules: readonly RuleModel[], members: number): Promise<void> {
  // What the provider shim does with the --parallel the program passed (see batch-queue.ts).
  handlers.noteEngineParallel(PARALLEL);
  const jobs = rules.flatMap((r) =>
    Array.from(
      { length: members },
      () => () => w.add(r, { address: addressOf(r.port, r.nextHost++), weight: 1 }),
    ),
  );
  await runLimited(PARALLEL, jobs);
}

async function emulatorWithLatency(): Promise<EmulatorHandle> {
  const e = await startEmulator({});
  e.faults.addLatency({}, LATENCY_MS);
  return e;
}

interface ChurnResult {
  readonly latencies: number[];
  readonly writes: number;
  readonly calls: number;
  readonly absentMs: number;
  readonly changes: number;
  readonly wallMs: number;
}

async function churn(w: Writer, e: EmulatorHandle, seed: number, rounds: number): Promise<ChurnResult> {
  const rules = rulesOf(8);
  await populate(w, rules, 16);
  e.clearRequests();
  const rng: Rng = createRng(seed);
  const latencies: number[] = [];
  const timed = async (fn: () => Promise<void>) => {
    const t0 = process.hrtime.bigint();
    await fn();
    latencies.push(ms(t0));
  };
  const started = process.hrtime.bigint();
  for (let round = 0; round < rounds; round += 1) {
    const rule = (k: number) => rules[(round + k) % rules.length] as RuleModel;
    const addTo = rule(0);
    await timed(() => w.add(addTo, { address: addressOf(addTo.port, addTo.nextHost++), weight: 1 }));
    const removeFrom = rule(int(rng, 1, 7));
    const victim = removeFrom.slots[int(rng, 0, removeFrom.slots.length - 1)] as Slot;
    await timed(() => w.remove(removeFrom, victim));
    const reweightIn = rule(int(rng, 1, 7));
    const target = reweightIn.slots[int(rng, 0, reweightIn.slots.length - 1)] as Slot;
    await timed(() => w.reweight(reweightIn, target, int(rng, 2, 9)));
  }
  const wallMs = ms(started);
  const stats = callStats(e.requests());
  // Correctness: each rule holds exactly the model's endpoints with the model's weights.
  for (const r of rules) {
    const live = e.rules().find((x) => x.serviceArguments.port === r.port);
    const got = (live?.endpoints ?? []).map((x) => `${x.endpointIP}`).sort();
    const want = r.slots.map((s) => s.address).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`churn: rule ${r.port} diverged`);
  }
  return {
    latencies,
    writes: stats.writes,
    calls: stats.total,
    absentMs: absentMs(e),
    changes: rounds * 3,
    wallMs,
  };
}

/** 100 churn rounds (300 changes) through the handlers and through the baseline. */
export async function runChurnBench(): Promise<BenchSuiteResult> {
  const real = await emulatorWithLatency();
  const naive = await emulatorWithLatency();
  try {
    const r = await churn(providerWriter(real.url), real, 42, 100);
    const n = await churn(naiveWriter(naive.url), naive, 42, 100);
    return {
      name: "provider-churn (handlers)",
      rows: [
        plainRow("changes (100 rounds of add, remove, weight)", r.changes, "count"),
        targetRow("provider writes per change", r.writes / r.changes, "writes", 1, false),
        plainRow("baseline writes per change", n.writes / n.changes, "writes"),
        plainRow("provider API calls per change", r.calls / r.changes, "calls"),
        plainRow("baseline API calls per change", n.calls / n.changes, "calls"),
        plainRow("provider handler latency p50", percentile(r.latencies, 50), "ms"),
        plainRow("provider handler latency p95", percentile(r.latencies, 95), "ms"),
        plainRow("baseline latency p50", percentile(n.latencies, 50), "ms"),
        plainRow("baseline latency p95", percentile(n.latencies, 95), "ms"),
        plainRow("provider churn wall time", r.wallMs, "ms"),
        plainRow("baseline churn wall time", n.wallMs, "ms"),
        {
          ...plainRow("provider rule-absent time (target 0)", r.absentMs, "ms"),
          target: 0,
          ratioToTarget: r.absentMs === 0 ? 1 : 0,
        },
        plainRow("baseline rule-absent time", n.absentMs, "ms"),
      ],
    };
  } finally {
    await real.close();
    await naive.close();
  }
}

interface ScalePoint {
  readonly wallMs: number;
  readonly calls: number;
  readonly writes: number;
  readonly maxPerRule: number;
}

async function scalePoint(naive: boolean, rules: number, members: number): Promise<ScalePoint> {
  const e = await emulatorWithLatency();
  try {
    const w = naive ? naiveWriter(e.url) : providerWriter(e.url);
    const t0 = process.hrtime.bigint();
    await populate(w, rulesOf(rules, naive ? 8001 : 9001), members);
    const wallMs = ms(t0);
    const s = callStats(e.requests());
    if (e.rules().length !== rules) throw new Error(`scale: ${e.rules().length} rules, expected ${rules}`);
    return { wallMs, calls: s.total, writes: s.writes, maxPerRule: maxOf(s.writesPerRule) };
  } finally {
    await e.close();
  }
}

/** Members per rule 8 → 16 → 32 at 8 rules, rules 1 → 8 → 64 at 8 members; provider and baseline. */
export async function runScaleBench(): Promise<BenchSuiteResult> {
  const points: Array<[number, number]> = [
    [8, 8],
    [8, 16],
    [8, 32],
    [1, 8],
    [64, 8],
  ];
  const rows = [];
  for (const [rules, members] of points) {
    const p = await scalePoint(false, rules, members);
    const n = await scalePoint(true, rules, members);
    const label = `${rules} rules x ${members} members`;
    rows.push(
      plainRow(`${label}: provider time`, p.wallMs, "ms"),
      plainRow(`${label}: baseline time`, n.wallMs, "ms"),
      plainRow(`${label}: time ratio (baseline / provider)`, round(n.wallMs / p.wallMs), "x"),
      plainRow(
        `${label}: provider calls (writes, max per rule ${p.maxPerRule})`,
        p.calls,
        `calls (${p.writes} w)`,
      ),
      plainRow(
        `${label}: baseline calls (writes, max per rule ${n.maxPerRule})`,
        n.calls,
        `calls (${n.writes} w)`,
      ),
    );
  }
  return { name: "provider-scale (handlers)", rows };
}
