/** The demo's steps: the member change prints the review of its preview before it runs. */
import test from "ava";
import { startEmulator } from "../../provider/emulator";
import { runSteps, type DemoDriver } from "../../demo/steps";

test("the demo prints the review of the member change's preview, after its config change and before its up", async (t) => {
  const emulator = await startEmulator({});
  t.teardown(() => emulator.close());
  const calls: string[] = [];
  const driver: DemoDriver = {
    description: "a recording driver",
    setConfig: async (k, v) => void calls.push(`config ${k}=${v}`),
    preview: async () => (calls.push("preview"), ""),
    up: async () => (calls.push("up"), ""),
    destroy: async () => (calls.push("destroy"), ""),
    review: async () => (calls.push("review"), "### LoxiLB review\n\nthe review text"),
    close: async () => undefined,
  };
  const lines: string[] = [];
  await runSteps(driver, emulator, (s) => lines.push(s));
  t.deepEqual(calls, [
    "preview",
    "up",
    "config quickstart:memberCount=4",
    "config quickstart:webWeight=3",
    "review",
    "up",
    "up",
    "destroy",
  ]);
  const step = lines.findIndex((l) => l.startsWith("\n[3/5] member change"));
  t.deepEqual(lines.slice(step + 1, step + 2), ["  ### LoxiLB review\n  \n  the review text"]);
});
