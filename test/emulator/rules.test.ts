/** Emulator fidelity: rule keys, names, deletes and the GET view (docs/loxilb-facts.md §4, §5, §8, §12). */
import test from "ava";
import {
  emulatorFor,
  endpointIps,
  ep,
  handlerErrorText,
  listRules,
  ruleBody,
  SUCCESS_TEXT,
} from "../helpers/emulator-http";

const NOT_FOUND = handlerErrorText(404, "Resource not found", "no-rule error");

test('§4: a successful POST answers exactly 200 {"result":"Success"} with Content-Type application/json', async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer", ruleBody({ name: "web" }));
  t.is(r.status, 200);
  t.is(r.text, SUCCESS_TEXT);
  t.is(r.headers.get("content-type"), "application/json");
});

test("§7: GET lists a default TCP rule exactly as loxilb's example", async (t) => {
  const { call } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ name: "web" }));
  const r = await call("GET", "/config/loadbalancer/all");
  t.is(
    r.text,
    '{"lbAttr":[{"allowedSources":null,"endpoints":[{"counter":"0:0","endpointIP":"10.0.0.11","state":"active","targetPort":8080,"weight":1}],"secondaryIPs":null,"serviceArguments":{"externalIP":"192.168.1.100","inactiveTimeOut":240,"name":"web","port":80,"protocol":"tcp"}}]}\n',
  );
  t.is(r.headers.get("content-type"), "application/json");
});

test("§4: GET with no rules lists an empty array", async (t) => {
  const { call } = await emulatorFor(t);
  t.is((await call("GET", "/config/loadbalancer/all")).text, '{"lbAttr":[]}\n');
});

test("§8: the key is (host, externalIP, protocol, port, portMax, block): each differing part makes a new rule", async (t) => {
  const { call, emu } = await emulatorFor(t);
  const variants = [
    {},
    { protocol: "udp" },
    { port: 81 },
    { portMax: 90 },
    { block: 5 },
    { host: "example.com" },
    { externalIP: "192.168.1.101" },
  ];
  for (const sa of variants) t.is((await call("POST", "/config/loadbalancer", ruleBody(sa))).status, 200);
  t.is(emu.rules().length, variants.length);
});

test("§8: sel, mode and name are not part of the key (a re-POST changing sel updates in place)", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ name: "a" }));
  t.is((await call("POST", "/config/loadbalancer", ruleBody({ name: "b", sel: 1 }))).status, 200);
  t.deepEqual(
    emu.rules().map((r) => [r.serviceArguments.name, r.serviceArguments.sel]),
    [["a", 1]],
  );
});

test("§5: portMax equal to port is shown as 0 and keys like a single port", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ portMax: 80 }));
  t.is(emu.rules()[0]?.serviceArguments.portMax, undefined);
  const again = await call("POST", "/config/loadbalancer", ruleBody({}));
  t.is(again.status, 409);
});

test("§12: names are not unique and DELETE by name removes every match", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ name: "shared" }));
  await call("POST", "/config/loadbalancer", ruleBody({ name: "shared", port: 81 }));
  await call("POST", "/config/loadbalancer", ruleBody({ name: "other", port: 82 }));
  const r = await call("DELETE", "/config/loadbalancer/name/shared");
  t.is(r.text, SUCCESS_TEXT);
  t.deepEqual(
    emu.rules().map((x) => x.serviceArguments.name),
    ["other"],
  );
});

test("§4: DELETE by name answers 200 Success even when nothing matched", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("DELETE", "/config/loadbalancer/name/nothing-here");
  t.is(r.status, 200);
  t.is(r.text, SUCCESS_TEXT);
});

test("§12: DELETE of a missing key is 404 no-rule error with loxilb's exact body", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("DELETE", "/config/loadbalancer/externalipaddress/192.168.1.100/port/80/protocol/tcp");
  t.is(r.status, 404);
  t.is(r.text, NOT_FOUND);
  t.deepEqual(r.json, { code: 404, fields: null, message: "Resource not found", result: "no-rule error" });
});

test("§12: a rule with block 5 is deleted only with ?block=5", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ block: 5 }));
  const path = "/config/loadbalancer/externalipaddress/192.168.1.100/port/80/protocol/tcp";
  t.is((await call("DELETE", path)).status, 404);
  t.is((await call("DELETE", `${path}?bgp=true&block=5`)).status, 200);
  t.deepEqual(emu.rules(), []);
});

