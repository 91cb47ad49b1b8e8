/**
 * The provider's handlers called directly (as the host would after `check`), against the emulator
 * over HTTP: composition, coalescing, zero downtime, status and adoption.
 */
import test from "ava";
import * as handlers from "../../provider/resources/handlers";
import { startEmulator } from "../../provider/emulator";
import type { EmulatorHandle } from "../../provider/emulator/types";
import { listenerBag, memberBag, siblingSpecs, type Bag, type RuleShape } from "../../harness/resource-bags";
import type { MemberArgs } from "../../provider/octavia/member-spec";

async function emulator(t: { teardown(fn: () => Promise<void>): void }): Promise<EmulatorHandle> {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  return e;
}

const writes = (e: EmulatorHandle, method?: string) =>
  e
    .requests()
    .filter((r) => r.path.includes("/config/loadbalancer") && (method === undefined || r.method === method));

async function createMembers(
  shape: RuleShape,
  count: number,
  extra: (i: number) => Partial<MemberArgs> = () => ({}),
) {
  const specs = siblingSpecs(count, extra);
  const bags = specs.map((s) => memberBag(shape, s.address, specs, extra(specs.indexOf(s))));
  const created = await Promise.all(bags.map((b) => handlers.create("member", b)));
  return created.map((c, i) => ({ id: c.id, outs: { ...(bags[i] as Bag), ...(c.outs as Bag) } }));
}

test("32 members created at once end as 32 endpoints in one POST", async (t) => {
  const e = await emulator(t);
  await createMembers({ url: e.url }, 32);
  const [rule] = e.rules();
  t.is(rule?.endpoints?.length, 32);
  t.is(writes(e, "POST").length, 1, "the first write carries the whole declared rule; the rest find it done");
  t.is(writes(e, "DELETE").length, 0);
});

test("two rules progress in parallel and concurrent reads share one GET", async (t) => {
  const e = await emulator(t);
  const a = createMembers({ url: e.url, port: 80, listenerId: "l-a" }, 4);
  const b = createMembers({ url: e.url, port: 81, listenerId: "l-b" }, 4);
  await Promise.all([a, b]);
  t.is(e.rules().length, 2);
  e.clearRequests();
  const members = [...(await a), ...(await b)];
  await Promise.all(members.map((m) => handlers.read("member", m.id, m.outs)));
  t.is(e.requests().filter((r) => r.method === "GET").length, 1);
});

test("a member added later keeps the monitor, the algorithm and its siblings (no facet lost)", async (t) => {
  const e = await emulator(t);
  const shape = { url: e.url, lbMethod: "LEAST_CONNECTIONS" };
  await createMembers(shape, 2);
  const specs = siblingSpecs(3);
  await handlers.create("member", memberBag(shape, "198.51.100.13", specs));
  const [rule] = e.rules();
  t.is(rule?.serviceArguments.monitor, true);
  t.is(rule?.serviceArguments.sel, 4);
  t.deepEqual(
    rule?.endpoints?.map((ep) => ep.endpointIP),
    ["198.51.100.11", "198.51.100.12", "198.51.100.13"],
  );
  const body = writes(e, "POST").at(-1)?.body as { serviceArguments: Record<string, unknown> };
  t.is(body.serviceArguments["probeTimeout"], 5, "the probe interval travels with every write");
  t.is(body.serviceArguments["probeRetries"], 2);
});

test("an endpoint added outside Pulumi is taken out by the next write: the program declares the whole rule", async (t) => {
  const e = await emulator(t);
  const [m1] = await createMembers({ url: e.url }, 1);
  const live = e.rules()[0];
  const outside = {
    ...live,
    endpoints: [...(live?.endpoints ?? []), { endpointIP: "203.0.113.99", targetPort: 9000, weight: 1 }],
  };
  const res = await fetch(`${e.url}/netlox/v1/config/loadbalancer`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(outside),
  });
  t.is(res.status, 200);
  await handlers.update("member", m1!.id, m1!.outs, { ...m1!.outs, name: "renamed" });
  t.deepEqual(
    e.rules()[0]?.endpoints?.map((ep) => ep.endpointIP),
    ["198.51.100.11"],
  );
});

