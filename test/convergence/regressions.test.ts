/**
 * The eight convergence failures seen on c4cecf7, each as a named regression through the
 * engine-faithful harness (the real dynamic-provider host over gRPC) against the emulator. The
 * oracle is path independence: after each `up`, LoxiLB holds what a fresh `up` of the same program
 * writes to a fresh emulator.
 */
import test, { type ExecutionContext } from "ava";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import type { EmulatorHandle } from "../../provider/emulator/types";
import { EngineHarness } from "../../harness";
import {
  STACK_PROGRAM as PROGRAM,
  type ListenerSpec,
  type MemberSpec,
  type StackSpec,
} from "../../harness/programs";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const VIP = "192.0.2.80";

async function emulators(t: ExecutionContext, n = 1): Promise<EmulatorHandle[]> {
  const list = await Promise.all(Array.from({ length: n }, () => startEmulator({})));
  t.teardown(async () => {
    for (const e of list) await e.close();
  });
  return list;
}

async function harness(t: ExecutionContext, stack: string): Promise<EngineHarness> {
  const h = await EngineHarness.start({ projectDir: ROOT, project: "convergence", stack, config: {} });
  t.teardown(() => h.stop());
  return h;
}

/** What LoxiLB holds, in a form that does not depend on ids, order or counters. */
function held(e: EmulatorHandle): unknown {
  return e
    .rules()
    .map((r) => {
      const { name, ...sa } = r.serviceArguments;
      return {
        owned: (name ?? "").startsWith("octavia-"),
        sa,
        endpoints: (r.endpoints ?? []).map((p) => `${p.endpointIP}:${p.targetPort} w${p.weight}`).sort(),
        sources: (r.allowedSources ?? []).map((s) => s.prefix).sort(),
      };
    })
    .sort((a, b) => JSON.stringify(a.sa).localeCompare(JSON.stringify(b.sa)));
}

/** What a fresh `up` of `spec` writes to a fresh emulator. */
async function freshUp(t: ExecutionContext, spec: (urls: string[]) => StackSpec, n = 1): Promise<unknown> {
  const fresh = await emulators(t, n);
  const h = await harness(t, `fresh-${Math.random().toString(36).slice(2)}`);
  await h.up(PROGRAM, spec(fresh.map((e) => e.url)));
  return held(fresh[0]!);
}

const members = (...ms: Array<[number, number?, boolean?]>): MemberSpec[] =>
  ms.map(([i, weight, up]) => ({
    address: `10.1.0.${i}`,
    port: 8080,
    ...(weight !== undefined ? { weight } : {}),
    ...(up !== undefined ? { adminStateUp: up } : {}),
  }));

function stack(
  urls: string[],
  listeners: ListenerSpec[],
  extra: Partial<StackSpec["lbs"][0]> = {},
): StackSpec {
  return { endpoints: urls, lbs: [{ name: "lb", vip: VIP, listeners, ...extra }] };
}

const tcp = (ms: MemberSpec[], pool: Partial<ListenerSpec["pool"]> = {}): ListenerSpec => ({
  name: "web",
  protocol: "TCP",
  port: 80,
  pool: { protocol: "TCP", lbMethod: "ROUND_ROBIN", members: ms, ...pool },
});

const deletes = (e: EmulatorHandle) =>
  e.requests().filter((r) => r.method === "DELETE" && r.path.includes("/config/loadbalancer")).length;

test("1. removing a member after a weight change leaves the shares a fresh up of the final program writes", async (t) => {
  const [e] = await emulators(t);
  const h = await harness(t, "stale-weights");
  const at = (ms: MemberSpec[]) => (urls: string[]) => stack(urls, [tcp(ms)]);
  await h.up(PROGRAM, at(members([1], [2], [3]))([e!.url]));
  await h.up(PROGRAM, at(members([1], [2, 5], [3]))([e!.url]));
  await h.up(PROGRAM, at(members([1], [2, 5]))([e!.url]));
  t.deepEqual(held(e!), await freshUp(t, at(members([1], [2, 5]))));
  // The variant: .1 w1, .2 w3; add .3; remove .1.
  await h.up(PROGRAM, at(members([1], [2, 3]))([e!.url]));
  await h.up(PROGRAM, at(members([1], [2, 3], [3]))([e!.url]));
  await h.up(PROGRAM, at(members([2, 3], [3]))([e!.url]));
  t.deepEqual(held(e!), await freshUp(t, at(members([2, 3], [3]))));
  t.is(deletes(e!), 0, "every step was an in-place re-POST");
  const plan = await h.preview(PROGRAM, at(members([2, 3], [3]))([e!.url]));
  t.true(
    plan.steps.every((s) => s.op === "same"),
    "nothing left to do",
  );
});

