/**
 * Weights LoxiLB will not honour are accepted, as Octavia configs carry them, but never silently: the
 * program warns on the pool in preview and up, naming the field and the reason.
 */
import test, { type ExecutionContext } from "ava";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import { EngineHarness } from "../../harness";
import { STACK_PROGRAM as PROGRAM, type ListenerSpec, type StackSpec } from "../../harness/programs";
import { ignoredWeightsReason } from "../../provider/translate/weights";

const ROOT = path.resolve(__dirname, "..", "..", "..");

async function upWith(t: ExecutionContext, pool: Partial<ListenerSpec["pool"]>, weights: number[]) {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  const h = await EngineHarness.start({ projectDir: ROOT, project: "weights", stack: "w", config: {} });
  t.teardown(() => h.stop());
  const members = weights.map((weight, i) => ({ address: `10.4.0.${i + 1}`, port: 80, weight }));
  const spec: StackSpec = {
    endpoints: [e.url],
    lbs: [
      {
        name: "lb",
        vip: "192.0.2.92",
        listeners: [
          {
            name: "web",
            protocol: "TCP",
            port: 80,
            pool: { protocol: "TCP", lbMethod: "ROUND_ROBIN", members, ...pool },
          },
        ],
      },
    ],
  };
  const preview = await h.preview(PROGRAM, spec);
  const up = await h.up(PROGRAM, spec);
  return { preview: preview.programLogs.join("\n"), up: up.programLogs.join("\n"), e };
}

test("unequal weights under LEAST_CONNECTIONS warn in preview and up; the rule is still written", async (t) => {
  const { preview, up, e } = await upWith(t, { lbMethod: "LEAST_CONNECTIONS" }, [1, 3]);
  const warning = /Pool "web": members' weight: LoxiLB ignores member weights under LEAST_CONNECTIONS/;
  t.regex(preview, warning);
  t.regex(up, warning);
  t.deepEqual(
    e.rules()[0]?.endpoints?.map((p) => p.weight),
    [1, 1],
  );
});

test("unequal weights of 17 enabled members, or of 16 (one slot each), warn about the 16 slots; 15 do not", async (t) => {
  const many = await upWith(t, {}, [2, ...Array.from({ length: 16 }, () => 1)]);
  t.regex(many.up, /LoxiLB's weighted round robin has 16 slots, so the weights of 17 enabled members/);
  const sixteen = await upWith(t, {}, [2, ...Array.from({ length: 15 }, () => 1)]);
  t.regex(sixteen.up, /16 enabled members get one each whatever their weights/);
  const fifteen = await upWith(t, {}, [2, ...Array.from({ length: 14 }, () => 1)]);
  t.notRegex(fifteen.up, /members' weight/);
  t.is(fifteen.e.rules()[0]?.serviceArguments.sel, 2, "15 members: weighted round robin");
  t.is(fifteen.e.rules()[0]?.endpoints?.[0]?.weight, 13, "the first member holds 2 of the 16 slots");
});

test("the reason covers each algorithm and persistence, and equal weights never warn", (t) => {
  t.is(ignoredWeightsReason({ lbMethod: "SOURCE_IP" }, [2, 2]), undefined);
  t.is(ignoredWeightsReason({ lbMethod: "ROUND_ROBIN" }, [1, 4]), undefined);
  for (const lbMethod of ["LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"] as const) {
    t.regex(ignoredWeightsReason({ lbMethod }, [1, 4]) ?? "", new RegExp(`under ${lbMethod}`));
  }
  t.regex(
    ignoredWeightsReason({ lbMethod: "ROUND_ROBIN", persistence: { type: "SOURCE_IP" } }, [1, 4]) ?? "",
    /under SOURCE_IP persistence/,
  );
});