test("§4: DELETE numbers bind like go-openapi: Go floats cast to uint16, empty block = 0, the last block wins", async (t) => {
  const { call, emu } = await emulatorFor(t);
  const at = (port: string) =>
    `/config/loadbalancer/externalipaddress/192.168.1.100/port/${port}/protocol/tcp`;
  const bad = await call("DELETE", at("0x50"));
  t.is(bad.status, 422);
  t.is(bad.text, '{"code":601,"message":"port in path must be of type float64: \\"0x50\\""}');
  t.is((await call("DELETE", `${at("80")}?block=five`)).status, 422);
  await call("POST", "/config/loadbalancer", ruleBody());
  t.is((await call("DELETE", `${at("65616")}?block=`)).text, SUCCESS_TEXT, "65616 wraps to 80");
  await call("POST", "/config/loadbalancer", ruleBody({ block: 5 }));
  t.is((await call("DELETE", `${at("80.9")}?block=1&block=5`)).text, SUCCESS_TEXT, "80.9 truncates to 80");
  t.deepEqual(emu.rules(), []);
});

test("§4: the portmax and hosturl DELETE variants address range and host rules ('any' = no host)", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ portMax: 90 }));
  await call("POST", "/config/loadbalancer", ruleBody({ host: "h.example" }));
  await call("POST", "/config/loadbalancer", ruleBody({ port: 81 }));
  const base = "/config/loadbalancer";
  t.is(
    (await call("DELETE", `${base}/externalipaddress/192.168.1.100/port/80/portmax/90/protocol/tcp`)).status,
    200,
  );
  t.is(
    (await call("DELETE", `${base}/hosturl/h.example/externalipaddress/192.168.1.100/port/80/protocol/tcp`))
      .status,
    200,
  );
  t.is(
    (await call("DELETE", `${base}/hosturl/any/externalipaddress/192.168.1.100/port/81/protocol/tcp`)).status,
    200,
  );
  t.deepEqual(emu.rules(), []);
});

test("§4: DELETE all removes every rule and answers Success", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({}));
  await call("POST", "/config/loadbalancer", ruleBody({ port: 81 }));
  t.is((await call("DELETE", "/config/loadbalancer/all")).text, SUCCESS_TEXT);
  t.deepEqual(emu.rules(), []);
});

test("§7: new rules' endpoints are sorted by the reversed-byte-order key (4th octet first)", async (t) => {
  const { call } = await emulatorFor(t);
  await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({}, [ep("10.0.1.2"), ep("10.0.0.3"), ep("10.0.2.1"), ep("9.0.0.2")]),
  );
  t.deepEqual(await endpointIps(call), ["10.0.2.1", "9.0.0.2", "10.0.1.2", "10.0.0.3"]);
});

test("§7: zero values are omitted, inactiveTimeOut is effective (240 tcp/sctp, 20 udp) and enums are numbers", async (t) => {
  const { call } = await emulatorFor(t);
  await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({ protocol: "udp", sel: 0, mode: 2, bgp: false, name: "" }),
  );
  await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({ protocol: "sctp", port: 81, sel: 3, security: 1, managed: true }),
  );
  const [udp, sctp] = (await listRules(call)).sort((a, b) =>
    JSON.stringify(a).localeCompare(JSON.stringify(b)),
  );
  t.deepEqual(sctp?.["serviceArguments"], {
    externalIP: "192.168.1.100",
    inactiveTimeOut: 240,
    managed: true,
    port: 81,
    protocol: "sctp",
    security: 1,
    sel: 3,
  });
  t.deepEqual(udp?.["serviceArguments"], {
    externalIP: "192.168.1.100",
    inactiveTimeOut: 20,
    mode: 2,
    port: 80,
    protocol: "udp",
  });
});

