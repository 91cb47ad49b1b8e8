import test from "ava";
import type { LoadbalanceEntry } from "../../provider/api/model";
import { nextSequence } from "../../provider/runtime/process-state";
import { listRulesCoalesced } from "../../provider/rules/read-cache";

const tick = () => new Promise((r) => setImmediate(r));

/** A client whose listing answers at once and counts its calls. */
function counter() {
  const calls = { n: 0 };
  const list = {
    listLoadBalancersOn: async (): Promise<LoadbalanceEntry[]> => {
      calls.n += 1;
      return [];
    },
  };
  return { calls, list };
}

test("a reader arriving after the request completed starts a new one when there is no gather window", async (t) => {
  const { calls, list } = counter();
  const a = listRulesCoalesced("src-no-gather", list, undefined);
  await a;
  await tick();
  await listRulesCoalesced("src-no-gather", list, undefined);
  t.is(calls.n, 2);
});

test("readers within the gather window share one request (a refresh's wave of reads)", async (t) => {
  const { calls, list } = counter();
  const first = listRulesCoalesced("src-gather", list, undefined, 0, 50);
  await tick();
  const rest = [1, 2, 3, 4, 5, 6, 7].map(() => listRulesCoalesced("src-gather", list, undefined, 0, 50));
  await Promise.all([first, ...rest]);
  t.is(calls.n, 1, "eight readers, one GET");
  // The window only delays the request: it is sent after the first reader asked.
  await listRulesCoalesced("src-gather", list, undefined, 0, 50);
  t.is(calls.n, 2, "a reader after the answer gets a fresh request");
});

test("a reader that must see its own writes never joins a request that started before them", async (t) => {
  const { calls, list } = counter();
  const before = listRulesCoalesced("src-after-write", list, undefined, 0, 50);
  const written = nextSequence();
  const after = listRulesCoalesced("src-after-write", list, undefined, written, 50);
  await Promise.all([before, after]);
  t.is(calls.n, 2);
});
