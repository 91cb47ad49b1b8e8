import test, { type ExecutionContext } from "ava";
import * as http from "http";
import { startEmulator } from "../../provider/emulator";
import type { StartEmulatorOptions } from "../../provider/emulator/types";
import { LoxiLBClient } from "../../provider/api/client";
import { HttpError, isConflict, isRuleExists } from "../../provider/api/errors";
import { nodeFetchTransport } from "../../provider/api/http-fetch";
import type { FetchLike, LoxiLBClientOptions } from "../../provider/api/options";
import type { LoadbalanceEntry } from "../../provider/api/model";

async function setup(
  t: ExecutionContext,
  emu: StartEmulatorOptions = {},
  o: Partial<LoxiLBClientOptions> = {},
) {
  const emulator = await startEmulator(emu);
  const client = new LoxiLBClient({ apiEndpoints: [emulator.url], sleep: async () => {}, ...o });
  t.teardown(async () => {
    client.close();
    await emulator.close();
  });
  return { emulator, client };
}

const web: LoadbalanceEntry = {
  serviceArguments: {
    externalIP: "192.0.2.10",
    port: 80,
    protocol: "tcp",
    sel: "rr",
    mode: "dnat",
    name: "web",
  },
  endpoints: [
    { endpointIP: "10.0.0.1", targetPort: 8080, weight: 1 },
    { endpointIP: "10.0.0.2", targetPort: 8080, weight: 1 },
  ],
};

test("a new rule is applied and listed back with named enums", async (t) => {
  const { client, emulator } = await setup(t);
  const lc: LoadbalanceEntry = {
    ...web,
    serviceArguments: { ...web.serviceArguments, sel: "lc", mode: "fullnat" },
  };
  t.is(await client.createLoadBalancer(lc), "applied");
  const rules = await client.listLoadBalancers();
  t.is(rules.length, 1);
  const sa = rules[0]?.serviceArguments;
  t.like(sa, {
    externalIP: "192.0.2.10",
    port: 80,
    protocol: "tcp",
    sel: "lc",
    mode: "fullnat",
    name: "web",
  });
  t.deepEqual(
    rules[0]?.endpoints.map((e) => [e.endpointIP, e.targetPort, e.weight, e.state]),
    [
      ["10.0.0.1", 8080, 1, "active"],
      ["10.0.0.2", 8080, 1, "active"],
    ],
  );
  const post = emulator.requests().find((r) => r.method === "POST");
  t.like(post?.body, { serviceArguments: { sel: 4, mode: 2 } });
});

test("zero-valued enums go out as 0 and come back absent (loxilb omits zero values)", async (t) => {
  const { client, emulator } = await setup(t);
  await client.createLoadBalancer(web);
  const sa = (await client.listLoadBalancers())[0]?.serviceArguments;
  t.is(sa?.sel, undefined);
  t.is(sa?.mode, undefined);
  t.like(emulator.requests()[0]?.body, { serviceArguments: { sel: 0, mode: 0 } });
});

test("posting the same rule again is 'unchanged' (409 lbrule-exists)", async (t) => {
  const { client, emulator } = await setup(t);
  await client.createLoadBalancer(web);
  t.is(await client.createLoadBalancer(web), "unchanged");
  t.is(emulator.requests().filter((r) => r.method === "POST").length, 2, "409 is not retried");
});

test("getLoadBalancerByService and getLoadBalancerByName find rules by key and label", async (t) => {
  const { client } = await setup(t);
  await client.createLoadBalancer(web);
  const range: LoadbalanceEntry = {
    serviceArguments: { externalIP: "192.0.2.10", port: 5000, portMax: 5010, protocol: "udp", name: "web" },
    endpoints: [{ endpointIP: "10.0.0.3", targetPort: 5000, weight: 1 }],
  };
  await client.createLoadBalancer(range);
  t.is((await client.getLoadBalancerByService("192.0.2.10", 80, "tcp"))?.serviceArguments.port, 80);
  t.is(await client.getLoadBalancerByService("192.0.2.10", 80, "udp"), undefined);
  t.is(
    await client.getLoadBalancerByService("192.0.2.10", 5000, "udp"),
    undefined,
    "portMax is part of the key",
  );
  t.is(
    (await client.getLoadBalancerByService("192.0.2.10", 5000, "udp", { portMax: 5010 }))?.endpoints.length,
    1,
  );
  t.is((await client.getLoadBalancerByName("web")).length, 2);
  t.deepEqual(await client.getLoadBalancerByName("nope"), []);
});

