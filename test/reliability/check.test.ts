/**
 * Reliability: ≥ 500 seeded generated inputs across the five resources through the provider's own
 * `check` entry point (what the dynamic-provider host calls). Every invalid input fails with the
 * property path, nothing throws, and no request reaches loxilb (each input points at an emulator).
 */
import test from "ava";
import * as handlers from "../../provider/resources/handlers";
import { startEmulator } from "../../provider/emulator";
import type { ResourceKind } from "../../provider/contracts/kinds";
import { checkCase, genCases, type GenCase } from "../helpers/octavia-gen";

const KIND: Record<GenCase["kind"], ResourceKind> = {
  loadbalancer: "loadbalancer",
  listener: "listener",
  pool: "pool",
  member: "member",
  healthMonitor: "healthmonitor",
};

/** The bag the host hands to `check`: own inputs, parents' specs flowed down, the connection. */
function bagOf(c: GenCase, url: string): unknown {
  // The sibling count only feeds the 32-endpoint check; the member list is left out.
  const { siblingCount: _count, ...parents } = c.parents;
  const own = typeof c.raw === "object" && c.raw !== null && !Array.isArray(c.raw) ? c.raw : {};
  return { ...own, ...parents, connection: { apiEndpoints: [url] } };
}

const SEEDS = [11, 2024, 77_001];

for (const seed of SEEDS) {
  test(`seed ${seed}: 200 generated inputs through handlers.check: invalid ones name their property, no I/O`, async (t) => {
    const e = await startEmulator({});
    t.teardown(() => e.close());
    const cases = genCases(seed, 200);
    const byExpect: Record<string, number> = {};
    for (const c of cases) {
      byExpect[c.expect] = (byExpect[c.expect] ?? 0) + 1;
      let result: Awaited<ReturnType<typeof handlers.check>>;
      try {
        result = await handlers.check(KIND[c.kind], {}, bagOf(c, e.url));
      } catch (err) {
        t.fail(`${c.note}: check threw ${String(err)}`);
        continue;
      }
      const failures = result.failures ?? [];
      for (const f of failures) {
        t.is(typeof f.property, "string", c.note);
        t.is(typeof f.reason, "string", c.note);
        t.true(f.reason.length > 0, `${c.note}: a readable reason`);
      }
      if (c.expect === "invalid") {
        const named = failures.some(
          (f) => f.property === c.property || f.property.startsWith(`${c.property ?? ""}.`),
        );
        t.true(named, `${c.note}: failures ${JSON.stringify(failures)} name ${c.property}`);
      }
      if (c.expect === "valid" || c.expect === "pending") {
        // The provider agrees with the Octavia checker it wraps.
        const direct = checkCase(c);
        t.is(failures.length === 0, direct.ok, `${c.note}: ${JSON.stringify(failures)}`);
      }
    }
    t.true((byExpect["invalid"] ?? 0) >= 50, `enough invalid cases: ${JSON.stringify(byExpect)}`);
    t.deepEqual(e.requests(), [], "check never calls loxilb");
  });
}

test("junk of every JSON type as a whole input: no throw, no request", async (t) => {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  const junk: unknown[] = [
    null,
    undefined,
    0,
    "",
    "x",
    [],
    [1, 2],
    true,
    { connection: 5 },
    { __proto__: 1 },
  ];
  for (const kind of Object.values(KIND)) {
    for (const j of junk) {
      const r = await handlers.check(kind, j, j);
      t.true(Array.isArray(r.failures), `${kind} ${JSON.stringify(j)}`);
    }
  }
  t.deepEqual(e.requests(), []);
});
