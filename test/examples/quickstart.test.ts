import test from "ava";
import * as path from "path";
import { ofType, runUnderMocks, type Registered } from "../helpers/mock-run";

const program = path.resolve(__dirname, "..", "..", "examples", "quickstart", "index.js");
let run: Promise<Registered[]> | undefined;
// One program run per process (Pulumi's runtime is global); every test reads the same registrations.
const registrations = () =>
  (run ??= runUnderMocks(program, {
    project: "loxilb-quickstart",
    config: {
      "quickstart:memberCount": "4",
      "quickstart:webWeight": "3",
      "loxilb:apiToken": "tok-should-not-leak",
    },
  }));

test("the quickstart declares one load balancer, two listeners, two pools and two monitors", async (t) => {
  const all = await registrations();
  t.is(ofType(all, "LoadBalancer").length, 1);
  t.deepEqual(
    ofType(all, "Listener").map((l) => [l.inputs["protocol"], l.inputs["protocolPort"]]),
    [
      ["TCP", 80],
      ["UDP", 53],
    ],
  );
  t.is(ofType(all, "Pool").length, 2);
  t.deepEqual(
    ofType(all, "HealthMonitor").map((m) => m.inputs["type"]),
    ["TCP", "UDP-CONNECT"],
  );
});

test("every rule writer carries the whole rule declaration: the monitor (declared after it) and all members", async (t) => {
  const all = await registrations();
  const writers = ["Listener", "Pool", "HealthMonitor", "Member"].flatMap((k) => ofType(all, k));
  t.is(writers.length, 2 + 2 + 2 + 8);
  for (const w of writers) {
    const rule = JSON.parse(w.inputs["rule"] as string) as {
      healthMonitor: { type: string } | null;
      members: Array<{ resource: string }>;
      listener: { protocolPort: number };
    };
    t.truthy(rule.healthMonitor, `${w.name} knows the monitor`);
    t.is(rule.members.length, 4);
    t.true(
      rule.members.every((m) => /^Member "(web|dns)-member-\d"$/.test(m.resource)),
      `${w.name}: member names`,
    );
    t.is(rule.listener.protocolPort, w.name.startsWith("web") ? 80 : 53);
  }
});

test("member count and weight come from stack config", async (t) => {
  const web = ofType(await registrations(), "Member").filter((m) => m.name.startsWith("web"));
  t.deepEqual(
    web.map((m) => m.inputs["weight"]),
    [3, 1, 1, 1],
  );
});

test("the serialized provider is small, loads the package by name and captures no config", async (t) => {
  const providers = new Set((await registrations()).map((r) => String(r.inputs["__provider"])));
  t.is(providers.size, 5, "one provider text per resource kind");
  for (const text of providers) {
    t.true(text.includes('require("pulumi-loxilb/dist/provider/resources/handlers.js")'));
    t.false(text.includes("tok-should-not-leak"));
    t.true(text.length < 8000, `provider text is ${text.length} bytes`);
  }
});
