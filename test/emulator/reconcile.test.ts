/** Emulator fidelity: re-POST of an existing key reconciles in place (docs/loxilb-facts.md §10, §11). */
import test from "ava";
import {
  emulatorFor,
  endpointIps,
  ep,
  handlerErrorText,
  listRules,
  ruleBody,
} from "../helpers/emulator-http";

const EXISTS = handlerErrorText(
  409,
  "Resource conflict: Resource already exists OR dependency not found",
  "lbrule-exists error",
);
const A = ep("10.0.0.1");
const B = ep("10.0.0.2");
const C = ep("10.0.0.3");
const post = (sa: Record<string, unknown>, eps: Array<Record<string, unknown>>) => ruleBody(sa, eps);

test("§11: the 12-step reconcile table gives loxilb's statuses and visible endpoint lists", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({}, [A, B]));
  const steps: Array<
    [string, Record<string, unknown>, Array<Record<string, unknown>>, number, string[] | null]
  > = [
    ["1 same list", {}, [A, B], 409, ["10.0.0.1", "10.0.0.2"]],
    ["2 drop B", {}, [A], 200, ["10.0.0.1"]],
    ["3 [A] again (tombstone counts)", {}, [A], 200, ["10.0.0.1"]],
    ["4 revive B in place", {}, [A, B], 200, ["10.0.0.1", "10.0.0.2"]],
    ["5 same again", {}, [A, B], 409, ["10.0.0.1", "10.0.0.2"]],
    ["6 weight change", {}, [ep("10.0.0.1", 8080, 5), B], 200, ["10.0.0.1", "10.0.0.2"]],
    ["7 attach C", { oper: 1 }, [C], 200, ["10.0.0.1", "10.0.0.2", "10.0.0.3"]],
    ["8 attach C again", { oper: 1 }, [C], 409, ["10.0.0.1", "10.0.0.2", "10.0.0.3"]],
    ["9 detach A", { oper: 2 }, [A], 200, ["10.0.0.2", "10.0.0.3"]],
    ["10 detach absent X", { oper: 2 }, [ep("10.0.0.99")], 409, ["10.0.0.2", "10.0.0.3"]],
    ["11 [A] (B, C tombstoned, A appended)", {}, [A], 200, ["10.0.0.1"]],
    ["12 detach A (rule survives)", { oper: 2 }, [A], 200, null],
  ];
  for (const [name, sa, eps, status, visible] of steps) {
    const r = await call("POST", "/config/loadbalancer", post(sa, eps));
    t.is(r.status, status, name);
    if (status === 409) t.is(r.text, EXISTS, name);
    t.deepEqual(await endpointIps(call), visible, name);
  }
  t.is(emu.rules().length, 1, "the rule survives with only tombstones");
  t.deepEqual(emu.rules()[0]?.endpoints, [], "rules() lists [] where GET shows null");
});

test("§11: a weight change is applied in place and keeps the position", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({}, [A, B]));
  await call("POST", "/config/loadbalancer", post({}, [B, ep("10.0.0.1", 8080, 7)]));
  t.deepEqual(
    emu.rules()[0]?.endpoints.map((e) => [e.endpointIP, e.weight]),
    [
      ["10.0.0.1", 7],
      ["10.0.0.2", 1],
    ],
  );
});

test("§11: endpoints added by re-POST are appended after the existing ones, not sorted in", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({}, [ep("10.0.0.5")]));
  await call("POST", "/config/loadbalancer", post({}, [ep("10.0.0.5"), ep("10.0.0.9"), ep("10.0.0.1")]));
  t.deepEqual(await endpointIps(call), ["10.0.0.5", "10.0.0.1", "10.0.0.9"]);
});

test("§11: endpoints match by IP and target port (same IP, other port is a new endpoint)", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({}, [ep("10.0.0.1", 80)]));
  await call("POST", "/config/loadbalancer", post({}, [ep("10.0.0.1", 81)]));
  const [rule] = await listRules(call);
  t.deepEqual(rule?.["endpoints"], [
    { counter: "0:0", endpointIP: "10.0.0.1", state: "active", targetPort: 81, weight: 1 },
  ]);
});

