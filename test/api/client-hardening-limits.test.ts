/**
 * Hardening: response bodies are bounded by `maxResponseBytes`. Past the cap the client stops reading
 * (the connection is destroyed, memory stays flat) and fails with a `ResponseTooLargeError` (a
 * `DecodeError`, `_tag: "Decode"`, never retried); a `Content-Length` above the cap fails at once.
 */
import test, { type ExecutionContext } from "ava";
import * as http from "http";
import type { AddressInfo } from "net";
import { LoxiLBClient } from "../../provider/api/client";
import { ConfigError, DecodeError } from "../../provider/api/errors";
import { nodeFetchTransport } from "../../provider/api/http-fetch";
import { resolveLoxilbOptions, type FetchLike, type LoxiLBClientOptions } from "../../provider/api/options";

const MiB = 1024 * 1024;

interface Streamer {
  readonly base: string;
  readonly requests: () => number;
  /** Bytes the server managed to write for the last response. */
  readonly written: () => number;
  /** Resolves when the server sees the last response's connection closed. */
  readonly closed: () => Promise<void>;
}

type Respond = (res: http.ServerResponse, count: number, onWrite: (n: number) => void) => void;

/** A server whose answers are written by `respond`; every connection is destroyed in teardown. */
async function streamer(t: ExecutionContext, respond: Respond): Promise<Streamer> {
  let count = 0;
  let written = 0;
  let closed: Promise<void> = Promise.resolve();
  const server = http.createServer((req, res) => {
    count++;
    written = 0;
    closed = new Promise<void>((resolve) => res.on("close", () => resolve()));
    req.resume();
    req.on("end", () => respond(res, count, (n) => (written += n)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    written: () => written,
    closed: () => closed,
  };
}

/** An endless `200` JSON body, written as fast as the client reads it (the server honours backpressure). */
const endless: Respond = (res, _count, onWrite) => {
  const chunk = Buffer.from('{"x":1},'.repeat(8192));
  res.writeHead(200, { "Content-Type": "application/json" });
  res.write('{"lbAttr":[');
  const pump = (): void => {
    while (!res.destroyed && !res.writableEnded) {
      onWrite(chunk.length);
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
  };
  pump();
};

function clientOn(t: ExecutionContext, base: string, o: Partial<LoxiLBClientOptions> = {}): LoxiLBClient {
  const client = new LoxiLBClient({ apiEndpoints: [base], sleep: async () => {}, ...o });
  t.teardown(() => client.close());
  return client;
}

const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)),
  ]);

test.serial("an endless body is cut at maxResponseBytes, without memory growth", async (t) => {
  const server = await streamer(t, endless);
  const client = clientOn(t, server.base, { maxResponseBytes: MiB, apiTimeout: 5, apiRetries: 2 });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const started = Date.now();
  try {
    const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
    t.is(e?.name, "LoxiLBResponseTooLargeError");
    t.is(e?._tag, "Decode");
    t.is(e?.status, 200);
    t.is(
      e?.message,
      `GET ${server.base}/netlox/v1/config/loadbalancer/all -> 200 undecodable response: ` +
        `response body exceeds maxResponseBytes (1048576 bytes)`,
    );
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  t.log(
    `rss growth ${((peak - baseline) / MiB).toFixed(1)} MiB, server wrote ${(server.written() / MiB).toFixed(1)} MiB`,
  );
  t.true(Date.now() - started < 3_000, "failed before the 5 s timeout");
  t.true(peak - baseline < 64 * MiB, `rss grew by ${Math.round((peak - baseline) / MiB)} MiB`);
  await within(server.closed(), 2_000, "the client closes the connection");
  t.true(server.written() < 32 * MiB, `the server wrote ${Math.round(server.written() / MiB)} MiB`);
  t.is(server.requests(), 1, "not retried");
});

test("a body declared as 200 MB is rejected at its headers, and the client stays usable", async (t) => {
  const server = await streamer(t, (res, count) => {
    if (count > 1) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"version":"v0.9.8"}');
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(200 * MiB) });
    res.write(`{"version":"${"v".repeat(64 * 1024)}`);
  });
  const client = clientOn(t, server.base, { apiTimeout: 3, apiRetries: 3 });
  const started = Date.now();
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: DecodeError });
  t.is(e?.name, "LoxiLBResponseTooLargeError");
  t.is(
    e?.message,
    `GET ${server.base}/netlox/v1/version -> 200 undecodable response: ` +
      `response body of 209715200 bytes (Content-Length) exceeds maxResponseBytes (67108864 bytes)`,
  );
  t.true(Date.now() - started < 2_000, "rejected before the 3 s timeout");
  await within(server.closed(), 2_000, "the client closes the connection");
  t.is(server.requests(), 1, "not retried");
  t.deepEqual(await client.getVersion(), { version: "v0.9.8" });
});

