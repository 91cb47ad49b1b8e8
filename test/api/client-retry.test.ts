import test, { type ExecutionContext } from "ava";
import { startEmulator } from "../../provider/emulator";
import { LoxiLBClient } from "../../provider/api/client";
import { AllEndpointsDownError, DecodeError, HttpError, TimeoutError } from "../../provider/api/errors";
import type { FetchLike, LoxiLBClientOptions } from "../../provider/api/options";
import type { LoadbalanceEntry } from "../../provider/api/model";

const rule: LoadbalanceEntry = {
  serviceArguments: { externalIP: "192.0.2.30", port: 80, protocol: "tcp" },
  endpoints: [{ endpointIP: "10.0.0.1", targetPort: 80, weight: 1 }],
};

/** A client on a fresh emulator whose sleeps are recorded, never waited. */
async function setup(t: ExecutionContext, o: Partial<LoxiLBClientOptions> = {}) {
  const emulator = await startEmulator({});
  const sleeps: number[] = [];
  const client = new LoxiLBClient({
    apiEndpoints: [emulator.url],
    apiRetries: 3,
    apiRetryInterval: 1,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...o,
  });
  t.teardown(async () => {
    client.close();
    await emulator.close();
  });
  const count = (method: string) => emulator.requests().filter((r) => r.method === method).length;
  return { emulator, client, sleeps, count };
}

const LB = { path: "/config/loadbalancer" };

test("503 twice then success: two retries with jittered exponential backoff", async (t) => {
  const { client, emulator, sleeps, count } = await setup(t);
  emulator.faults.failNext({ method: "POST", ...LB }, { status: 503, count: 2 });
  t.is(await client.createLoadBalancer(rule), "applied");
  t.deepEqual(sleeps, [750, 1500]);
  t.is(count("POST"), 3);
});

test("every retryable status is retried until the retries are spent", async (t) => {
  for (const status of [408, 429, 500, 502, 503, 504]) {
    const { client, emulator, sleeps, count } = await setup(t, { random: () => 1 });
    emulator.faults.failNext({ method: "GET" }, { status, count: 10 });
    const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
    t.is(e?.status, status);
    t.deepEqual(sleeps, [1000, 2000, 4000], String(status));
    t.is(count("GET"), 4);
  }
});

test("Retry-After in seconds replaces the backoff", async (t) => {
  const { client, emulator, sleeps } = await setup(t);
  emulator.faults.failNext({ method: "POST", ...LB }, { status: 429, retryAfterSeconds: 7 });
  t.is(await client.createLoadBalancer(rule), "applied");
  t.deepEqual(sleeps, [7000]);
});

test("Retry-After is capped at 60 s", async (t) => {
  const { client, emulator, sleeps } = await setup(t);
  emulator.faults.failNext({ method: "POST", ...LB }, { status: 503, retryAfterSeconds: 3600 });
  await client.createLoadBalancer(rule);
  t.deepEqual(sleeps, [60_000]);
});

test("Retry-After as an HTTP date is relative to the injected clock", async (t) => {
  const now = Date.parse("2026-03-01T12:00:00Z");
  let calls = 0;
  const fetch: FetchLike = async () => {
    calls++;
    const first = calls === 1;
    return {
      status: first ? 503 : 200,
      headers: { get: (h) => (first && h === "retry-after" ? "Sun, 01 Mar 2026 12:00:04 GMT" : null) },
      text: async () =>
        first ? '{"code":503,"message":"Maintenance mode","result":"not-ready"}' : '{"lbAttr":[]}',
    };
  };
  const sleeps: number[] = [];
  const client = new LoxiLBClient({
    apiEndpoints: ["http://loxilb.test:11111"],
    fetch,
    now: () => now,
    sleep: async (ms) => void sleeps.push(ms),
  });
  t.deepEqual(await client.listLoadBalancers(), []);
  t.deepEqual(sleeps, [4000]);
});

test("400, 401, 403, 404, 405, 409 and 422 are never retried", async (t) => {
  for (const status of [400, 401, 403, 404, 405, 409, 422]) {
    const { client, emulator, sleeps, count } = await setup(t);
    emulator.faults.failNext({ method: "GET" }, { status, body: { code: status, message: "nope" } });
    const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
    t.is(e?.status, status);
    t.deepEqual(sleeps, []);
    t.is(count("GET"), 1, String(status));
  }
});

test("a decode error is never retried", async (t) => {
  const { client, emulator, sleeps, count } = await setup(t);
  emulator.faults.failNext({ method: "GET" }, { status: 200, body: { lbAttr: "not a list" } });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
  t.regex(e?.message ?? "", /lbAttr/);
  t.deepEqual(sleeps, []);
  t.is(count("GET"), 1);
});

test("a reset connection is retried on the same endpoint (POST reconciles by key)", async (t) => {
  const { client, emulator, sleeps } = await setup(t);
  emulator.faults.resetNext({ method: "POST", ...LB }, 1);
  t.is(await client.createLoadBalancer(rule), "applied");
  t.deepEqual(sleeps, [750]);
  t.is(emulator.rules().length, 1);
});

test("a hung request times out after apiTimeout and is retried", async (t) => {
  const { client, emulator, sleeps } = await setup(t, { apiTimeout: 0.2 });
  emulator.faults.hangNext({ method: "GET" }, 1);
  t.deepEqual(await client.listLoadBalancers(), []);
  t.deepEqual(sleeps, [750]);
  t.deepEqual(
    emulator.requests().map((r) => `${r.method} ${r.path}`),
    ["GET /netlox/v1/version", "GET /netlox/v1/config/loadbalancer/all"],
    "the hung request never got an answer; the endpoint was probed, then asked again",
  );
});

test("timeouts on every attempt end in AllEndpointsDown carrying the Timeout", async (t) => {
  const { client, emulator, sleeps } = await setup(t, { apiTimeout: 0.1, apiRetries: 1 });
  emulator.faults.hangNext({}, 10);
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: AllEndpointsDownError });
  t.is(e?.failures.length, 1);
  t.true(e?.failures[0]?.error instanceof TimeoutError);
  t.is(sleeps.length, 1);
});

test("apiRetries 0 means a single attempt", async (t) => {
  const { client, emulator, count } = await setup(t, { apiRetries: 0 });
  emulator.faults.failNext({ method: "GET" }, { status: 503 });
  await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
  t.is(count("GET"), 1);
});
