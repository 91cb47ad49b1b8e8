/** Emulator fidelity: endpoint probe hosts and `monitor` (docs/loxilb-facts.md §13). */
import test from "ava";
import {
  emulatorFor,
  ep,
  handlerErrorText,
  listRules,
  ruleBody,
  SUCCESS_TEXT,
  type Call,
} from "../helpers/emulator-http";

async function hosts(call: Call): Promise<Array<Record<string, unknown>>> {
  return ((await call("GET", "/config/endpoint/all")).json as { Attr: Array<Record<string, unknown>> }).Attr;
}

async function states(call: Call): Promise<string[]> {
  const [rule] = await listRules(call);
  return ((rule?.["endpoints"] ?? []) as Array<{ state: string }>).map((e) => e.state);
}

test("§13: no probe hosts is an empty Attr array, not null (as loxilb-peer v0.9.8 answers)", async (t) => {
  const { call } = await emulatorFor(t);
  const res = await call("GET", "/config/endpoint/all");
  t.is(res.text, '{"Attr":[]}\n');
});

test("§13: each rule endpoint gets a probe host keyed <ip>_<proto>_<port>; unprobed hosts show no timing", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({}, [ep("10.0.0.1", 8080)]));
  t.deepEqual(await hosts(call), [
    { currState: "ok", hostName: "10.0.0.1", name: "10.0.0.1_tcp_8080", probePort: 8080, probeType: "none" },
  ]);
});

test("§13: a probed host shows probeTimeout as probeDuration and probeRetries as inactiveReTries", async (t) => {
  const { call } = await emulatorFor(t);
  await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({ monitor: true, probeTimeout: 5, probeRetries: 3 }, [ep("10.0.0.1", 8080)]),
  );
  t.deepEqual(await hosts(call), [
    {
      currState: "ok",
      hostName: "10.0.0.1",
      inactiveReTries: 3,
      name: "10.0.0.1_tcp_8080",
      probeDuration: 5,
      probePort: 8080,
      probeType: "tcp",
    },
  ]);
});

test("§13: probe hosts are shared between rules, the first creator's options win, and go when unreferenced", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ monitor: true }, [ep("10.0.0.1", 8080)]));
  await call("POST", "/config/loadbalancer", ruleBody({ port: 81 }, [ep("10.0.0.1", 8080)]));
  const [host] = await hosts(call);
  t.is(host?.["probeType"], "tcp", "the monitoring creator's active probe");
  await call("DELETE", "/config/loadbalancer/externalipaddress/192.168.1.100/port/80/protocol/tcp");
  t.is((await hosts(call)).length, 1, "still referenced by the second rule");
  await call("DELETE", "/config/loadbalancer/externalipaddress/192.168.1.100/port/81/protocol/tcp");
  t.deepEqual(await hosts(call), []);
});

test("§13: a monitored rule reports inactive endpoints when setProbeResult says nok", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ monitor: true }, [ep("10.0.0.1"), ep("10.0.0.2")]));
  emu.setProbeResult("10.0.0.2", 8080, "tcp", "nok");
  t.deepEqual(await states(call), ["active", "inactive"]);
  emu.setProbeResult("10.0.0.2", 8080, "tcp", "ok");
  t.deepEqual(await states(call), ["active", "active"]);
});

test("§13: without monitor endpoints stay active even when the probe fails", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ mode: 2 }, [ep("10.0.0.1")]));
  emu.setProbeResult("10.0.0.1", 8080, "tcp", "nok");
  t.deepEqual(await states(call), ["active"]);
  t.like((await hosts(call))[0], { currState: "nok", probeType: "tcp" }, "full-NAT probes actively");
});

test("§5: a probetype other than none forces monitor, and the probe host uses the rule's probe port", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({ probetype: "udp", probeport: 9000 }, [ep("10.0.0.1")]),
  );
  emu.setProbeResult("10.0.0.1", 9000, "udp", "nok");
  t.deepEqual(await states(call), ["inactive"]);
  t.like((await hosts(call))[0], { name: "10.0.0.1_udp_9000", probePort: 9000 });
});

test("§13: POST /config/endpointhoststate red forces inactive, green clears it", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ monitor: true }, [ep("10.0.0.1")]));
  const red = await call("POST", "/config/endpointhoststate", { hostName: "10.0.0.1", state: "red" });
  t.is(red.text, SUCCESS_TEXT);
  t.deepEqual(await states(call), ["inactive"]);
  t.like((await hosts(call))[0], { currState: "red" });
  await call("POST", "/config/endpointhoststate", {
    hostName: "10.0.0.1",
    epPort: 8080,
    epProto: "tcp",
    state: "green",
  });
  t.deepEqual(await states(call), ["active"]);
});