test("§11: detach that leaves nothing (no tombstones) deletes the rule", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({}, [A, B]));
  t.is((await call("POST", "/config/loadbalancer", post({ oper: 2 }, [A, B]))).status, 200);
  t.deepEqual(emu.rules(), []);
});

test("§11: detach on a missing rule is 404 lbrule not-exists error; attach on a missing rule creates it", async (t) => {
  const { call, emu } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer", post({ oper: 2 }, [A]));
  t.is(r.status, 404);
  t.is(r.text, handlerErrorText(404, "Resource not found", "lbrule not-exists error"));
  t.is((await call("POST", "/config/loadbalancer", post({ oper: 1 }, [A]))).status, 200);
  t.is(emu.rules().length, 1);
});

test("§12: duplicate endpoints are appended again on every re-POST", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({}, [A]));
  await call("POST", "/config/loadbalancer", post({}, [A, A]));
  t.deepEqual(await endpointIps(call), ["10.0.0.1", "10.0.0.1"]);
  await call("POST", "/config/loadbalancer", post({}, [A, A]));
  t.deepEqual(await endpointIps(call), ["10.0.0.1", "10.0.0.1", "10.0.0.1"]);
});

test("§10: more than 32 merged endpoints resets the list to the request (tombstones purged)", async (t) => {
  const { call } = await emulatorFor(t);
  const first = Array.from({ length: 20 }, (_, i) => ep(`10.0.0.${i + 1}`));
  const second = Array.from({ length: 20 }, (_, i) => ep(`10.0.1.${i + 1}`));
  await call("POST", "/config/loadbalancer", post({}, first));
  t.is((await call("POST", "/config/loadbalancer", post({}, second))).status, 200);
  t.deepEqual(
    await endpointIps(call),
    second.map((e) => String(e["endpointIP"])),
  );
  t.is((await call("POST", "/config/loadbalancer", post({}, second))).status, 409, "no tombstones are left");
});

test("§10: inactiveTimeOut, probeTimeout, probeRetries, monitor, name, bgp, managed, privateIP alone are 409", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({ name: "a" }, [A]));
  const alone = [
    { inactiveTimeOut: 100 },
    { probeTimeout: 5 },
    { probeRetries: 5 },
    { monitor: true },
    { name: "b" },
    { bgp: true },
    { managed: true },
    { privateIP: "10.1.1.1" },
    { snat: true },
  ];
  for (const sa of alone) {
    const r = await call("POST", "/config/loadbalancer", post({ name: "a", ...sa }, [A]));
    t.is(r.text, EXISTS, JSON.stringify(sa));
  }
});

test("§10: with a compared change, inactiveTimeOut is updated too but name, monitor, bgp and managed are not", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({ name: "a" }, [A]));
  const r = await call(
    "POST",
    "/config/loadbalancer",
    post({ name: "b", inactiveTimeOut: 100, monitor: true, bgp: true, managed: true, sel: 1 }, [A]),
  );
  t.is(r.status, 200);
  t.deepEqual(emu.rules()[0]?.serviceArguments, {
    externalIP: "192.168.1.100",
    inactiveTimeOut: 100,
    name: "a",
    port: 80,
    protocol: "tcp",
    sel: 1,
  });
});

test("§10: each compared option alone is a change (probe, sel, mode, proxyprotocolv2, source count)", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({}, [A]));
  const changes = [
    { probetype: "tcp", probeport: 80 },
    { probetype: "tcp", probeport: 81 },
    { probetype: "tcp", probeport: 81, probereq: "x" },
    { probetype: "tcp", probeport: 81, probereq: "x", proberesp: "y" },
    { sel: 1 },
    { sel: 1, mode: 2 },
    { sel: 1, mode: 2, proxyprotocolv2: true },
  ];
  for (const sa of changes)
    t.is((await call("POST", "/config/loadbalancer", post(sa, [A]))).status, 200, JSON.stringify(sa));
  const withSrc = ruleBody({ sel: 1, mode: 2, proxyprotocolv2: true }, [A], {
    allowedSources: [{ prefix: "10.0.0.0/8" }],
  });
  t.is((await call("POST", "/config/loadbalancer", withSrc)).status, 200);
});