test("a body of exactly maxResponseBytes is read; one byte more is not", async (t) => {
  const body = (size: number) => `{"version":"v"}${" ".repeat(size - 15)}`;
  const server = await streamer(t, (res, count) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(body(count === 1 ? 1024 : 1025));
  });
  const client = clientOn(t, server.base, { maxResponseBytes: 1024 });
  t.deepEqual(await client.getVersion(), { version: "v" });
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: DecodeError });
  t.is(e?.name, "LoxiLBResponseTooLargeError");
  t.deepEqual(e?.problems, ["response body exceeds maxResponseBytes (1024 bytes)"]);
});

test("an oversized error answer is cut too and not retried", async (t) => {
  const server = await streamer(t, (res, _count, onWrite) => {
    res.writeHead(500, { "Content-Type": "text/plain" });
    onWrite(2 * MiB);
    res.end("e".repeat(2 * MiB));
  });
  const client = clientOn(t, server.base, { maxResponseBytes: MiB, apiRetries: 3 });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
  t.is(e?.status, 500);
  t.deepEqual(e?.problems, ["response body exceeds maxResponseBytes (1048576 bytes)"]);
  t.is(server.requests(), 1);
});

test("an injected fetch is held to maxResponseBytes: by Content-Length before reading, and by size after", async (t) => {
  let reads = 0;
  const big = "x".repeat(2 * MiB);
  const declared: FetchLike = async () => ({
    status: 200,
    headers: { get: (name) => (name.toLowerCase() === "content-length" ? String(big.length) : null) },
    text: async () => {
      reads++;
      return big;
    },
  });
  const undeclared: FetchLike = async () => ({
    status: 200,
    headers: { get: () => null },
    text: async () => big,
  });
  const a = clientOn(t, "http://127.0.0.1:1", { fetch: declared, maxResponseBytes: MiB });
  const e1 = await t.throwsAsync(a.getVersion(), { instanceOf: DecodeError });
  t.deepEqual(e1?.problems, [
    "response body of 2097152 bytes (Content-Length) exceeds maxResponseBytes (1048576 bytes)",
  ]);
  t.is(reads, 0, "the body was never read");
  const b = clientOn(t, "http://127.0.0.1:1", { fetch: undeclared, maxResponseBytes: MiB });
  const e2 = await t.throwsAsync(b.getVersion(), { instanceOf: DecodeError });
  t.deepEqual(e2?.problems, ["response body exceeds maxResponseBytes (1048576 bytes)"]);
});

test("the node-fetch transport stops an endless body at maxResponseBytes too", async (t) => {
  const server = await streamer(t, endless);
  const client = clientOn(t, server.base, {
    fetch: nodeFetchTransport,
    maxResponseBytes: MiB,
    apiTimeout: 5,
  });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: DecodeError });
  t.deepEqual(e?.problems, ["response body exceeds maxResponseBytes (1048576 bytes)"]);
  await within(server.closed(), 2_000, "the client closes the connection");
});

test("maxResponseBytes comes from LOXILB_MAX_RESPONSE_BYTES and loxilb:maxResponseBytes", (t) => {
  const env = { LOXILB_API_ENDPOINTS: "http://127.0.0.1:1", LOXILB_MAX_RESPONSE_BYTES: "1048576" };
  t.is(resolveLoxilbOptions({ env }).maxResponseBytes, 1_048_576);
  const config = (k: string) => (k === "loxilb:maxResponseBytes" ? "2097152" : undefined);
  t.is(resolveLoxilbOptions({ env, config }).maxResponseBytes, 2_097_152);
  t.is(resolveLoxilbOptions({ env, config, overrides: { maxResponseBytes: 4096 } }).maxResponseBytes, 4096);
});

test("an invalid maxResponseBytes is a Config error naming its source", (t) => {
  const e = t.throws(
    () =>
      resolveLoxilbOptions({
        env: { LOXILB_API_ENDPOINTS: "http://h:1", LOXILB_MAX_RESPONSE_BYTES: "lots" },
      }),
    { instanceOf: ConfigError },
  );
  t.is(
    e?.message,
    'invalid LoxiLB client configuration LOXILB_MAX_RESPONSE_BYTES: expected an integer >= 1, got "lots"',
  );
  const zero = t.throws(() => new LoxiLBClient({ apiEndpoints: ["http://h:1"], maxResponseBytes: 0 }), {
    instanceOf: ConfigError,
  });
  t.is(
    zero?.message,
    "invalid LoxiLB client configuration maxResponseBytes: expected an integer >= 1, got 0",
  );
});