test("§13: endpointhoststate validates state (422) and the host (404)", async (t) => {
  const { call } = await emulatorFor(t);
  const blue = await call("POST", "/config/endpointhoststate", { hostName: "10.0.0.1", state: "blue" });
  t.deepEqual(blue.json, { code: 606, message: "state in body should be one of [green yellow red]" });
  const missing = await call("POST", "/config/endpointhoststate", { hostName: "10.0.0.9", state: "red" });
  t.is(missing.status, 404);
});

test("§13: POST /config/endpoint creates a host; DELETE removes it, 404 when absent", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("POST", "/config/endpoint", {
    hostName: "10.1.1.1",
    probeType: "http",
    probePort: 80,
    probeReq: "/health",
  });
  t.is(r.text, SUCCESS_TEXT);
  t.deepEqual(await hosts(call), [
    {
      currState: "ok",
      hostName: "10.1.1.1",
      inactiveReTries: 2,
      name: "10.1.1.1_http_80",
      probeDuration: 60,
      probePort: 80,
      probeReq: "/health",
      probeType: "http",
    },
  ]);
  t.is((await call("DELETE", "/config/endpoint/epipaddress/10.1.1.1")).text, SUCCESS_TEXT);
  const again = await call("DELETE", "/config/endpoint/epipaddress/10.1.1.1");
  t.is(again.text, handlerErrorText(404, "Resource not found", "host-notfound error"));
});

test("§13: deleting a host a rule still uses is 409 LB Rule-referred", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({}, [ep("10.0.0.1")]));
  const r = await call("DELETE", "/config/endpoint/epipaddress/10.0.0.1");
  t.is(
    r.text,
    handlerErrorText(
      409,
      "Resource conflict: Resource already exists OR dependency not found",
      "LB Rule-referred",
    ),
  );
});

test("§13: POST /config/endpoint validates the address, retries, duration, probe type and probe port in loxilb's words", async (t) => {
  const { call } = await emulatorFor(t, { legacyErrors: true });
  for (const [body, result] of [
    [{ hostName: "not-ip", probeType: "ping" }, "host-parse error"],
    [{ hostName: "10.1.1.1", probeType: "ping", inactiveReTries: 101 }, "host-args error"],
    [{ hostName: "10.1.1.1", probeType: "ping", probeDuration: 86401 }, "host-args error"],
    [{ hostName: "10.1.1.1" }, "host-args unknown probe type"],
    [{ hostName: "10.1.1.1", probeType: "tcp" }, "host-args unknown probe port"],
  ] as const) {
    t.deepEqual((await call("POST", "/config/endpoint", body)).json, { result }, JSON.stringify(body));
  }
  t.deepEqual((await call("GET", "/config/endpoint/all")).json, { Attr: [] }, "nothing was stored");
});

test("§13: in the current error mode a refused probe host goes through loxilb's status table", async (t) => {
  const { call } = await emulatorFor(t);
  const args = { hostName: "10.1.1.1", probeType: "ping", inactiveReTries: 101 };
  t.is((await call("POST", "/config/endpoint", args)).status, 400, "'args error' is a bad request");
  const port = { hostName: "10.1.1.1", probeType: "tcp" };
  t.is((await call("POST", "/config/endpoint", port)).status, 500, "no needle of the table matches: 500");
  t.deepEqual((await call("POST", "/config/endpoint", {})).json, {
    code: 602,
    message: "hostName in body is required",
  });
});

test("§11: tombstoned endpoints release their probe hosts; revived ones get them back", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({}, [ep("10.0.0.1"), ep("10.0.0.2")]));
  await call("POST", "/config/loadbalancer", ruleBody({}, [ep("10.0.0.1")]));
  t.deepEqual(
    (await hosts(call)).map((h) => h["name"]),
    ["10.0.0.1_tcp_8080"],
  );
  await call("POST", "/config/loadbalancer", ruleBody({}, [ep("10.0.0.1"), ep("10.0.0.2")]));
  t.is((await hosts(call)).length, 2);
});

test("§13: a re-POST that changes probe options leaves existing endpoints' probe hosts as they were", async (t) => {
  const { call } = await emulatorFor(t);
  const probe = { probetype: "tcp", probeport: 9000 };
  await call("POST", "/config/loadbalancer", ruleBody({ ...probe, probereq: "a" }, [ep("10.0.0.1")]));
  const update = ruleBody({ ...probe, probereq: "b", probeRetries: 5, probeTimeout: 10 }, [
    ep("10.0.0.1"),
    ep("10.0.0.2"),
  ]);
  t.is((await call("POST", "/config/loadbalancer", update)).text, SUCCESS_TEXT);
  const view = (await hosts(call)).map((h) => [
    h["name"],
    h["probeReq"],
    h["inactiveReTries"],
    h["probeDuration"],
  ]);
  t.deepEqual(view, [
    ["10.0.0.1_tcp_9000", "a", 2, 60],
    ["10.0.0.2_tcp_9000", "b", 5, 10],
  ]);
});