test("§10: the inverted allowedSources compare (1 unchanged → change, 1 replaced → 409, 2 → 409)", async (t) => {
  const { call } = await emulatorFor(t);
  const src = (...p: string[]) => ({ allowedSources: p.map((prefix) => ({ prefix })) });
  await call("POST", "/config/loadbalancer", ruleBody({}, [A], src("10.0.0.0/8")));
  t.is(
    (await call("POST", "/config/loadbalancer", ruleBody({}, [A], src("10.0.0.0/8")))).status,
    200,
    "unchanged",
  );
  t.is(
    (await call("POST", "/config/loadbalancer", ruleBody({}, [A], src("11.0.0.0/8")))).text,
    EXISTS,
    "replaced",
  );
  t.is(
    (await call("POST", "/config/loadbalancer", ruleBody({}, [A], src("10.0.0.0/8", "12.0.0.0/8")))).status,
    200,
    "count",
  );
  t.is(
    (await call("POST", "/config/loadbalancer", ruleBody({}, [A], src("10.0.0.0/8", "12.0.0.0/8")))).text,
    EXISTS,
    "two",
  );
});

test("§10: security and egress cannot change (409), fullproxy cannot be entered (409)", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", post({}, [A]));
  const conflict = (result: string) =>
    handlerErrorText(409, "Resource conflict: Resource already exists OR dependency not found", result);
  const sec = await call("POST", "/config/loadbalancer", post({ security: 1 }, [A, B]));
  t.is(sec.text, conflict("lbrule-exist error: cant modify rule security mode"));
  const egress = await call("POST", "/config/loadbalancer", post({ egress: true }, [A, B]));
  t.is(egress.text, conflict("lbrule-exist error: cant modify rule egress mode"));
  const proxy = await call("POST", "/config/loadbalancer", post({ mode: 4 }, [A]));
  t.is(proxy.text, conflict("lbrule-exist error: cant modify fullproxy rule mode"));
  t.is(
    (await call("POST", "/config/loadbalancer", post({ security: 1 }, [A]))).text,
    EXISTS,
    "security alone is not a change",
  );
});

test("§10: changing secondary IPs of an sctp rule is 500 secIP modify error", async (t) => {
  const { call } = await emulatorFor(t);
  const sctp = (ip: string) => ruleBody({ protocol: "sctp" }, [A], { secondaryIPs: [{ secondaryIP: ip }] });
  await call("POST", "/config/loadbalancer", sctp("192.168.1.101"));
  const r = await call("POST", "/config/loadbalancer", sctp("192.168.1.102"));
  t.is(r.status, 500);
  t.is(r.text, handlerErrorText(500, "secIP modify error", "secIP modify error"));
});

test("§12: re-POST of an existing key keeps the rule (no absent interval); delete-then-create shows one", async (t) => {
  let clock = 1000;
  const { call, emu } = await emulatorFor(t, { now: () => clock });
  await call("POST", "/config/loadbalancer", post({}, [A]));
  clock = 2000;
  await call("POST", "/config/loadbalancer", post({}, [A, B]));
  t.deepEqual(emu.absentTimeline(), []);
  clock = 3000;
  await call("DELETE", "/config/loadbalancer/externalipaddress/192.168.1.100/port/80/protocol/tcp");
  clock = 3500;
  await call("POST", "/config/loadbalancer", post({}, [A]));
  t.deepEqual(emu.absentTimeline("tcp:192.168.1.100:80"), [
    { key: "tcp:192.168.1.100:80", from: 3000, to: 3500 },
  ]);
});