test("2. a monitor delay change right after a member removal recreates the rule with the new probe interval", async (t) => {
  const [e] = await emulators(t);
  const h = await harness(t, "monitor-after-removal");
  const at = (ms: MemberSpec[], delay: number) => (urls: string[]) =>
    stack(urls, [tcp(ms, { monitor: { type: "TCP", delay, maxRetriesDown: 4 } })]);
  await h.up(PROGRAM, at(members([1], [2], [3], [4]), 7)([e!.url]));
  await h.up(PROGRAM, at(members([1], [3], [4]), 7)([e!.url]));
  e!.clearRequests();
  await h.up(PROGRAM, at(members([1], [3], [4]), 9)([e!.url]));
  const posts = e!.requests().filter((r) => r.method === "POST");
  const last = posts.at(-1)?.body as { serviceArguments: Record<string, unknown> } | undefined;
  t.is(last?.serviceArguments["probeTimeout"], 9);
  t.is(deletes(e!), 1, "probe timing needs a recreate (loxilb ignores it on re-POST)");
  t.deepEqual(held(e!), await freshUp(t, at(members([1], [3], [4]), 9)));
});

test("3. replacing a pool keeps the rule: the old pool's delete does not remove what the new one wrote", async (t) => {
  const [e] = await emulators(t);
  const h = await harness(t, "pool-replace");
  const at = (protocol: "TCP" | "PROXYV2") => (urls: string[]) =>
    stack(urls, [tcp(members([1], [2]), { protocol })]);
  await h.up(PROGRAM, at("TCP")([e!.url]));
  const plan = await h.preview(PROGRAM, at("PROXYV2")([e!.url]));
  t.true(plan.steps.some((s) => s.type.endsWith(":Pool") && s.op === "replace"));
  await h.up(PROGRAM, at("PROXYV2")([e!.url]));
  t.is(e!.rules().length, 1);
  t.is(e!.rules()[0]?.serviceArguments.proxyprotocolv2, true);
  t.deepEqual(held(e!), await freshUp(t, at("PROXYV2")));
  t.deepEqual(e!.absentTimeline(), [], "the rule never disappeared");
});

async function post(e: EmulatorHandle, rule: unknown): Promise<void> {
  const res = await fetch(`${e.url}/netlox/v1/config/loadbalancer`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(rule),
  });
  if (res.status !== 200) throw new Error(`out-of-band POST answered ${res.status}`);
}

test("4. weight, algorithm and NAT mode drift is recorded by refresh, shown by preview and repaired by up", async (t) => {
  const [e] = await emulators(t);
  const h = await harness(t, "drift");
  const spec = (urls: string[]) => stack(urls, [tcp(members([1], [2, 5], [3]))]);
  await h.up(PROGRAM, spec([e!.url]));
  const want = held(e!);
  for (const change of [
    (r: Record<string, unknown>) => ({
      ...r,
      endpoints: (r["endpoints"] as Array<Record<string, unknown>>).map((p) => ({ ...p, weight: 40 })),
    }),
    (r: Record<string, unknown>) => ({
      ...r,
      serviceArguments: { ...(r["serviceArguments"] as object), sel: 0 },
    }),
    (r: Record<string, unknown>) => ({
      ...r,
      serviceArguments: { ...(r["serviceArguments"] as object), mode: 0 },
    }),
  ]) {
    await post(e!, change(e!.rules()[0] as unknown as Record<string, unknown>));
    t.notDeepEqual(held(e!), want);
    await h.refresh();
    const plan = await h.preview(PROGRAM, spec([e!.url]));
    t.true(
      plan.steps.some((s) => s.op === "update"),
      JSON.stringify(plan.steps.map((s) => [s.name, s.op])),
    );
    const lb = h.state().find((s) => s.type.endsWith(":LoadBalancer"))?.outputs;
    // GET omits a zero mode (dnat), as loxilb does.
    const modeDrift = (e!.rules()[0]?.serviceArguments.mode ?? 0) === 0;
    t.is(
      lb?.["natMode"],
      modeDrift ? "dnat" : "fullnat",
      "the load balancer records its NAT mode as LoxiLB holds it",
    );
    t.is(plan.steps.find((s) => s.name === "lb")?.op, modeDrift ? "update" : "same");
    await h.up(PROGRAM, spec([e!.url]));
    t.deepEqual(held(e!), want);
  }
});

