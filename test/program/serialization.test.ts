/**
 * Pulumi serializes a dynamic provider once per provider object (it caches by identity), and one
 * serialization inspects closures for ~10 ms. The resources share one provider object per kind, so
 * a program of any size serializes at most five providers.
 */
import test from "ava";
import { ofType, runUnderMocks } from "../helpers/mock-run";
import { BULK_PROGRAM as PROGRAM } from "../../bench/fixtures";

test("a program of 45 resources serializes one provider per kind, not one per resource", async (t) => {
  // The module dynamic resources load on demand to serialize their provider.
  const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
    serializeFunction: (...args: unknown[]) => Promise<unknown>;
  };
  const original = closure.serializeFunction;
  let calls = 0;
  closure.serializeFunction = (...args: unknown[]) => {
    calls++;
    return original(...args);
  };
  t.teardown(() => {
    closure.serializeFunction = original;
  });
  const regs = await runUnderMocks(PROGRAM, {
    project: "serialization",
    config: { "bench:listeners": "4", "bench:members": "8" },
  });
  t.is(ofType(regs, "Member").length, 32);
  t.is(regs.length, 1 + 4 + 4 + 32 + 4);
  t.true(calls >= 1 && calls <= 5, `serializeFunction ran ${calls} times`);
  const texts = new Set(ofType(regs, "Member").map((r) => String(r.inputs["__provider"])));
  t.is(texts.size, 1, "every member carries the same serialized provider");
  // Every resource carries its provider twice (inputs and outputs), and the file backend rewrites the
  // whole state after every step: 4,758 bytes before the methods became one-liners without `async`
  // around one loader (docs/performance.md).
  const largest = Math.max(
    ...regs
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/loxilb:"))
      .map((r) => String(r.inputs["__provider"]).length),
  );
  t.true(largest <= 4_300, `the largest serialized provider has ${largest} bytes`);
});