test("§5: privateIP, probereq/resp, probeTimeout, probeRetries and oper are never listed; snat is ignored", async (t) => {
  const { call } = await emulatorFor(t);
  const sa = {
    privateIP: "10.9.9.9",
    probetype: "tcp",
    probeport: 9000,
    probereq: "ping",
    proberesp: "pong",
    probeTimeout: 10,
    probeRetries: 3,
    oper: 1,
    snat: true,
    inactiveTimeOut: 1800,
  };
  await call("POST", "/config/loadbalancer", ruleBody(sa));
  const [rule] = await listRules(call);
  t.deepEqual(rule?.["serviceArguments"], {
    externalIP: "192.168.1.100",
    inactiveTimeOut: 1800,
    monitor: true,
    port: 80,
    probeport: 9000,
    probetype: "tcp",
    protocol: "tcp",
  });
});

test("§5: secondaryIPs are kept (sorted) only for sctp; allowedSources are normalized", async (t) => {
  const { call } = await emulatorFor(t);
  const extra = {
    secondaryIPs: [{ secondaryIP: "192.168.1.102" }, { secondaryIP: "192.168.1.101" }],
    allowedSources: [{ prefix: "10.0.0.1/8" }],
  };
  await call("POST", "/config/loadbalancer", ruleBody({ protocol: "sctp" }, undefined, extra));
  await call("POST", "/config/loadbalancer", ruleBody({ protocol: "tcp" }, undefined, extra));
  const rules = await listRules(call);
  const by = (p: string) => rules.find((r) => (r["serviceArguments"] as { protocol: string }).protocol === p);
  t.deepEqual(by("sctp")?.["secondaryIPs"], [
    { secondaryIP: "192.168.1.101" },
    { secondaryIP: "192.168.1.102" },
  ]);
  t.is(by("tcp")?.["secondaryIPs"], null);
  t.deepEqual(by("tcp")?.["allowedSources"], [{ prefix: "10.0.0.0/8" }]);
});

test("§5: port and weight wrap like Go's uint16/uint8 casts (65616 → 80, 300 → 44)", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ port: 65616 }, [ep("10.0.0.1", 65536 + 8080, 300)]));
  const rule = emu.rules()[0];
  t.is(rule?.serviceArguments.port, 80);
  t.deepEqual(rule?.endpoints, [
    { counter: "0:0", endpointIP: "10.0.0.1", state: "active", targetPort: 8080, weight: 44 },
  ]);
});

test('§3: JSON keys match case-insensitively ("BGP", "Monitor") and unknown keys are ignored', async (t) => {
  const { call, emu } = await emulatorFor(t);
  const body = {
    serviceArguments: {
      externalIP: "192.168.1.100",
      PORT: 80,
      protocol: "tcp",
      BGP: true,
      Monitor: true,
      path_prefix: "/x",
    },
    Endpoints: [{ endpointIP: "10.0.0.1", targetPort: 80, weight: 1, mtls_backend: true }],
  };
  t.is((await call("POST", "/config/loadbalancer", body)).status, 200);
  t.like(emu.rules()[0]?.serviceArguments, { bgp: true, monitor: true, port: 80 });
});

test("§12: a capacity of maxRules answers 403 rule-hwm error with message Capacity insufficient", async (t) => {
  const { call } = await emulatorFor(t, { maxRules: 2 });
  await call("POST", "/config/loadbalancer", ruleBody({ port: 1 }));
  await call("POST", "/config/loadbalancer", ruleBody({ port: 2 }));
  const r = await call("POST", "/config/loadbalancer", ruleBody({ port: 3 }));
  t.is(r.status, 403);
  t.is(r.text, handlerErrorText(403, "Capacity insufficient", "rule-hwm error"));
});

test('§3: legacyErrors answers handler errors with HTTP 200 {"result":"<error>"}', async (t) => {
  const { call } = await emulatorFor(t, { legacyErrors: true });
  const r = await call("DELETE", "/config/loadbalancer/externalipaddress/192.168.1.100/port/80/protocol/tcp");
  t.is(r.status, 200);
  t.is(r.text, '{"result":"no-rule error"}\n');
});

test("§12: IPv6 VIPs are canonicalized and NAT64 endpoints are accepted", async (t) => {
  const { call, emu } = await emulatorFor(t);
  t.is(
    (await call("POST", "/config/loadbalancer", ruleBody({ externalIP: "2001:DB8:0:0::10" }))).status,
    200,
  );
  t.is(emu.rules()[0]?.serviceArguments.externalIP, "2001:db8::10");
  const del = "/config/loadbalancer/externalipaddress/2001:db8::10/port/80/protocol/tcp";
  t.is((await call("DELETE", del)).status, 200);
});