test("5. an HA instance that lost its rule is repaired by refresh + up", async (t) => {
  const [a, b] = await emulators(t, 2);
  const h = await harness(t, "ha-repair");
  const spec = (urls: string[]): StackSpec => ({
    ...stack(urls, [tcp(members([1], [2]))]),
    replication: "all",
  });
  await h.up(PROGRAM, spec([a!.url, b!.url]));
  await fetch(`${b!.url}/netlox/v1/config/loadbalancer/all`, { method: "DELETE" });
  t.deepEqual(b!.rules(), []);
  await h.refresh();
  await h.up(PROGRAM, spec([a!.url, b!.url]));
  t.deepEqual(held(b!), held(a!));
  t.is(b!.rules().length, 1);
});

test("5b. drift on one HA instance, then the program moves to the drifted value: up still reaches every instance", async (t) => {
  // Found by the real-CLI convergence slice (seed 879967): instance a drifted to fullnat, the program
  // then asked for fullnat, and the refreshed state (fullnat, read from a) hid that b held dnat.
  const [a, b] = await emulators(t, 2);
  const h = await harness(t, "ha-partial-drift");
  const spec = (urls: string[], natMode: "dnat" | "fullnat"): StackSpec => ({
    ...stack(urls, [tcp(members([1], [2]))], { natMode }),
    replication: "all",
  });
  await h.up(PROGRAM, spec([a!.url, b!.url], "dnat"));
  await post(a!, {
    ...(a!.rules()[0] as unknown as Record<string, unknown>),
    serviceArguments: { ...a!.rules()[0]!.serviceArguments, mode: 2 },
  });
  await h.refresh();
  const plan = await h.preview(PROGRAM, spec([a!.url, b!.url], "fullnat"));
  t.true(
    plan.steps.some((s) => s.name === "web" && s.type.endsWith(":Listener") && s.op === "update"),
    JSON.stringify(plan.steps.map((s) => [s.type.split(":").pop(), s.name, s.op])),
  );
  await h.up(PROGRAM, spec([a!.url, b!.url], "fullnat"));
  const want = await freshUp(t, (urls) => spec(urls, "fullnat"));
  t.deepEqual(held(a!), want);
  t.deepEqual(held(b!), want, "the instance that never drifted moves to fullnat too");
  const again = await h.preview(PROGRAM, spec([a!.url, b!.url], "fullnat"));
  t.deepEqual(
    again.steps.filter((s) => s.op !== "same").map((s) => s.name),
    [],
    "the repairing up cleared the drift record",
  );
});

test("6. two listeners on one LoxiLB rule key fail before anything is written, naming both", async (t) => {
  const [e] = await emulators(t);
  const h = await harness(t, "key-clash");
  const twice: ListenerSpec[] = [
    tcp(members([1])),
    {
      ...tcp(members([2])),
      name: "web-http",
      protocol: "HTTP",
      pool: { ...tcp(members([2])).pool, protocol: "HTTP" },
    },
  ];
  const error = await t.throwsAsync(h.up(PROGRAM, stack([e!.url], twice)));
  t.regex(
    error?.message ?? "",
    /Listener "web(-http)?" and Listener "web(-http)?" both map to the LoxiLB rule tcp:192\.0\.2\.80:80/,
  );
  t.deepEqual(e!.rules(), []);
  // Two load balancers sharing a VIP, in two IPv6 spellings.
  const v6: StackSpec = {
    endpoints: [e!.url],
    lbs: [
      { name: "a", vip: "2001:db8::10", listeners: [tcp(members([1]))] },
      { name: "b", vip: "2001:DB8:0:0::10", listeners: [{ ...tcp(members([2])), name: "web-b" }] },
    ],
  };
  const error6 = await t.throwsAsync(h.up(PROGRAM, v6));
  t.regex(error6?.message ?? "", /both map to the LoxiLB rule tcp:2001:db8::10:80/);
  t.deepEqual(e!.rules(), []);
});

