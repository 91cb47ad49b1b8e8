/**
 * The engine's --parallel reaches the provider process: the Node.js language host tells the program
 * (PULUMI_NODEJS_PARALLEL), the program puts it in the serialized provider, and the provider's
 * mutating calls hand it to the rule queues (their early flush, rules/batch-queue.ts).
 */
import test from "ava";
import * as path from "path";
import { ofType, runUnderMocks } from "../helpers/mock-run";
import { setEngineParallel } from "../../provider/rules/batch-queue";
import { engineParallel } from "../../provider/program/provider-shim";
import { processState } from "../../provider/runtime/process-state";
import { BULK_PROGRAM as PROGRAM } from "../../bench/fixtures";

test("the serialized provider hands the engine's --parallel to the provider process", async (t) => {
  // The Node.js language host sets PULUMI_NODEJS_PARALLEL for the program; the provider host is
  // not told, so the program passes it inside the provider text.
  const before = process.env["PULUMI_NODEJS_PARALLEL"];
  process.env["PULUMI_NODEJS_PARALLEL"] = "6";
  t.teardown(() => {
    if (before === undefined) delete process.env["PULUMI_NODEJS_PARALLEL"];
    else process.env["PULUMI_NODEJS_PARALLEL"] = before;
    setEngineParallel(undefined);
  });
  const regs = await runUnderMocks(PROGRAM, {
    project: "serialization-parallel",
    config: { "bench:listeners": "1", "bench:members": "2" },
  });
  const text = String(ofType(regs, "Member")[0]?.inputs["__provider"]);
  // What the dynamic-provider host does with the text: load it as a module and call `handler()`.
  const requireFromString = require(
    require.resolve("require-from-string", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }),
  ) as (code: string) => {
    handler(): { parallel: number; delete(id: string, props: unknown): Promise<void> };
  };
  const provider = requireFromString(text).handler();
  t.is(provider.parallel, 6);
  t.is(processState().engineParallel, undefined);
  // A mutating call records it for the rule queues (the empty state then fails, as it should).
  await t.throwsAsync(provider.delete("m-1", {}));
  t.is(processState().engineParallel, 6);
});

test("without PULUMI_NODEJS_PARALLEL the provider says 0 (unknown)", (t) => {
  t.is(engineParallel({}), 0);
  t.is(engineParallel({ PULUMI_NODEJS_PARALLEL: "0" }), 0);
  t.is(engineParallel({ PULUMI_NODEJS_PARALLEL: "eight" }), 0);
  t.is(engineParallel({ PULUMI_NODEJS_PARALLEL: "16" }), 16);
});