test("getLoadBalancerByService compares IPv6 VIPs canonically", async (t) => {
  const { client } = await setup(t);
  await client.createLoadBalancer({
    serviceArguments: { externalIP: "2001:DB8:0:0::10", port: 443, protocol: "tcp" },
    endpoints: [{ endpointIP: "2001:db8::100", targetPort: 8443, weight: 1 }],
  });
  const found = await client.getLoadBalancerByService("2001:db8::0:10", 443, "tcp");
  t.is(found?.endpoints[0]?.targetPort, 8443);
  t.is(await client.getLoadBalancerByService("2001:db8::11", 443, "tcp"), undefined);
});

test("a 409 other than lbrule-exists (changing the security mode) rejects", async (t) => {
  const { client, emulator } = await setup(t);
  await client.createLoadBalancer(web);
  // loxilb checks the security mode only when something else changed too (docs/loxilb-facts.md §10).
  const https: LoadbalanceEntry = {
    serviceArguments: { ...web.serviceArguments, security: "https" },
    endpoints: [...web.endpoints, { endpointIP: "10.0.0.3", targetPort: 8080, weight: 1 }],
  };
  const e = await t.throwsAsync(client.createLoadBalancer(https), { instanceOf: HttpError });
  t.true(isConflict(e));
  t.false(isRuleExists(e));
  t.regex(e?.message ?? "", /-> 409 lbrule-exist error: cant modify rule security mode$/);
  t.is(emulator.requests().filter((r) => r.method === "POST").length, 2, "not retried");
});

test("deleting a rule by key is 'deleted', then 'absent' (404 no-rule)", async (t) => {
  const { client, emulator } = await setup(t);
  await client.createLoadBalancer(web);
  t.is(await client.deleteLoadBalancerRule("192.0.2.10", 80, "tcp"), "deleted");
  t.is(await client.deleteLoadBalancerRule("192.0.2.10", 80, "tcp"), "absent");
  t.deepEqual(emulator.rules(), []);
  const paths = emulator
    .requests()
    .filter((r) => r.method === "DELETE")
    .map((r) => r.path);
  t.deepEqual(paths, [
    "/netlox/v1/config/loadbalancer/externalipaddress/192.0.2.10/port/80/protocol/tcp?bgp=false&block=0",
    "/netlox/v1/config/loadbalancer/externalipaddress/192.0.2.10/port/80/protocol/tcp?bgp=false&block=0",
  ]);
});

test("port-range, block and host rules are deleted through their URL variants", async (t) => {
  const { client, emulator } = await setup(t);
  const ranged: LoadbalanceEntry = {
    serviceArguments: { externalIP: "192.0.2.20", port: 7000, portMax: 7005, protocol: "tcp", block: 3 },
    endpoints: [{ endpointIP: "10.0.0.1", targetPort: 7000, weight: 1 }],
  };
  const hosted: LoadbalanceEntry = {
    serviceArguments: {
      externalIP: "192.0.2.21",
      port: 443,
      protocol: "tcp",
      host: "app.example.com",
      mode: "fullproxy",
    },
    endpoints: [{ endpointIP: "10.0.0.1", targetPort: 8443, weight: 1 }],
  };
  t.is(await client.createLoadBalancer(ranged), "applied");
  t.is(await client.createLoadBalancer(hosted), "applied");
  t.is(
    await client.deleteLoadBalancerRule("192.0.2.20", 7000, "tcp", { portMax: 7005 }),
    "absent",
    "block 0 ≠ 3",
  );
  t.is(
    await client.deleteLoadBalancerRule("192.0.2.20", 7000, "tcp", { portMax: 7005, block: 3 }),
    "deleted",
  );
  t.is(await client.deleteLoadBalancerRule("192.0.2.21", 443, "tcp", { host: "app.example.com" }), "deleted");
  t.deepEqual(emulator.rules(), []);
});