test("member add, remove, weight and algorithm changes are in-place re-POSTs: the rule never disappears", async (t) => {
  const e = await emulator(t);
  const shape = { url: e.url };
  const members = await createMembers(shape, 3);
  const [m1, , m3] = members;
  const weighted = siblingSpecs(3, (i) => (i === 0 ? { weight: 3 } : {}));
  const updated = { ...memberBag(shape, "198.51.100.11", weighted), weight: 3 };
  await handlers.update("member", m1!.id, m1!.outs, updated);
  t.is(e.rules()[0]?.serviceArguments.sel, 2, "unequal weights switch round robin to weighted slots");
  await handlers.remove("member", m3!.id, m3!.outs);
  t.is(e.rules()[0]?.endpoints?.length, 2);
  const lcShape = { url: e.url, lbMethod: "LEAST_CONNECTIONS" };
  const pool = {
    ...memberBag(lcShape, "198.51.100.11", weighted.slice(0, 2)),
    protocol: "TCP",
    lbMethod: "LEAST_CONNECTIONS",
  };
  await handlers.update("pool", "pool-1", pool, pool);
  t.is(e.rules()[0]?.serviceArguments.sel, 4);
  t.is(e.rules()[0]?.endpoints?.length, 2);
  t.is(writes(e, "DELETE").length, 0);
  t.deepEqual(e.absentTimeline(), []);
});

test("adding a health monitor recreates the rule once; a delay change says recreate in check and recreates once", async (t) => {
  const e = await emulator(t);
  await createMembers({ url: e.url, monitor: null }, 2);
  t.is(e.rules()[0]?.serviceArguments.monitor, undefined);
  const monitor = { type: "TCP", delay: 5, timeout: 3, maxRetries: 3 };
  const withMonitor = { ...memberBag({ url: e.url, monitor }, "198.51.100.11", siblingSpecs(2)), ...monitor };
  const created = await handlers.create("healthmonitor", withMonitor);
  t.is(e.rules()[0]?.serviceArguments.monitor, true);
  t.is(writes(e, "DELETE").length, 1, "the monitor flag is set only when a rule is created");
  const olds = { ...withMonitor, ...(created.outs as Bag) };
  const slowerMonitor = { ...monitor, delay: 9 };
  const slower = {
    ...memberBag({ url: e.url, monitor: slowerMonitor }, "198.51.100.11", siblingSpecs(2)),
    ...slowerMonitor,
  };
  const checked = await handlers.check("healthmonitor", olds, slower);
  t.is((checked.inputs as Bag)["loxilbRuleAction"], "recreate");
  await handlers.update("healthmonitor", created.id, olds, slower);
  t.is(
    writes(e, "DELETE").length,
    2,
    "probe timing is invisible in GET and ignored on re-POST: one recreate",
  );
  const body = writes(e, "POST").at(-1)?.body as { serviceArguments: Record<string, unknown> };
  t.is(body.serviceArguments["probeTimeout"], 9);
});

test("refresh reports health from the endpoint state and a vanished rule as gone", async (t) => {
  const e = await emulator(t);
  const [m1, m2] = await createMembers({ url: e.url }, 2);
  const red = await fetch(`${e.url}/netlox/v1/config/endpointhoststate`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ hostName: "198.51.100.11", state: "red" }),
  });
  t.is(red.status, 200);
  const r1 = await handlers.read("member", m1!.id, m1!.outs);
  const r2 = await handlers.read("member", m2!.id, m2!.outs);
  t.is((r1.props as Bag)["operatingStatus"], "ERROR");
  t.is((r2.props as Bag)["operatingStatus"], "ONLINE");
  const pool = await handlers.read("pool", "pool-1", {
    ...m1!.outs,
    protocol: "TCP",
    lbMethod: "ROUND_ROBIN",
  });
  t.is((pool.props as Bag)["operatingStatus"], "DEGRADED");
  await fetch(`${e.url}/netlox/v1/config/loadbalancer/all`, { method: "DELETE" });
  const gone = await handlers.read("member", m1!.id, m1!.outs);
  t.deepEqual(gone, {});
});

