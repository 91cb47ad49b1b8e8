import test from "ava";
import * as http from "http";
import type { AddressInfo } from "net";
import { LoxiLBClient } from "../../provider/api/client";
import { DecodeError, HttpError, isRouteNotFound } from "../../provider/api/errors";
import { startEmulator } from "../../provider/emulator";

interface Canned {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/** A server that answers every request with one canned response and counts requests. */
async function cannedServer(t: import("ava").ExecutionContext, canned: Canned) {
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    req.resume();
    req.on("end", () => {
      res.writeHead(canned.status, { "Content-Type": canned.type });
      res.end(canned.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = new LoxiLBClient({
    apiEndpoints: [`http://127.0.0.1:${(server.address() as AddressInfo).port}`],
    sleep: async () => {},
  });
  t.teardown(() => {
    client.close();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { client, requests: () => count };
}

const json = "application/json";

test("truncated JSON is a Decode error saying invalid JSON, not retried", async (t) => {
  const { client, requests } = await cannedServer(t, { status: 200, type: json, body: '{"lbAttr":[{"serv' });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
  t.is(e?._tag, "Decode");
  t.regex(
    e?.message ?? "",
    /^GET http:\/\/127\.0\.0\.1:\d+\/netlox\/v1\/config\/loadbalancer\/all -> 200 .*invalid JSON/,
  );
  t.is(requests(), 1);
});

test("an HTML page is a Decode error that says so", async (t) => {
  const { client } = await cannedServer(t, {
    status: 200,
    type: "text/html",
    body: "<!doctype html><html><body>Login</body></html>",
  });
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: DecodeError });
  t.deepEqual(e?.problems.length, 1);
  t.regex(e?.problems[0] ?? "", /^invalid JSON \(got an HTML page\)/);
});

test("wrong types are Decode errors naming the path", async (t) => {
  const body = JSON.stringify({
    lbAttr: [{ serviceArguments: { externalIP: "192.0.2.1", port: "80", sel: 9 }, endpoints: null }],
  });
  const { client } = await cannedServer(t, { status: 200, type: json, body });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
  t.deepEqual(e?.problems, [
    'lbAttr.0.serviceArguments.port: expected an integer, got "80"',
    "lbAttr.0.serviceArguments.sel: expected one of 0 (rr), 1 (hash), 2 (priority), 3 (persist), 4 (lc), 5 (n2), 6 (n3), got 9",
  ]);
});

test("a write answered with something other than {result} is a Decode error", async (t) => {
  const { client } = await cannedServer(t, { status: 200, type: json, body: '{"ok":true}' });
  const e = await t.throwsAsync(client.deleteAllLoadBalancers(), { instanceOf: DecodeError });
  t.regex(e?.message ?? "", /result: expected string, got nothing/);
});

test("an error status with an HTML body is still an Http error carrying the status", async (t) => {
  const { client, requests } = await cannedServer(t, {
    status: 403,
    type: "text/html",
    body: "<html><body><h1>Forbidden</h1> by proxy</body></html>",
  });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
  t.is(e?.status, 403);
  t.is(e?.loxilbMessage, "Forbidden by proxy");
  t.is(requests(), 1);
});

test("an empty 200 body on a read is a Decode error, never a crash", async (t) => {
  const { client } = await cannedServer(t, { status: 200, type: json, body: "" });
  const e = await t.throwsAsync(client.getClusterStates(), { instanceOf: DecodeError });
  t.regex(e?.problems[0] ?? "", /^invalid JSON/);
});

test("Prometheus text that is not exposition format is a Decode error", async (t) => {
  const { client } = await cannedServer(t, { status: 200, type: "text/plain", body: "hello world\n" });
  const e = await t.throwsAsync(client.getMetrics(), { instanceOf: DecodeError });
  t.deepEqual(e?.problems, ["line 1: not a Prometheus sample: hello world"]);
});

test("a router 404 (wrong base URL) on delete is an error, not 'absent'", async (t) => {
  const { client } = await cannedServer(t, {
    status: 404,
    type: json,
    body: '{"code":404,"message":"path /netlox/v1/netlox/v1/config/loadbalancer/all was not found"}',
  });
  const e = await t.throwsAsync(client.deleteLoadBalancerRule("192.0.2.1", 80, "tcp"), {
    instanceOf: HttpError,
  });
  t.true(isRouteNotFound(e));
  t.regex(e?.message ?? "", /-> 404 path .* was not found$/);
});

// ---- the same against the emulator's injected answers -------------------------------------------

async function emulated(t: import("ava").ExecutionContext) {
  const emulator = await startEmulator({});
  const client = new LoxiLBClient({ apiEndpoints: [emulator.url], sleep: async () => {} });
  t.teardown(async () => {
    client.close();
    await emulator.close();
  });
  return { emulator, client };
}

test("emulator: truncated JSON, an HTML page and wrong types are Decode errors, each asked once", async (t) => {
  const { emulator, client } = await emulated(t);
  const GET_ALL = { method: "GET", path: "/config/loadbalancer/all" };
  emulator.faults.failNext(GET_ALL, { status: 200, body: '{"lbAttr":[{"serviceArguments":{"exter' });
  const truncated = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
  t.regex(truncated?.problems[0] ?? "", /^invalid JSON: /);

  emulator.faults.failNext(
    { path: "/version" },
    { status: 200, body: "<html><body>502 Bad Gateway</body></html>" },
  );
  const html = await t.throwsAsync(client.getVersion(), { instanceOf: DecodeError });
  t.regex(html?.problems[0] ?? "", /^invalid JSON \(got an HTML page\)/);

  emulator.faults.failNext(GET_ALL, {
    status: 200,
    body: { lbAttr: [{ serviceArguments: { externalIP: 7 } }] },
  });
  const types = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
  t.deepEqual(types?.problems, [
    "lbAttr.0.serviceArguments.externalIP: expected string, got 7",
    "lbAttr.0.serviceArguments.port: expected an integer, got nothing",
  ]);
  t.is(emulator.requests().length, 3, "no decode error was retried");
});

test("emulator: a write answered with an unexpected JSON shape is a Decode error", async (t) => {
  const { emulator, client } = await emulated(t);
  emulator.faults.failNext({ method: "DELETE" }, { status: 200, body: { deleted: true } });
  const e = await t.throwsAsync(client.deleteAllLoadBalancers(), { instanceOf: DecodeError });
  t.deepEqual(e?.problems, ["result: expected string, got nothing"]);
});
