/** Emulator fidelity: traffic, metrics, status and cistate routes (docs/loxilb-facts.md §14, §15). */
import test from "ava";
import { emulatorFor, ep, listRules, ruleBody, SUCCESS_TEXT } from "../helpers/emulator-http";

test("§14: /metrics is 503 text/plain 'Prometheus option is disabled.' unless prometheus is on", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("GET", "/metrics");
  t.is(r.status, 503);
  t.is(r.text, "Prometheus option is disabled.");
  t.regex(r.headers.get("content-type") ?? "", /^text\/plain/);
});

test("§14: traffic moves endpoint counters (packets:bytes), split evenly for round robin", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call("POST", "/config/loadbalancer", ruleBody({ name: "web" }, [ep("10.0.0.1"), ep("10.0.0.2")]));
  emu.traffic({ externalIP: "192.168.1.100", port: 80, protocol: "tcp", packets: 10, bytes: 1001 });
  const [rule] = await listRules(call);
  t.deepEqual(
    (rule?.["endpoints"] as Array<{ counter: string }>).map((e) => e.counter),
    ["5:501", "5:500"],
  );
});

test("§6: priority selection splits traffic by weight and skips inactive monitored endpoints", async (t) => {
  const { call, emu } = await emulatorFor(t);
  await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({ sel: 2, monitor: true }, [
      ep("10.0.0.1", 80, 3),
      ep("10.0.0.2", 80, 1),
      ep("10.0.0.3", 80, 1),
    ]),
  );
  emu.setProbeResult("10.0.0.3", 80, "tcp", "nok");
  emu.traffic({ externalIP: "192.168.1.100", port: 80, protocol: "tcp", packets: 8, bytes: 800 });
  t.deepEqual(
    emu.rules()[0]?.endpoints.map((e) => e.counter),
    ["6:600", "2:200", "0:0"],
  );
});

test("§14: traffic to a VIP without a rule throws", async (t) => {
  const { emu } = await emulatorFor(t);
  t.throws(() => emu.traffic({ externalIP: "192.0.2.1", port: 80, protocol: "tcp", packets: 1, bytes: 1 }), {
    message: "no rule serves tcp:192.0.2.1:80",
  });
});

test("§14: /metrics publishes legacy and canonical families that traffic moves", async (t) => {
  const { call, emu } = await emulatorFor(t, { prometheus: true });
  await call("POST", "/config/loadbalancer", ruleBody({ name: "web" }, [ep("10.0.0.1")]));
  emu.traffic({
    externalIP: "192.168.1.100",
    port: 80,
    protocol: "tcp",
    packets: 4,
    bytes: 400,
    sourceIP: "203.0.113.9",
  });
  const r = await call("GET", "/metrics");
  t.is(r.status, 200);
  const lines = r.text.split("\n");
  for (const line of [
    "lb_rule_count 1",
    "loxilb_lb_rules 1",
    "total_requests 1",
    "loxilb_requests_total 1",
    "processed_bytes 400",
    "loxilb_processed_bytes_total 400",
    "processed_tcp_bytes 400",
    "healthy_host_count 1",
    'total_requests_per_service{service="web"} 1',
    // client_golang sorts each sample's labels by name
    'lb_rule_interaction_bytes{dip="10.0.0.1",service="web",sip="203.0.113.9"} 400',
    'loxilb_lb_rule_interaction_packets_total{dip="10.0.0.1",service="web",sip="203.0.113.9"} 4',
    "active_flow_count_tcp 1",
    "# TYPE loxilb_requests_total counter",
  ]) {
    t.true(lines.includes(line), line);
  }
});