test("delete by name and delete all succeed even when nothing matches", async (t) => {
  const { client } = await setup(t);
  await client.createLoadBalancer(web);
  await client.createLoadBalancer({
    ...web,
    serviceArguments: { ...web.serviceArguments, port: 81, name: "other" },
  });
  await client.deleteLoadBalancerByName("web");
  t.deepEqual(
    (await client.listLoadBalancers()).map((r) => r.serviceArguments.name),
    ["other"],
  );
  await client.deleteLoadBalancerByName("nothing-here");
  await client.deleteAllLoadBalancers();
  t.deepEqual(await client.listLoadBalancers(), []);
  await client.deleteAllLoadBalancers();
});

test("an invalid rule is a 400 Http error naming loxilb's result, not retried", async (t) => {
  const { client, emulator } = await setup(t);
  const bad: LoadbalanceEntry = { ...web, serviceArguments: { ...web.serviceArguments, probetype: "http" } };
  const e = await t.throwsAsync(client.createLoadBalancer(bad), { instanceOf: HttpError });
  t.is(e?.status, 400);
  t.regex(e?.message ?? "", /^POST http:\/\/127\.0\.0\.1:\d+\/netlox\/v1\/config\/loadbalancer -> 400 /);
  t.is(emulator.requests().length, 1);
});

test("metrics, status, version, endpoint hosts and cluster state decode", async (t) => {
  const { client, emulator } = await setup(t, { prometheus: true, version: "0.9.8-test" });
  await client.createLoadBalancer({ ...web, serviceArguments: { ...web.serviceArguments, monitor: true } });
  emulator.traffic({ externalIP: "192.0.2.10", port: 80, protocol: "tcp", packets: 10, bytes: 1000 });
  t.is((await client.getVersion()).version, "0.9.8-test");
  t.is((await client.getLbRuleCountMetrics()).lb_rule_count, 1);
  const samples = await client.getMetrics();
  t.true(samples.some((s) => s.name === "lb_rule_count" && s.value === 1));
  t.truthy(await client.getLbProcessedTrafficMetrics());
  t.truthy(await client.getEndpointDistributionTrafficMetrics());
  t.truthy(await client.getServiceDistributionTrafficMetrics());
  const status = await client.getStatus();
  t.true(Array.isArray(status.process.processAttr));
  t.is(typeof status.device, "object");
  const hosts = await client.listEndpointHosts();
  t.true(hosts.some((h) => h.hostName === "10.0.0.1"));
  await client.setEndpointHostState({ hostName: "10.0.0.1", state: "red" });
  await client.setEndpointHost({ hostName: "10.0.0.9", probeType: "ping" });
  await client.setClusterState({ instance: "llb-inst0", state: "BACKUP", vip: "0.0.0.0" });
  t.like(
    (await client.getClusterStates()).find((c) => c.instance === "llb-inst0"),
    { state: "BACKUP" },
  );
});

test("/metrics without --prometheus is a 503 that is not retried", async (t) => {
  const { client, emulator } = await setup(t);
  const e = await t.throwsAsync(client.getMetrics(), { instanceOf: HttpError });
  t.is(e?.status, 503);
  t.is(emulator.requests().length, 1);
});

test("healthCheck reports version and latency per endpoint", async (t) => {
  const { client, emulator } = await setup(t, { version: "v-hc" });
  const report = await client.healthCheck();
  t.is(report.length, 1);
  t.like(report[0], { endpoint: emulator.url, up: true, version: "v-hc" });
  t.true((report[0]?.latencyMs ?? -1) >= 0);
  await emulator.faults.down();
  const down = await client.healthCheck();
  t.like(down[0], { up: false });
  t.regex(down[0]?.error ?? "", /ECONNREFUSED|network error/);
});

test("node-fetch can be injected as the transport and gets the endpoint's keep-alive agent", async (t) => {
  const agents: unknown[] = [];
  const viaNodeFetch: FetchLike = (url, init) => {
    agents.push(init.agent);
    return nodeFetchTransport(url, init);
  };
  const { client } = await setup(t, {}, { fetch: viaNodeFetch });
  t.is(await client.createLoadBalancer(web), "applied");
  t.is((await client.listLoadBalancers()).length, 1);
  t.is(agents.length, 2);
  t.true(agents[0] instanceof http.Agent && agents[0] === agents[1]);
});
