import test from "ava";
import {
  checkHealthMonitor,
  checkListener,
  checkLoadBalancer,
  checkMember,
  checkPool,
  specOf,
} from "../../provider/octavia/check";
import type { ListenerSpec } from "../../provider/octavia/specs";
import {
  expectValid as valid,
  LB4,
  LB6,
  MONITOR_ARGS as MONITOR,
  TCP80,
  TCP_POOL,
  UDP53,
  UDP_POOL,
} from "../helpers/octavia-gen";

// ---------------------------------------------------------------- specs and defaults

test("a minimal load balancer resolves with Octavia's and LoxiLB's defaults", (t) => {
  t.deepEqual(checkLoadBalancer({ vipAddress: "192.0.2.10" }), valid(LB4));
});

test("a full load balancer keeps every field and ignores inputs that are not args", (t) => {
  const raw = {
    vipAddress: "2001:db8::10",
    name: "web",
    description: "front door",
    adminStateUp: false,
    vipSubnetId: "s",
    vipNetworkId: "n",
    vipPortId: "p",
    natMode: "fullnat",
    bgp: true,
    connection: { token: "secret" },
    providerVersion: "0.1.0",
  };
  t.deepEqual(
    checkLoadBalancer(raw),
    valid({
      ...LB6,
      name: "web",
      description: "front door",
      adminStateUp: false,
      vipSubnetId: "s",
      vipNetworkId: "n",
      vipPortId: "p",
      natMode: "fullnat",
      bgp: true,
    }),
  );
});

test("a minimal listener defaults to admin up, no allowed CIDRs and no adoption", (t) => {
  t.deepEqual(checkListener({ protocol: "TCP", protocolPort: 80 }), valid(TCP80));
});

test("a full listener keeps its range, CIDRs as written, timeouts and an unlimited connection limit", (t) => {
  const raw = {
    protocol: "HTTPS",
    protocolPort: 8000,
    portMax: 8010,
    name: "l",
    description: "d",
    adminStateUp: false,
    allowedCidrs: ["10.1.2.3/8", "192.0.2.7"],
    connectionLimit: -1,
    timeoutClientData: 50000,
    timeoutMemberConnect: 5000,
    timeoutMemberData: 86_400_000,
    timeoutTcpInspect: 0,
    adopt: true,
  };
  t.deepEqual(checkListener(raw, { loadbalancer: LB4 }), valid(raw));
});

test("a minimal pool defaults to admin up; SOURCE_IP persistence is kept", (t) => {
  t.deepEqual(checkPool({ protocol: "TCP", lbMethod: "ROUND_ROBIN" }), valid(TCP_POOL));
  t.deepEqual(
    checkPool(
      { protocol: "PROXYV2", lbMethod: "SOURCE_IP", persistence: { type: "SOURCE_IP" }, name: "p" },
      { listener: TCP80 },
    ),
    valid({
      protocol: "PROXYV2",
      lbMethod: "SOURCE_IP",
      persistence: { type: "SOURCE_IP" },
      name: "p",
      adminStateUp: true,
    }),
  );
});

test("a minimal member gets weight 1, admin up and no backup", (t) => {
  t.deepEqual(
    checkMember({ address: "10.0.0.1", protocolPort: 8080 }),
    valid({ address: "10.0.0.1", protocolPort: 8080, weight: 1, adminStateUp: true, backup: false }),
  );
});

test("a member's weight 0 (drain) is kept, never replaced by the default", (t) => {
  const r = checkMember({ address: "10.0.0.1", protocolPort: 8080, weight: 0 });
  t.is(specOf(r)?.weight, 0);
});

test("a member may repeat its own address and port as monitorAddress and monitorPort", (t) => {
  const raw = {
    address: "2001:db8::1",
    protocolPort: 80,
    monitorAddress: "2001:DB8:0::1",
    monitorPort: 80,
    backup: false,
  };
  t.deepEqual(checkMember(raw, { loadbalancer: LB6 }), valid({ ...raw, weight: 1, adminStateUp: true }));
});

test("a minimal health monitor gets maxRetriesDown 3 and admin up", (t) => {
  t.deepEqual(
    checkHealthMonitor(MONITOR, { listener: TCP80, pool: TCP_POOL }),
    valid({ ...MONITOR, maxRetriesDown: 3, adminStateUp: true }),
  );
});

test("an IPv6 VIP accepts IPv4 members (NAT64)", (t) => {
  t.true(checkMember({ address: "10.0.0.1", protocolPort: 80 }, { loadbalancer: LB6 }).ok);
});

test("PING monitors are accepted on TCP pools and SCTP monitors on SCTP listeners", (t) => {
  t.true(checkHealthMonitor({ ...MONITOR, type: "PING" }, { listener: TCP80, pool: TCP_POOL }).ok);
  const sctp: ListenerSpec = { ...TCP80, protocol: "SCTP" };
  t.true(
    checkHealthMonitor(
      { ...MONITOR, type: "SCTP" },
      { listener: sctp, pool: { ...TCP_POOL, protocol: "SCTP" } },
    ).ok,
  );
  t.true(checkHealthMonitor({ ...MONITOR, type: "UDP-CONNECT" }, { listener: UDP53, pool: UDP_POOL }).ok);
});

test("every pair of listener and pool protocol follows Octavia's table, PROXY aside", (t) => {
  const allowed: Record<string, string[]> = {
    TCP: ["HTTP", "HTTPS", "PROXYV2", "TCP"],
    HTTP: ["HTTP", "PROXYV2"],
    HTTPS: ["HTTPS", "PROXYV2", "TCP"],
    UDP: ["UDP"],
    SCTP: ["SCTP"],
  };
  const seen: Record<string, string[]> = {};
  for (const lp of Object.keys(allowed)) {
    const l = specOf(checkListener({ protocol: lp, protocolPort: 1 }))!;
    seen[lp] = ["TCP", "UDP", "SCTP", "HTTP", "HTTPS", "PROXY", "PROXYV2"].filter(
      (pp) => checkPool({ protocol: pp, lbMethod: "ROUND_ROBIN" }, { listener: l }).ok,
    );
  }
  t.deepEqual(
    seen,
    Object.fromEntries(
      Object.entries(allowed).map(([k, v]) => [
        k,
        ["TCP", "UDP", "SCTP", "HTTP", "HTTPS", "PROXYV2"].filter((p) => v.includes(p)),
      ]),
    ),
  );
});

test("reasons never echo the rejected value (it may be a secret)", (t) => {
  const secret = "s3cr3t-Value-77";
  const results = [
    checkLoadBalancer({ vipAddress: secret, name: secret.repeat(20), natMode: secret, vipPortId: 5 }),
    checkListener({
      protocol: secret,
      protocolPort: secret,
      allowedCidrs: [secret],
      timeoutClientData: secret,
    }),
    checkPool({
      protocol: secret,
      lbMethod: secret,
      persistence: { type: secret, cookieName: secret.repeat(20) },
    }),
    checkMember({ address: secret, protocolPort: 80, monitorAddress: secret, weight: secret }),
    checkHealthMonitor({
      type: secret,
      delay: secret,
      timeout: 1,
      maxRetries: 1,
      expectedCodes: secret,
      urlPath: secret,
    }),
  ];
  for (const r of results) {
    t.false(r.ok);
    for (const failure of r.failures) t.false(failure.reason.includes(secret), failure.reason);
  }
});
