import test from "ava";
import { enqueueBatched } from "../provider/rules/batch-queue";

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
