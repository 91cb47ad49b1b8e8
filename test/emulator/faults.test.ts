/** Emulator faults and evidence: failNext, latency, reset, hang, down/up, the request log, the timeline. */
import test from "ava";
import { emulatorFor, rawRequest, ruleBody } from "../helpers/emulator-http";

test("failNext answers the next matching requests with the status, body and Retry-After", async (t) => {
  const { call, emu } = await emulatorFor(t);
  emu.faults.failNext(
    { method: "GET", path: "/config/loadbalancer/all" },
    { status: 503, count: 2, retryAfterSeconds: 7 },
  );
  const first = await call("GET", "/config/loadbalancer/all");
  t.is(first.status, 503);
  t.is(first.headers.get("retry-after"), "7");
  t.deepEqual(first.json, { code: 503, message: "Service Unavailable" });
  t.is((await call("GET", "/version")).status, 200, "other paths are untouched");
  t.is((await call("GET", "/config/loadbalancer/all")).status, 503);
  t.is((await call("GET", "/config/loadbalancer/all")).status, 200);
});

test("failNext with a RegExp path and a custom body", async (t) => {
  const { call, emu } = await emulatorFor(t);
  emu.faults.failNext({ path: /^\/config\// }, { status: 200, body: { lbAttr: "oops" } });
  t.is((await call("GET", "/config/loadbalancer/all")).text, '{"lbAttr":"oops"}\n');
});

test("addLatency delays matching requests", async (t) => {
  const { call, emu } = await emulatorFor(t);
  emu.faults.addLatency({ method: "GET" }, 150, 1);
  const started = Date.now();
  await call("GET", "/version");
  t.true(Date.now() - started >= 140);
});

test("resetNext destroys the connection without applying the request", async (t) => {
  const { call, emu } = await emulatorFor(t);
  emu.faults.resetNext({ method: "POST" });
  await t.throwsAsync(call("POST", "/config/loadbalancer", ruleBody()));
  t.deepEqual(emu.rules(), []);
  t.is((await call("POST", "/config/loadbalancer", ruleBody())).status, 200);
});

test("hangNext never answers until clear() releases (destroys) the request", async (t) => {
  const { call, emu } = await emulatorFor(t);
  emu.faults.hangNext({ method: "GET" });
  const hung = call("GET", "/version");
  let answered = false;
  hung.then(
    () => (answered = true),
    () => (answered = true),
  );
  // Wait until the emulator has taken the request (the hang is consumed), however slow the machine.
  while (emu.faults.held() === 0) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 100));
  t.false(answered, "a held request gets no answer");
  emu.faults.clear();
  await t.throwsAsync(hung);
  t.is((await call("GET", "/version")).status, 200);
});

test("down() refuses connections (ECONNREFUSED) and up() serves the same port with state kept", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody());
  await emu.faults.down();
  const err = await t.throwsAsync(call("GET", "/version"));
  t.is((err?.cause as { code?: string } | undefined)?.code, "ECONNREFUSED");
  await emu.faults.up();
  t.is(emu.rules().length, 1);
  t.is((await call("GET", "/version")).status, 200);
});

test("the request log records method, path with query, status, parsed body and timestamps", async (t) => {
  let clock = 100;
  const { call, emu } = await emulatorFor(t, { now: () => clock });
  await call("POST", "/config/loadbalancer", ruleBody());
  clock = 200;
  await call("DELETE", "/config/loadbalancer/externalipaddress/192.168.1.100/port/80/protocol/tcp?block=0");
  clock = 300;
  await call("POST", "/config/loadbalancer", "not json");
  const del = "/netlox/v1/config/loadbalancer/externalipaddress/192.168.1.100/port/80/protocol/tcp?block=0";
  t.deepEqual(emu.requests(), [
    {
      method: "POST",
      path: "/netlox/v1/config/loadbalancer",
      status: 200,
      body: ruleBody(),
      startedAt: 100,
      finishedAt: 100,
    },
    { method: "DELETE", path: del, status: 200, body: undefined, startedAt: 200, finishedAt: 200 },
    {
      method: "POST",
      path: "/netlox/v1/config/loadbalancer",
      status: 400,
      body: "not json",
      startedAt: 300,
      finishedAt: 300,
    },
  ]);
  emu.clearRequests();
  t.deepEqual(emu.requests(), []);
});

test("the HTTP control API injects faults and exposes the log and the timeline", async (t) => {
  const { call, emu } = await emulatorFor(t);
  const ctl = (method: string, path: string, body?: unknown) =>
    rawRequest(`${emu.url}/__emulator${path}`, method, body);
  t.is(
    (
      await ctl("POST", "/faults/fail", {
        method: "POST",
        path: "/config/loadbalancer",
        status: 429,
        retryAfterSeconds: 2,
      })
    ).status,
    200,
  );
  const limited = await call("POST", "/config/loadbalancer", ruleBody());
  t.is(limited.status, 429);
  t.is(limited.headers.get("retry-after"), "2");
  await call("POST", "/config/loadbalancer", ruleBody());
  await call("DELETE", "/config/loadbalancer/all");
  const timeline = (await ctl("GET", "/timeline?key=tcp:192.168.1.100:80")).json as {
    absent: Array<{ key: string; to?: number }>;
  };
  t.is(timeline.absent.length, 1);
  t.is(timeline.absent[0]?.to, undefined, "still absent");
  const log = (await ctl("GET", "/requests")).json as { requests: Array<{ status: number; path: string }> };
  t.deepEqual(
    log.requests.map((r) => `${r.status} ${r.path}`),
    [
      "429 /netlox/v1/config/loadbalancer",
      "200 /netlox/v1/config/loadbalancer",
      "200 /netlox/v1/config/loadbalancer/all",
    ],
    "control calls are not logged",
  );
  await ctl("POST", "/faults/hang", { method: "GET" });
  await ctl("POST", "/faults/clear");
  t.is((await call("GET", "/version")).status, 200, "clear removed the pending hang");
});

test("the HTTP control API takes the emulator down for ?ms and brings it back", async (t) => {
  const { call, emu } = await emulatorFor(t);
  t.is((await rawRequest(`${emu.url}/__emulator/faults/down?ms=200`, "POST")).status, 200);
  await new Promise((r) => setTimeout(r, 50));
  await t.throwsAsync(call("GET", "/version"));
  await new Promise((r) => setTimeout(r, 300));
  t.is((await call("GET", "/version")).status, 200);
});

test("the HTTP control API drives probe results and traffic", async (t) => {
  const { call, emu } = await emulatorFor(t);
  const ctl = (path: string, body: unknown) => rawRequest(`${emu.url}/__emulator${path}`, "POST", body);
  await call("POST", "/config/loadbalancer", ruleBody({ monitor: true }));
  await ctl("/probe", { ip: "10.0.0.11", port: 8080, proto: "tcp", result: "nok" });
  t.is(emu.rules()[0]?.endpoints[0]?.state, "inactive");
  await ctl("/probe", { ip: "10.0.0.11", port: 8080, proto: "tcp", result: "ok" });
  await ctl("/traffic", { externalIP: "192.168.1.100", port: 80, protocol: "tcp", packets: 3, bytes: 30 });
  t.is(emu.rules()[0]?.endpoints[0]?.counter, "3:30");
  t.is(
    (await ctl("/traffic", { externalIP: "192.0.2.1", port: 1, protocol: "tcp", packets: 1, bytes: 1 }))
      .status,
    400,
  );
});
