/**
 * Hardening: hostile JSON answers (nested hundreds of thousands of levels deep, or with thousands of
 * wrong items) are typed `DecodeError`s that name the request, with a short, bounded problems list,
 * never a bare `RangeError`.
 */
import test, { type ExecutionContext } from "ava";
import * as http from "http";
import type { AddressInfo } from "net";
import { LoxiLBClient } from "../../provider/api/client";
import { DecodeError, HttpError } from "../../provider/api/errors";
import type { LoxiLBClientOptions } from "../../provider/api/options";

/** A server answering every request with one canned response (counting requests), and a client on it. */
async function canned(
  t: ExecutionContext,
  status: number,
  body: string,
  o: Partial<LoxiLBClientOptions> = {},
): Promise<{ client: LoxiLBClient; base: string; requests: () => number }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    req.resume();
    req.on("end", () => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new LoxiLBClient({ apiEndpoints: [base], sleep: async () => {}, ...o });
  t.teardown(() => {
    client.close();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { client, base, requests: () => count };
}

const LEVELS = 500_000;
const deepArray = `${"[".repeat(LEVELS)}${"]".repeat(LEVELS)}`;
const deepObject = `${'{"a":'.repeat(LEVELS)}1${"}".repeat(LEVELS)}`;

test("an answer nested 500,000 arrays deep is a Decode error naming the request", async (t) => {
  const { client, base, requests } = await canned(t, 200, deepArray);
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
  t.deepEqual(e?.problems, ["invalid JSON: nested more than 256 levels deep"]);
  t.is(
    e?.message,
    `GET ${base}/netlox/v1/config/loadbalancer/all -> 200 undecodable response: invalid JSON: nested more than 256 levels deep`,
  );
  t.is(e?.status, 200);
  t.is(requests(), 1, "not retried");
});

test("an answer nested 500,000 objects deep is a Decode error naming the request", async (t) => {
  const { client, base } = await canned(t, 200, deepObject);
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: DecodeError });
  t.is(
    e?.message,
    `GET ${base}/netlox/v1/version -> 200 undecodable response: invalid JSON: nested more than 256 levels deep`,
  );
});

test("a deeply nested answer to a write is a Decode error, also with debug logging on", async (t) => {
  const lines: string[] = [];
  const { client, base } = await canned(t, 200, deepObject, {
    debugApiCalls: true,
    logger: (l) => lines.push(l),
  });
  const e = await t.throwsAsync(client.deleteAllLoadBalancers(), { instanceOf: DecodeError });
  t.is(
    e?.message,
    `DELETE ${base}/netlox/v1/config/loadbalancer/all -> 200 undecodable response: invalid JSON: nested more than 256 levels deep`,
  );
  t.is(lines.length, 1);
  t.regex(
    lines[0] ?? "",
    /^loxilb-api DELETE .* -> 200 \d+ms request=- response=\{"a":\{"a":.*more chars\)$/,
  );
});

test("a deeply nested error body is still an Http error carrying its status", async (t) => {
  const { client, base } = await canned(t, 404, deepArray, { apiRetries: 0 });
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: HttpError });
  t.is(e?.status, 404);
  t.is(e?.message.slice(0, 80), `GET ${base}/netlox/v1/version -> 404 ${"[".repeat(80)}`.slice(0, 80));
  t.true((e?.message.length ?? 0) < 400);
});

test("a value nested just within the limit decodes its problems normally", async (t) => {
  const value = `${"[".repeat(200)}${"]".repeat(200)}`;
  const { client } = await canned(t, 200, `{"version":${value}}`);
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: DecodeError });
  t.deepEqual(e?.problems, [`version: expected string, got ${"[".repeat(57)}...`]);
});

test("thousands of wrong items give a short, bounded problems list", async (t) => {
  const bad = { serviceArguments: { externalIP: "192.0.2.1", port: "80" }, endpoints: null };
  const { client, base } = await canned(
    t,
    200,
    JSON.stringify({ lbAttr: Array.from({ length: 10_000 }, () => bad) }),
  );
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
  t.deepEqual(e?.problems, [
    'lbAttr.0.serviceArguments.port: expected an integer, got "80"',
    'lbAttr.1.serviceArguments.port: expected an integer, got "80"',
    'lbAttr.2.serviceArguments.port: expected an integer, got "80"',
    'lbAttr.3.serviceArguments.port: expected an integer, got "80"',
    'lbAttr.4.serviceArguments.port: expected an integer, got "80"',
    'lbAttr.5.serviceArguments.port: expected an integer, got "80"',
    'lbAttr.6.serviceArguments.port: expected an integer, got "80"',
    'lbAttr.7.serviceArguments.port: expected an integer, got "80"',
    'lbAttr.8.serviceArguments.port: expected an integer, got "80"',
    'lbAttr.9.serviceArguments.port: expected an integer, got "80"',
    "... and 9990 more problems",
  ]);
  t.true(
    e?.message.startsWith(`GET ${base}/netlox/v1/config/loadbalancer/all -> 200 undecodable response: `),
  );
  t.true((e?.message.length ?? Infinity) < 1_000);
});

test("thousands of bad metrics lines give a short, bounded problems list", async (t) => {
  const text = Array.from({ length: 50_000 }, (_, i) => `bad line ${i}`).join("\n");
  const { client } = await canned(t, 200, text);
  const e = await t.throwsAsync(client.getMetrics(), { instanceOf: DecodeError });
  t.is(e?.problems.length, 11);
  t.is(e?.problems[0], "line 1: not a Prometheus sample: bad line 0");
  t.is(e?.problems[10], "... and 49990 more problems");
});

test("a DecodeError shortens each problem to 300 characters", (t) => {
  const request = {
    method: "GET",
    url: "http://127.0.0.1:1/netlox/v1/version",
    endpoint: "http://127.0.0.1:1",
  };
  const e = new DecodeError(request, 200, [`version: ${"v".repeat(5_000)}`]);
  t.is(e.problems.length, 1);
  t.is(e.problems[0], `version: ${"v".repeat(288)}...`);
  t.is(e.problems[0]?.length, 300);
});