/** Every family of docs/loxilb-facts.md §14 that has samples once traffic (with one error) went through a rule. */
const FAMILIES_9 = [
  ...["active_conntrack_count", "loxilb_active_conntrack_entries", "new_flow_count", "loxilb_new_flows"],
  ...["active_flow_count_tcp", "active_flow_count_udp", "active_flow_count_sctp"],
  ...["loxilb_active_flow_count_tcp", "loxilb_active_flow_count_udp", "loxilb_active_flow_count_sctp"],
  ...["lb_rule_count", "loxilb_lb_rules", "total_requests", "loxilb_requests_total"],
  ...["total_requests_per_service", "loxilb_service_requests_total", "total_errors", "loxilb_errors_total"],
  ...["total_errors_per_service", "loxilb_service_errors_total"],
  ...["healthy_host_count", "loxilb_healthy_endpoints", "unhealthy_host_count", "loxilb_unhealthy_endpoints"],
  ...[
    "processed_bytes",
    "processed_packets",
    "processed_tcp_bytes",
    "processed_udp_bytes",
    "processed_sctp_bytes",
  ],
  ...["loxilb_processed_bytes_total", "loxilb_processed_packets_total", "loxilb_processed_tcp_bytes_total"],
  ...["loxilb_processed_udp_bytes_total", "loxilb_processed_sctp_bytes_total"],
  ...["lb_rule_interaction_bytes", "lb_rule_interaction_packets"],
  ...["loxilb_lb_rule_interaction_bytes_total", "loxilb_lb_rule_interaction_packets_total"],
  ...["total_fw_drops", "loxilb_fw_drop_packets_total"],
  ...[
    "inactive_flow_count",
    "consumed_lcus",
    "endpoint_load_dists_per_service",
    "total_load_dists_per_service",
  ],
  ...["loxilb_conntrack_max_entries", "loxilb_system_cpu_utilization_percent"],
  ...["loxilb_system_memory_utilization_percent", "loxilb_system_disk_utilization_percent"],
  ...["loxilb_service_traffic_bytes_total", "loxilb_service_traffic_packets_total"],
  ...["loxilb_endpoint_traffic_bytes_total", "loxilb_client_traffic_packets_total", "loxilb_firewall_rules"],
  ...["loxilb_conntrack_stat_resets_total", "loxilb_closed_connections_processed_total"],
  ...["loxilb_processed_tcp_packets_total", "loxilb_processed_udp_packets_total"],
  "loxilb_processed_sctp_packets_total",
];

test("§14: /metrics publishes every legacy and canonical family, sorted, empty vectors left out", async (t) => {
  const { call, emu } = await emulatorFor(t, { prometheus: true });
  await call("POST", "/config/loadbalancer", ruleBody({ name: "web" }, [ep("10.0.0.1")]));
  await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({ name: "db", port: 81, monitor: true }, [ep("10.0.0.2")]),
  );
  emu.setProbeResult("10.0.0.2", 8080, "tcp", "nok");
  emu.traffic({ externalIP: "192.168.1.100", port: 80, protocol: "tcp", packets: 3, bytes: 2_500_000 });
  emu.traffic({ externalIP: "192.168.1.100", port: 81, protocol: "tcp", packets: 1, bytes: 10 });
  const text = (await call("GET", "/metrics")).text;
  const typed = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] ?? "");
  t.deepEqual(typed, [...FAMILIES_9].sort(), "every family once, in name order");
  t.false(text.includes("fw_rule"), "no firewall rule, so the per-rule drop vectors have no samples");
  const lines = text.split("\n");
  for (const line of [
    "processed_bytes 2.5e+06",
    'total_errors_per_service{service="db"} 1',
    "unhealthy_host_count 1",
    'loxilb_service_traffic_bytes_total{service="web"} 2.5e+06',
    'loxilb_client_traffic_packets_total{service="web",sip="198.51.100.1"} 3',
    'endpoint_load_dists_per_service{dip="10.0.0.1",service="web"} 100',
  ]) {
    t.true(lines.includes(line), line);
  }
});

test("§14: /config/metrics reads, enables and disables /metrics at run time", async (t) => {
  const { call } = await emulatorFor(t);
  t.is((await call("GET", "/config/metrics")).text, '{"prometheus":false}\n');
  t.is((await call("POST", "/config/metrics")).text, SUCCESS_TEXT);
  t.is((await call("GET", "/metrics")).status, 200);
  t.is((await call("POST", "/config/metrics")).text, '{"result":"Prometheus is already enabled."}\n');
  t.is((await call("DELETE", "/config/metrics")).text, SUCCESS_TEXT);
  t.is((await call("GET", "/metrics")).status, 503);
  t.deepEqual((await call("GET", "/config/metrics")).json, { prometheus: false });
});