test("7. a write loxilb acknowledges but does not apply is retried once, then fails the up", async (t) => {
  const [e] = await emulators(t);
  const h = await harness(t, "unapplied");
  const spec = (ms: MemberSpec[]) => stack([e!.url], [tcp(ms)]);
  e!.faults.failNext({ method: "POST" }, { status: 200, body: { result: "Success" }, count: 1 });
  await h.up(PROGRAM, spec(members([1], [2])));
  t.is(e!.rules()[0]?.endpoints?.length, 2, "the second attempt applied it");
  e!.faults.failNext({ method: "POST" }, { status: 200, body: { result: "Success" }, count: 2 });
  const error = await t.throwsAsync(h.up(PROGRAM, spec(members([1], [2], [3]))));
  t.regex(error?.message ?? "", /acknowledged the write of rule tcp:192\.0\.2\.80:80 but does not hold it/);
  await h.up(PROGRAM, spec(members([1], [2], [3])));
  t.is(e!.rules()[0]?.endpoints?.length, 3, "the next up writes it");
});

test("8. a load balancer name or description change updates no listener, pool or member", async (t) => {
  const [e] = await emulators(t);
  const h = await harness(t, "quiet");
  const spec = (description: string) => stack([e!.url], [tcp(members([1], [2]))], { description });
  await h.up(PROGRAM, spec("first"));
  e!.clearRequests();
  const plan = await h.preview(PROGRAM, spec("second"));
  t.deepEqual(
    plan.steps.filter((s) => s.op !== "same").map((s) => s.name),
    ["lb"],
  );
  await h.up(PROGRAM, spec("second"));
  t.is(e!.requests().filter((r) => r.method !== "GET").length, 0, "nothing written to LoxiLB");
});

test("the first up reports the listener and the pool ONLINE: their own create wrote the rule", async (t) => {
  const [e] = await emulators(t);
  const h = await harness(t, "first-status");
  await h.up(PROGRAM, stack([e!.url], [tcp(members([1], [2]))]));
  const status = (kind: string) =>
    h.state().find((s) => s.type.endsWith(`:${kind}`))?.outputs["operatingStatus"];
  t.deepEqual([status("Listener"), status("Pool"), status("LoadBalancer")], ["ONLINE", "ONLINE", "ONLINE"]);
});

test("replacing the load balancer through a reference-only field (vipSubnetId) converges to a fresh up", async (t) => {
  const [e] = await emulators(t);
  const h = await harness(t, "lb-replace");
  const at = (subnet: string) => (urls: string[]) =>
    stack(urls, [tcp(members([1], [2, 3]), { monitor: { type: "TCP", delay: 5, maxRetriesDown: 2 } })], {
      vipSubnetId: subnet,
    });
  await h.up(PROGRAM, at("subnet-a")([e!.url]));
  const plan = await h.preview(PROGRAM, at("subnet-b")([e!.url]));
  t.true(
    plan.steps.some((s) => s.name === "lb" && s.op === "replace"),
    JSON.stringify(plan.steps.map((s) => [s.name, s.op])),
  );
  await h.up(PROGRAM, at("subnet-b")([e!.url]));
  t.deepEqual(held(e!), await freshUp(t, at("subnet-b")));
  const lbId = h.state().find((s) => s.type.endsWith(":LoadBalancer"))?.id ?? "";
  t.true(
    e!.rules().every((r) => (r.serviceArguments.name ?? "").startsWith(`octavia-${lbId}-`)),
    "named after the new LB",
  );
  const again = await h.preview(PROGRAM, at("subnet-b")([e!.url]));
  t.true(again.steps.every((s) => s.op === "same"));
});
