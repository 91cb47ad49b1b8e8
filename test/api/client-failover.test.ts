import test, { type ExecutionContext } from "ava";
import { startEmulator } from "../../provider/emulator";
import type { EmulatorHandle } from "../../provider/emulator/types";
import { LoxiLBClient } from "../../provider/api/client";
import { AllEndpointsDownError, NetworkError, ReplicationError } from "../../provider/api/errors";
import type { LoxiLBClientOptions } from "../../provider/api/options";
import type { LoadbalanceEntry } from "../../provider/api/model";

const rule: LoadbalanceEntry = {
  serviceArguments: { externalIP: "192.0.2.50", port: 80, protocol: "tcp", name: "ha" },
  endpoints: [{ endpointIP: "10.0.0.1", targetPort: 80, weight: 1 }],
};

/** Two emulators and a client over both, with a hand-driven clock. */
async function pair(t: ExecutionContext, o: Partial<LoxiLBClientOptions> = {}) {
  const a = await startEmulator({ version: "a" });
  const b = await startEmulator({ version: "b" });
  let clock = 1_000_000;
  const sleeps: number[] = [];
  const client = new LoxiLBClient({
    apiEndpoints: [a.url, b.url],
    random: () => 1,
    now: () => clock,
    sleep: async (ms) => void sleeps.push(ms),
    ...o,
  });
  t.teardown(async () => {
    client.close();
    await Promise.all([a.close(), b.close()]);
  });
  const seen = (e: EmulatorHandle) =>
    e.requests().map((r) => `${r.method} ${r.path.replace("/netlox/v1", "")}`);
  return { a, b, client, sleeps, seen, advance: (ms: number) => (clock += ms) };
}

test("failover: reads and writes go to the first endpoint while it is up", async (t) => {
  const { client, a, b, seen } = await pair(t);
  await client.createLoadBalancer(rule);
  await client.listLoadBalancers();
  t.deepEqual(seen(a), ["POST /config/loadbalancer", "GET /config/loadbalancer/all"]);
  t.deepEqual(seen(b), []);
});

test("failover: a down endpoint is skipped at once, without sleeping", async (t) => {
  const { client, a, b, seen, sleeps } = await pair(t);
  await a.faults.down();
  t.is(await client.createLoadBalancer(rule), "applied");
  t.deepEqual(sleeps, []);
  t.deepEqual(seen(b), ["POST /config/loadbalancer"]);
  t.is(b.rules().length, 1);
});

test("failover: the down endpoint stays skipped during the 30 s cool-down, then is re-probed", async (t) => {
  const { client, a, b, seen, advance } = await pair(t);
  await a.faults.down();
  await client.listLoadBalancers();
  await a.faults.up();
  advance(29_999);
  await client.listLoadBalancers();
  t.deepEqual(seen(a), [], "skipped while cooling down although it is back");
  advance(1);
  await client.listLoadBalancers();
  t.deepEqual(seen(a), ["GET /version", "GET /config/loadbalancer/all"], "probed with GET /version first");
  t.is(seen(b).length, 2);
});

test("failover: a failed re-probe restarts the cool-down and the call still succeeds elsewhere", async (t) => {
  const { client, a, b, advance } = await pair(t);
  await a.faults.down();
  await client.listLoadBalancers();
  advance(30_000);
  await client.listLoadBalancers();
  t.is(b.requests().length, 2);
  t.deepEqual(a.requests(), []);
});

test("failover: all endpoints down is AllEndpointsDown listing each endpoint's last failure", async (t) => {
  const { client, a, b, sleeps } = await pair(t, { apiRetries: 2 });
  await a.faults.down();
  await b.faults.down();
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: AllEndpointsDownError });
  t.deepEqual(
    e?.failures.map((f) => f.endpoint),
    [a.url, b.url],
  );
  t.true(e?.failures.every((f) => f instanceof Object && f.error instanceof NetworkError));
  t.true(e?.failures.every((f) => (f.error as NetworkError).code === "ECONNREFUSED"));
  t.regex(e?.message ?? "", new RegExp(`${a.url}.*ECONNREFUSED.*${b.url}`));
  t.deepEqual(sleeps, [1000, 2000], "a fully-down round is retried with backoff");
});

test("failover: when every endpoint is down the cool-down is ignored and recovery is immediate", async (t) => {
  const { client, a, b } = await pair(t, { apiRetries: 0 });
  await a.faults.down();
  await b.faults.down();
  await t.throwsAsync(client.listLoadBalancers(), { instanceOf: AllEndpointsDownError });
  await b.faults.up();
  t.deepEqual(await client.listLoadBalancers(), []);
  t.deepEqual(
    b.requests().map((r) => r.path),
    ["/netlox/v1/version", "/netlox/v1/config/loadbalancer/all"],
  );
  t.deepEqual(a.requests(), []);
});

