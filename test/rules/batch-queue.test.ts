import test from "ava";
import { joinBatch, setEngineParallel, type GatherWindow } from "../../provider/rules/batch-queue";

/**
 * A caller of the queue as the rule writer is one: join, and when given the lead, write the whole
 * batch with `flush` and settle it (or fail it with the error).
 */
async function enqueueBatched<Req, Res>(
  key: string,
  request: Req,
  flush: (key: string, batch: readonly Req[]) => Promise<readonly Res[]>,
  gather: GatherWindow | number,
  slot?: unknown,
): Promise<Res> {
  const turn = await joinBatch<Req, Res>(key, request, gather, slot);
  if (!turn.lead) return turn.result;
  try {
    const results = await flush(key, turn.batch);
    turn.settle(results);
    return results[0] as Res;
  } catch (e) {
    turn.fail(e);
    throw e;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("requests for one key never overlap and later arrivals share the next flush", async (t) => {
  const flushes: string[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const flush = async (_key: string, batch: readonly string[]) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    flushes.push([...batch]);
    await sleep(20);
    inFlight -= 1;
    return batch.map((r) => `done:${r}`);
  };
  const first = enqueueBatched("queue-a", "m1", flush, 0);
  await sleep(5);
  const rest = ["m2", "m3", "m4"].map((m) => enqueueBatched("queue-a", m, flush, 0));
  t.deepEqual(await Promise.all([first, ...rest]), ["done:m1", "done:m2", "done:m3", "done:m4"]);
  t.deepEqual(flushes, [["m1"], ["m2", "m3", "m4"]]);
  t.is(maxInFlight, 1);
});

test("different keys flush in parallel", async (t) => {
  let inFlight = 0;
  let maxInFlight = 0;
  const flush = async (_key: string, batch: readonly number[]) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await sleep(20);
    inFlight -= 1;
    return batch;
  };
  await Promise.all([enqueueBatched("queue-b1", 1, flush, 0), enqueueBatched("queue-b2", 2, flush, 0)]);
  t.is(maxInFlight, 2);
});

test("a failed flush rejects every request of its batch and the queue keeps working", async (t) => {
  let calls = 0;
  const flush = async (_key: string, batch: readonly number[]) => {
    calls += 1;
    if (calls === 1) throw new Error("boom");
    return batch.map((n) => n * 2);
  };
  const a = enqueueBatched("queue-c", 1, flush, 1);
  const b = enqueueBatched("queue-c", 2, flush, 1);
  await t.throwsAsync(a, { message: "boom" });
  await t.throwsAsync(b, { message: "boom" });
  t.is(await enqueueBatched("queue-c", 3, flush, 1), 6);
});

// The early flush reads process-wide state (every queue, the engine's --parallel): these run alone.
const LONG = { quietMs: 60_000, maxMs: 60_000 };
/** Resolves to "pending" unless `p` settled within a few event-loop turns. */
const settledSoon = <T>(p: Promise<T>) => Promise.race([p, sleep(50).then(() => "pending" as const)]);

test.serial(
  "when every engine slot waits in a queue, the batch gathering longest is written at once",
  async (t) => {
    setEngineParallel(3);
    t.teardown(() => setEngineParallel(undefined));
    const flushes: Array<[string, number[]]> = [];
    const flush = async (key: string, batch: readonly number[]) => {
      flushes.push([key, [...batch]]);
      return batch;
    };
    const a = enqueueBatched("slots-a", 1, flush, LONG);
    const b = enqueueBatched("slots-a", 2, flush, LONG);
    t.is(await settledSoon(a), "pending", "two of three slots: the window still gathers");
    const c = enqueueBatched("slots-b", 3, flush, LONG);
    t.deepEqual(await settledSoon(Promise.all([a, b])), [1, 2]);
    // slots-b keeps gathering: the two slots just answered may bring it more requests.
    t.is(await settledSoon(c), "pending");
    const more = [4, 5].map((n) => enqueueBatched("slots-b", n, flush, LONG));
    t.deepEqual(await settledSoon(Promise.all([c, ...more])), [3, 4, 5]);
    t.deepEqual(flushes, [
      ["slots-a", [1, 2]],
      ["slots-b", [3, 4, 5]],
    ]);
  },
);

test.serial(
  "the early flush counts engine steps, not requests: one step's many writes hold one slot",
  async (t) => {
    setEngineParallel(2);
    t.teardown(() => setEngineParallel(undefined));
    const flush = async (_key: string, batch: readonly number[]) => batch;
    const oneStep = [1, 2, 3].map((n) => enqueueBatched("steps-a", n, flush, LONG, "step-1"));
    t.is(await settledSoon(Promise.all(oneStep)), "pending", "three requests, one step of two");
    const other = enqueueBatched("steps-b", 4, flush, LONG, "step-2");
    t.deepEqual(await settledSoon(Promise.all(oneStep)), [1, 2, 3]);
    const last = enqueueBatched("steps-b", 5, flush, LONG, "step-3");
    t.deepEqual(await settledSoon(Promise.all([other, last])), [4, 5]);
  },
);

test.serial("without the engine's --parallel the gather window alone decides", async (t) => {
  setEngineParallel(undefined);
  const flush = async (_key: string, batch: readonly number[]) => batch;
  const window = { quietMs: 300, maxMs: 300 };
  const all = Promise.all([1, 2, 3, 4].map((n) => enqueueBatched("window-a", n, flush, window)));
  t.is(await settledSoon(all), "pending");
  t.deepEqual(await all, [1, 2, 3, 4]);
});

test.serial(
  "a batch behind a running write is not flushed early: more requests may still join it",
  async (t) => {
    setEngineParallel(2);
    t.teardown(() => setEngineParallel(undefined));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async (_key: string, batch: readonly number[]) => {
      await gate;
      return batch;
    };
    const fast = async (_key: string, batch: readonly number[]) => batch;
    const writing = enqueueBatched("running-a", 1, slow, 0);
    await sleep(5);
    const waiting = enqueueBatched("running-b", 2, fast, LONG);
    t.is(await settledSoon(waiting), "pending", "one slot is writing, so the other keeps gathering");
    release();
    await writing;
    const joins = enqueueBatched("running-b", 3, fast, LONG);
    t.deepEqual(await settledSoon(Promise.all([waiting, joins])), [2, 3], "the freed slot's step joined it");
  },
);