test("a listener is ONLINE while its rule is programmed, even when every member fails (Octavia), OFFLINE when it is gone", async (t) => {
  const e = await emulator(t);
  await createMembers({ url: e.url }, 2);
  for (const hostName of ["198.51.100.11", "198.51.100.12"]) {
    const red = await fetch(`${e.url}/netlox/v1/config/endpointhoststate`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ hostName, state: "red" }),
    });
    t.is(red.status, 200);
  }
  const listener = listenerBag({ url: e.url }, siblingSpecs(2));
  const pool = {
    ...memberBag({ url: e.url }, "198.51.100.11", siblingSpecs(2)),
    protocol: "TCP",
    lbMethod: "ROUND_ROBIN",
  };
  const l = await handlers.read("listener", "listener-1", listener);
  const p = await handlers.read("pool", "pool-1", pool);
  t.deepEqual(
    [(l.props as Bag)["operatingStatus"], (p.props as Bag)["operatingStatus"]],
    ["ONLINE", "ERROR"],
  );
  await fetch(`${e.url}/netlox/v1/config/loadbalancer/all`, { method: "DELETE" });
  const gone = await handlers.read("listener", "listener-1", listener);
  t.is((gone.props as Bag)["operatingStatus"], "OFFLINE");
});

test("a key held by a rule of another name fails the listener unless it adopts the rule", async (t) => {
  const e = await emulator(t);
  const foreign = {
    serviceArguments: { externalIP: "192.0.2.10", port: 80, protocol: "tcp", name: "hand-made" },
    endpoints: [{ endpointIP: "203.0.113.5", targetPort: 80, weight: 1 }],
  };
  await fetch(`${e.url}/netlox/v1/config/loadbalancer`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(foreign),
  });
  await t.throwsAsync(handlers.create("listener", listenerBag({ url: e.url })), {
    message: /already exists under the name "hand-made".*adopt: true/,
  });
  // No monitor: the hand-made rule has none, and loxilb fixes the monitor flag at create.
  const shape = { url: e.url, adopt: true, monitor: null };
  const adopted = await handlers.create("listener", listenerBag(shape, siblingSpecs(2)));
  t.is((adopted.outs as Bag)["ruleName"], "hand-made");
  await createMembers(shape, 2);
  const [rule] = e.rules();
  t.is(rule?.serviceArguments.name, "hand-made");
  t.deepEqual(
    rule?.endpoints?.map((ep) => ep.endpointIP),
    ["198.51.100.11", "198.51.100.12"],
    "the adopted rule holds what the program declares, under its own name",
  );
  t.deepEqual(e.absentTimeline(), []);
});

test("deleting the last member deletes the rule", async (t) => {
  const e = await emulator(t);
  const members = await createMembers({ url: e.url }, 2);
  await Promise.all(members.map((m) => handlers.remove("member", m.id, m.outs)));
  t.deepEqual(e.rules(), []);
});

test("weights are apportioned over the whole declared pool, whichever member writes", async (t) => {
  const e = await emulator(t);
  const shape = { url: e.url };
  const specs = siblingSpecs(2, (i) => ({ weight: i === 0 ? 3 : 1 }));
  await handlers.create("member", memberBag(shape, "198.51.100.12", specs));
  t.deepEqual(
    e.rules()[0]?.endpoints?.map((ep) => [ep.endpointIP, ep.weight]),
    [
      ["198.51.100.11", 75],
      ["198.51.100.12", 25],
    ],
  );
  const dup = siblingSpecs(1).concat(siblingSpecs(1));
  const checked = await handlers.check("member", {}, memberBag(shape, "198.51.100.11", dup));
  t.deepEqual(
    checked.failures?.map((f) => f.property),
    ["address"],
    "the duplicate check sees the declaration's entries",
  );
});

test("a rule declaration that is not usable fails the write before anything reaches LoxiLB, naming the member and value", async (t) => {
  const e = await emulator(t);
  const bad = { ...memberBag({ url: e.url }, "198.51.100.11", siblingSpecs(1)), rule: "{not json" };
  await t.throwsAsync(handlers.create("member", bad), { message: /rule declaration.*not JSON/ });
  const specs = [...siblingSpecs(2), { address: "10.3.0.300", protocolPort: 8080 }];
  await t.throwsAsync(handlers.create("member", memberBag({ url: e.url }, "198.51.100.11", specs)), {
    message: /Member "m-3": address = "10\.3\.0\.300"/,
  });
  t.is(writes(e).length, 0);
});