test("§14: the JSON metric routes use legacy keys and omit zeros", async (t) => {
  const { call, emu } = await emulatorFor(t);
  t.deepEqual((await call("GET", "/metrics/lbrulecount")).json, {});
  await call("POST", "/config/loadbalancer", ruleBody({ name: "web" }, [ep("10.0.0.1"), ep("10.0.0.2")]));
  emu.traffic({ externalIP: "192.168.1.100", port: 80, protocol: "tcp", packets: 2, bytes: 200 });
  const get = async (name: string) => (await call("GET", `/metrics/${name}`)).json;
  t.deepEqual(await get("lbrulecount"), { lb_rule_count: 1 });
  t.deepEqual(await get("hostcount"), { healthy_host_count: 2 });
  t.deepEqual(await get("newflowcount"), { new_flow_count: 1 });
  t.deepEqual(await get("requestcount"), {
    total_requests: 1,
    total_requests_per_service: [{ name: "web", value: 1 }],
  });
  t.deepEqual(await get("flowcount"), { active_conntrack_count: 1, active_flow_count_tcp: 1 });
  t.deepEqual(await get("processedtraffic"), {
    processed_bytes: 200,
    processed_tcp_bytes: 200,
    processed_packets: 2,
  });
  t.deepEqual(await get("epdisttraffic"), {
    web: [
      { dip: "10.0.0.1", value: 100, ratio: 50 },
      { dip: "10.0.0.2", value: 100, ratio: 50 },
    ],
  });
  t.deepEqual(await get("servicedisttraffic"), { web: { value: 200, ratio: 100 } });
  t.deepEqual(await get("reqcountperclient"), { "198.51.100.1": 2 });
  t.deepEqual(await get("errorcount"), {});
  t.deepEqual(await get("fwdrops"), {});
  t.is(
    ((await get("lbprocessedtraffic")) as { lb_rule_interaction_bytes: unknown[] }).lb_rule_interaction_bytes
      .length,
    2,
  );
});

test("§14: /status/process, /status/device and /status/filesystem answer loxilb's shapes (strings)", async (t) => {
  const { call } = await emulatorFor(t);
  const proc = (await call("GET", "/status/process")).json as { processAttr: Array<Record<string, unknown>> };
  t.is(proc.processAttr.length, 1);
  t.true(Object.values(proc.processAttr[0] ?? {}).every((v) => typeof v === "string"));
  const dev = (await call("GET", "/status/device")).json as Record<string, unknown>;
  t.deepEqual(Object.keys(dev), [
    "hostName",
    "machineID",
    "bootID",
    "OS",
    "kernel",
    "architecture",
    "uptime",
  ]);
  const fs = (await call("GET", "/status/filesystem")).json as { filesystemAttr: unknown[] };
  t.is(fs.filesystemAttr.length, 1);
});

test("§15: cistate lists llb-inst0, NOT_DEFINED at start as on loxilb-peer, with capital Attr and sync null; POST changes state", async (t) => {
  const { call } = await emulatorFor(t);
  t.is(
    (await call("GET", "/config/cistate/all")).text,
    '{"Attr":[{"instance":"llb-inst0","state":"NOT_DEFINED","sync":null,"vip":"0.0.0.0"}]}\n',
  );
  const r = await call("POST", "/config/cistate", {
    instance: "llb-inst0",
    state: "BACKUP",
    vip: "10.0.0.100",
  });
  t.is(r.text, SUCCESS_TEXT);
  t.deepEqual((await call("GET", "/config/cistate/all")).json, {
    Attr: [{ instance: "llb-inst0", state: "BACKUP", vip: "10.0.0.100", sync: null }],
  });
});

test("§15: an unknown state is 400 invalid cluster-state, but the unknown instance is created NOT_DEFINED", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("POST", "/config/cistate", { instance: "llb-inst1", state: "LEADER", vip: "0.0.0.0" });
  t.is(r.status, 400);
  t.is((r.json as { result: string }).result, "invalid cluster-state");
  const list = (await call("GET", "/config/cistate/all")).json as {
    Attr: Array<{ instance: string; state: string }>;
  };
  t.deepEqual(
    list.Attr.map((a) => [a.instance, a.state]),
    [
      ["llb-inst0", "NOT_DEFINED"],
      ["llb-inst1", "NOT_DEFINED"],
    ],
  );
});

test("§2: OPTIONS answers 200 with CORS headers and an empty body", async (t) => {
  const { call } = await emulatorFor(t, { token: "x" });
  const r = await call("OPTIONS", "/config/loadbalancer");
  t.is(r.status, 200);
  t.is(r.text, "");
  t.is(r.headers.get("access-control-allow-origin"), "*");
});