test("failover: 5xx on the first endpoint is retried there, not failed over", async (t) => {
  const { client, a, b, sleeps } = await pair(t);
  a.faults.failNext({ method: "GET" }, { status: 502 });
  await client.listLoadBalancers();
  t.is(a.requests().length, 2);
  t.deepEqual(b.requests(), []);
  t.deepEqual(sleeps, [1000]);
});

test("replication: writes reach every instance in parallel", async (t) => {
  const { client, a, b } = await pair(t, { replication: "all" });
  t.is(await client.createLoadBalancer(rule), "applied");
  t.is(a.rules().length, 1);
  t.is(b.rules().length, 1);
  t.is(await client.deleteLoadBalancerRule("192.0.2.50", 80, "tcp"), "deleted");
  t.deepEqual([a.rules(), b.rules()], [[], []]);
});

test("replication: 'unchanged' only when every instance already had the rule", async (t) => {
  const { client, a, b } = await pair(t, { replication: "all" });
  await new LoxiLBClient({ apiEndpoints: [a.url] }).createLoadBalancer(rule);
  t.is(await client.createLoadBalancer(rule), "applied", "b did not have it");
  t.is(await client.createLoadBalancer(rule), "unchanged");
  t.is(b.rules().length, 1);
});

test("replication: one instance down is a Replication error naming failed and succeeded instances", async (t) => {
  const { client, a, b } = await pair(t, { replication: "all", apiRetries: 1 });
  await b.faults.down();
  const e = await t.throwsAsync(client.createLoadBalancer(rule), { instanceOf: ReplicationError });
  t.deepEqual(
    e?.failed.map((f) => f.endpoint),
    [b.url],
  );
  t.deepEqual(e?.succeeded, [a.url]);
  t.is(e?.failed[0]?.error._tag, "Network");
  t.regex(e?.message ?? "", /^createLoadBalancer: replication failed on 1 of 2 LoxiLB instances: /);
  t.is(a.rules().length, 1);
});

test("replication: an HTTP error on one instance fails the write too", async (t) => {
  const { client, a, b } = await pair(t, { replication: "all" });
  a.faults.failNext(
    { method: "POST" },
    { status: 403, body: { code: 403, message: "Capacity insufficient", result: "rule-hwm error" } },
  );
  const e = await t.throwsAsync(client.createLoadBalancer(rule), { instanceOf: ReplicationError });
  t.deepEqual(e?.succeeded, [b.url]);
  t.regex(e?.failed[0]?.error.message ?? "", /-> 403 rule-hwm error$/);
});

test("replication: reads come from the first healthy instance", async (t) => {
  const { client, a, b } = await pair(t, { replication: "all" });
  await client.listLoadBalancers();
  t.is(a.requests().length, 1);
  t.is(b.requests().length, 0);
  await a.faults.down();
  await client.listLoadBalancers();
  t.is(b.requests().length, 1);
});

test("failover: an endpoint that times out is marked down and skipped like a refused one", async (t) => {
  // 1 s: long enough that b answers in time on a loaded machine (at 0.2 s a slow b also timed out,
  // was retried, and its second POST found the rule: "unchanged"), short enough to keep the test quick.
  const { client, a, b, seen, sleeps } = await pair(t, { apiTimeout: 1 });
  a.faults.hangNext({}, 100);
  t.is(await client.createLoadBalancer(rule), "applied");
  t.deepEqual(sleeps, []);
  t.is(b.rules().length, 1);
  t.is((await client.listLoadBalancers()).length, 1, "read from b while a cools down");
  t.deepEqual(seen(b), ["POST /config/loadbalancer", "GET /config/loadbalancer/all"]);
  a.faults.clear();
});

test("replication: the instances are written in parallel, not one after the other", async (t) => {
  const { client, a, b } = await pair(t, { replication: "all" });
  a.faults.addLatency({ method: "POST" }, 150);
  b.faults.addLatency({ method: "POST" }, 150);
  await client.createLoadBalancer(rule);
  const [ra] = a.requests();
  const [rb] = b.requests();
  t.truthy(ra && rb);
  // Each request started before the other one finished: they overlapped.
  t.true((ra?.startedAt ?? 0) < (rb?.finishedAt ?? 0) && (rb?.startedAt ?? 0) < (ra?.finishedAt ?? 0));
});
