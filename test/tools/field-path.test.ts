/**
 * The measured path of a field from a program's args to the POST body (`tools/field-path.ts`): the
 * tracer sees a callback into the caller as a bounce-back (so a count of 0 means something), and a
 * member's `address` and a monitor's `delay` reach LoxiLB with no bounce-back (none in the whole
 * program, check and create, the value's calls or any other), the program side
 * never entering the provider side and the provider side never entering the program side.
 * The figures themselves are printed by `npm run field-path` (docs/design.md §22).
 */
import test from "ava";
import * as path from "path";
import { CallTracer } from "../../tools/call-tracer";
import { SCENARIOS, traceField, type FieldPath } from "../../tools/field-path";

const DIST = path.resolve(__dirname, "..", "..");

test.serial(
  "the tracer counts a callback into the caller as a bounce-back, and a handed-back result not",
  async (t) => {
    const tracer = new CallTracer(DIST);
    tracer.instrument("test/fixtures/trace", () => false);
    const caller = require(
      path.join(DIST, "test", "fixtures", "trace", "caller"),
    ) as typeof import("../fixtures/trace/caller");
    const matches = (v: unknown) => typeof v === "string" && v.includes("marker");
    const bounces = () =>
      tracer.calls.filter((c) => c.chain.slice(0, -1).includes(c.to)).map((c) => `${c.from} → ${c.to}`);

    t.is(
      await tracer.run("<driver>", matches, () => Promise.resolve(caller.viaResult("marker"))),
      "<marker>",
    );
    t.deepEqual(bounces(), []);
    t.deepEqual(
      tracer.calls.filter((c) => c.argsCarry || c.resultCarry).map((c) => `${c.from} → ${c.to}`),
      [
        "<driver> → test/fixtures/trace/caller",
        "test/fixtures/trace/caller → test/fixtures/trace/queue",
        "test/fixtures/trace/caller → test/fixtures/trace/format",
      ],
    );

    t.is(
      await tracer.run("<driver>", matches, () => Promise.resolve(caller.viaCallback("marker"))),
      "<marker>",
    );
    t.deepEqual(bounces(), ["test/fixtures/trace/queue → test/fixtures/trace/caller"]);
  },
);

const program = (p: FieldPath) => p.phases.find((x) => x.phase === "<program>");
const provider = (p: FieldPath) => p.phases.filter((x) => x.phase !== "<program>");

for (const scenario of SCENARIOS) {
  test.serial(`${scenario.field} reaches LoxiLB's POST body with no bounce-back`, async (t) => {
    const p = await traceField(scenario);
    t.log(`${p.field}: ${p.files.length} files, ${p.hops} hops`);
    t.true(p.reachedLoxiLB, "the emulator received the value in a POST body");
    t.is(p.bounceBacks, 0);
    t.deepEqual(
      p.phases.flatMap((x) => x.anyBounceBacks),
      [],
      "no module calls back into one above it, in the whole check and create",
    );
    t.true(
      (program(p)?.files ?? []).every((f) => !f.startsWith("provider/resources/")),
      "the program side never enters the handlers",
    );
    t.true(
      provider(p).every((x) => x.files.every((f) => !f.startsWith("provider/program/"))),
      "the handlers never enter the program side",
    );
    t.true(program(p)?.files.includes("provider/program/rule-composition"), "composed in one place");
    const create = p.phases.find((x) => x.phase === "<engine: create>")?.files ?? [];
    for (const m of ["provider/rules/rule-writer", "provider/translate/plan", "provider/api/transport"])
      t.true(create.includes(m), m);
  });
}
