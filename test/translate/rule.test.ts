import test from "ava";
import { ruleKeyOf, ruleName, type LbSelect, type LoadbalanceEntry } from "../../provider/api/model";
import type {
  HealthMonitorSpec,
  ListenerSpec,
  LoadBalancerSpec,
  MemberSpec,
  PoolSpec,
} from "../../provider/octavia/specs";
import {
  allowedSourcesFor,
  buildRule,
  desiredRule,
  enabledMembers,
  idleTimeoutFor,
  l4Protocol,
  probeFor,
  ruleActionForSpecChange,
  ruleEnabled,
  ruleKeyFor,
  ruleSpecChange,
  selectionFor,
  type RuleSpec,
} from "../../provider/translate/rule";
import { apportionSlots, planWeights, PRIO_SLOTS, weightForSlots } from "../../provider/translate/weights";
import { createRng, int } from "../helpers/octavia-gen";

const LB: LoadBalancerSpec = { vipAddress: "192.0.2.10", adminStateUp: true, natMode: "dnat", bgp: false };
const LISTENER: ListenerSpec = {
  protocol: "TCP",
  protocolPort: 80,
  adminStateUp: true,
  allowedCidrs: [],
  adopt: false,
};
const POOL: PoolSpec = { protocol: "TCP", lbMethod: "ROUND_ROBIN", adminStateUp: true };
const MONITOR: HealthMonitorSpec = {
  type: "TCP",
  delay: 5,
  timeout: 3,
  maxRetries: 3,
  maxRetriesDown: 4,
  adminStateUp: true,
};
const m = (address: string, weight = 1, extra: Partial<MemberSpec> = {}): MemberSpec => ({
  address,
  protocolPort: 8080,
  weight,
  adminStateUp: true,
  backup: false,
  ...extra,
});
const INPUT: RuleSpec = {
  lb: LB,
  listener: LISTENER,
  pool: POOL,
  members: [m("10.0.0.1"), m("10.0.0.2")],
  lbId: "lb1",
  listenerId: "l1",
};
const ep = (endpointIP: string, weight = 1, targetPort = 8080) => ({ endpointIP, targetPort, weight });

// ---------------------------------------------------------------- identity

test("a rule is named octavia-<lbId>-<listenerId>", (t) => {
  t.is(ruleName("a1", "b2"), "octavia-a1-b2");
});

test("listener protocols map to loxilb L4 protocols, HTTP and HTTPS as TCP pass-through", (t) => {
  const table = ["TCP", "HTTP", "HTTPS", "TERMINATED_HTTPS", "UDP", "SCTP"] as const;
  t.deepEqual(
    table.map((p) => l4Protocol(p)),
    ["tcp", "tcp", "tcp", "tcp", "udp", "sctp"],
  );
});

test("the rule key carries the canonical VIP, the port, the L4 protocol and the range end", (t) => {
  const key = { block: 0, host: "" };
  t.deepEqual(ruleKeyFor(LB, LISTENER), {
    externalIP: "192.0.2.10",
    port: 80,
    protocol: "tcp",
    portMax: 0,
    ...key,
  });
  t.deepEqual(
    ruleKeyFor({ vipAddress: "2001:DB8:0:0::10" }, { ...LISTENER, protocol: "UDP", protocolPort: 53 }),
    {
      externalIP: "2001:db8::10",
      port: 53,
      protocol: "udp",
      portMax: 0,
      ...key,
    },
  );
  t.deepEqual(ruleKeyFor(LB, { ...LISTENER, portMax: 90 }), {
    externalIP: "192.0.2.10",
    port: 80,
    protocol: "tcp",
    portMax: 90,
    ...key,
  });
  t.deepEqual(ruleKeyFor(LB, { ...LISTENER, portMax: 80 }).portMax, 0);
});

test("the key of a listener is the key of the rule built for it", (t) => {
  for (const listener of [
    LISTENER,
    { ...LISTENER, portMax: 99 },
    { ...LISTENER, protocol: "SCTP" as const, portMax: 80 },
  ]) {
    t.deepEqual(ruleKeyFor(LB, listener), ruleKeyOf(buildRule({ ...INPUT, listener }).serviceArguments));
  }
});

// ---------------------------------------------------------------- selection

test("pool algorithms and persistence map to loxilb selections", (t) => {
  const rows: Array<[PoolSpec["lbMethod"], boolean, boolean, LbSelect]> = [
    ["ROUND_ROBIN", false, false, "rr"],
    ["ROUND_ROBIN", true, false, "priority"],
    ["LEAST_CONNECTIONS", false, false, "lc"],
    ["LEAST_CONNECTIONS", true, false, "lc"],
    ["SOURCE_IP", false, false, "persist"],
    ["SOURCE_IP_PORT", false, false, "hash"],
    ["ROUND_ROBIN", false, true, "persist"],
    ["ROUND_ROBIN", true, true, "persist"],
    ["LEAST_CONNECTIONS", false, true, "persist"],
    ["SOURCE_IP_PORT", false, true, "persist"],
  ];
  for (const [lbMethod, weighted, persistent, sel] of rows) {
    const pool = { lbMethod, ...(persistent ? { persistence: { type: "SOURCE_IP" as const } } : {}) };
    t.is(selectionFor(pool, weighted), sel, `${lbMethod} weighted=${weighted} persistence=${persistent}`);
  }
});

// ---------------------------------------------------------------- weights

test("equal weights, whatever their value, are plain selection with weight 1", (t) => {
  t.deepEqual(planWeights([5, 5, 5], POOL), { weighted: false, weights: [1, 1, 1] });
  t.deepEqual(planWeights([256], POOL), { weighted: false, weights: [1] });
  t.deepEqual(planWeights([], POOL), { weighted: false, weights: [] });
});

test("unequal weights under ROUND_ROBIN become percent-like shares of loxilb's 16 slots", (t) => {
  t.deepEqual(planWeights([1, 3], POOL), { weighted: true, weights: [25, 75] });
  t.deepEqual(planWeights([1, 1, 2], POOL), { weighted: true, weights: [25, 25, 50] });
  t.deepEqual(planWeights([1, 2], POOL), { weighted: true, weights: [32, 69] });
  t.deepEqual(planWeights([1, 256], POOL), { weighted: true, weights: [7, 94] });
});

test("weights cannot be expressed under other algorithms, with persistence, or beyond 16 members", (t) => {
  for (const lbMethod of ["LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"] as const) {
    t.deepEqual(planWeights([1, 3], { lbMethod }), { weighted: false, weights: [1, 1] });
  }
  t.deepEqual(planWeights([1, 3], { lbMethod: "ROUND_ROBIN", persistence: { type: "SOURCE_IP" } }), {
    weighted: false,
    weights: [1, 1],
  });
  const many = Array.from({ length: 17 }, (_, i) => i + 1);
  t.deepEqual(planWeights(many, POOL), { weighted: false, weights: many.map(() => 1) });
});

test("slot apportionment fills exactly 16 slots, gives every member one, and loxilb reads the weights back as those slots", (t) => {
  const r = createRng(7);
  for (let i = 0; i < 300; i++) {
    const weights = Array.from({ length: int(r, 2, PRIO_SLOTS) }, () => int(r, 1, 256));
    const slots = apportionSlots(weights);
    t.is(
      slots.reduce((a, b) => a + b, 0),
      PRIO_SLOTS,
    );
    t.true(slots.every((s) => s >= 1));
    // loxilb: sw = weight * 16 / 100 (integer division), rules.go L3095.
    t.deepEqual(
      slots.map(weightForSlots).map((w) => Math.floor((w * PRIO_SLOTS) / 100)),
      slots,
    );
    // A heavier member never gets fewer slots than a lighter one.
    weights.forEach((w, a) => weights.forEach((v, b) => t.true(w <= v || slots[a]! >= slots[b]!)));
  }
});

// ---------------------------------------------------------------- members, sources, timeouts

test("disabled and drained members are left out, and a duplicate address:port collapses to the first", (t) => {
  const members = [
    m("10.0.0.1"),
    m("10.0.0.2", 0),
    m("10.0.0.3", 1, { adminStateUp: false }),
    m("2001:db8::1", 2),
    m("2001:DB8:0::1", 3),
    m("10.0.0.1", 1, { protocolPort: 9090 }),
  ];
  t.deepEqual(
    enabledMembers(members).map((x) => `${x.address}:${x.protocolPort}`),
    ["10.0.0.1:8080", "2001:db8::1:8080", "10.0.0.1:9090"],
  );
});

test("allowed CIDRs become canonical networks, once each", (t) => {
  const listener = {
    ...LISTENER,
    allowedCidrs: ["10.1.2.3/8", "10.0.0.0/8", "192.0.2.7", "2001:DB8::1/32", "2001:db8::/32"],
  };
  t.deepEqual(allowedSourcesFor(listener), [
    { prefix: "10.0.0.0/8" },
    { prefix: "192.0.2.7/32" },
    { prefix: "2001:db8::/32" },
  ]);
});

test("idle timeouts become inactiveTimeOut: the larger data timeout, in whole seconds rounded up, at most 86,400", (t) => {
  const rows: Array<[Partial<ListenerSpec>, number | undefined]> = [
    [{}, undefined],
    [{ timeoutClientData: 0, timeoutMemberData: 0 }, undefined],
    [{ timeoutClientData: 50000, timeoutMemberData: 1500 }, 50],
    [{ timeoutMemberData: 1 }, 1],
    [{ timeoutClientData: 1500 }, 2],
    [{ timeoutClientData: 86_400_000 }, 86_400],
    [{ timeoutClientData: 2_073_600_000 }, 86_400],
    [{ timeoutMemberConnect: 5000, timeoutTcpInspect: 9000 }, undefined],
  ];
  for (const [extra, seconds] of rows)
    t.is(idleTimeoutFor({ ...LISTENER, ...extra }), seconds, JSON.stringify(extra));
});

// ---------------------------------------------------------------- probes

test("health monitors map to probe settings", (t) => {
  const udp: ListenerSpec = { ...LISTENER, protocol: "UDP", protocolPort: 53 };
  const sctp: ListenerSpec = { ...LISTENER, protocol: "SCTP", protocolPort: 38412 };
  const timing = { probeTimeout: 5, probeRetries: 4 };
  const rows: Array<[string, ListenerSpec, HealthMonitorSpec | undefined, object]> = [
    ["no monitor", LISTENER, undefined, { monitor: false }],
    ["a disabled monitor", LISTENER, { ...MONITOR, adminStateUp: false }, { monitor: false }],
    ["TCP on a TCP listener: each endpoint on its own port", LISTENER, MONITOR, { monitor: true, ...timing }],
    ["TCP on an HTTPS listener", { ...LISTENER, protocol: "HTTPS" }, MONITOR, { monitor: true, ...timing }],
    ["UDP-CONNECT on a UDP listener", udp, { ...MONITOR, type: "UDP-CONNECT" }, { monitor: true, ...timing }],
    ["SCTP on an SCTP listener", sctp, { ...MONITOR, type: "SCTP" }, { monitor: true, ...timing }],
    [
      "PING",
      LISTENER,
      { ...MONITOR, type: "PING" },
      { monitor: true, probetype: "ping", probeport: 0, ...timing },
    ],
    [
      "PING on UDP",
      udp,
      { ...MONITOR, type: "PING" },
      { monitor: true, probetype: "ping", probeport: 0, ...timing },
    ],
    [
      "TCP on UDP (refused by check): the listener port",
      udp,
      MONITOR,
      { monitor: true, probetype: "tcp", probeport: 53, ...timing },
    ],
  ];
  for (const [title, listener, monitor, expected] of rows)
    t.deepEqual(probeFor(listener, monitor), expected, title);
});

// ---------------------------------------------------------------- whole rules

test("a TCP listener with two equal members and no monitor builds a plain round-robin rule", (t) => {
  const expected: LoadbalanceEntry = {
    serviceArguments: {
      externalIP: "192.0.2.10",
      port: 80,
      portMax: 0,
      protocol: "tcp",
      sel: "rr",
      mode: "dnat",
      name: "octavia-lb1-l1",
      bgp: false,
      proxyprotocolv2: false,
      monitor: false,
    },
    endpoints: [ep("10.0.0.1"), ep("10.0.0.2")],
    allowedSources: [],
  };
  t.deepEqual(buildRule(INPUT), expected);
});

test("every facet of the specs reaches the rule", (t) => {
  const input: RuleSpec = {
    lb: { ...LB, natMode: "fullnat", bgp: true },
    listener: {
      ...LISTENER,
      protocol: "HTTPS",
      protocolPort: 443,
      portMax: 450,
      allowedCidrs: ["198.51.100.9/24"],
      timeoutClientData: 30000,
      timeoutMemberData: 60001,
    },
    pool: { protocol: "PROXYV2", lbMethod: "SOURCE_IP_PORT", adminStateUp: true },
    monitor: { ...MONITOR, type: "PING", delay: 10, maxRetriesDown: 2 },
    members: [m("10.0.0.7", 3), m("10.0.0.8", 0), m("10.0.0.9", 1, { protocolPort: 9443 })],
    lbId: "lb",
    listenerId: "https",
  };
  t.deepEqual(buildRule(input), {
    serviceArguments: {
      externalIP: "192.0.2.10",
      port: 443,
      portMax: 450,
      protocol: "tcp",
      sel: "hash",
      mode: "fullnat",
      name: "octavia-lb-https",
      bgp: true,
      proxyprotocolv2: true,
      monitor: true,
      probetype: "ping",
      probeport: 0,
      probeTimeout: 10,
      probeRetries: 2,
      inactiveTimeOut: 61,
    },
    endpoints: [ep("10.0.0.7"), ep("10.0.0.9", 1, 9443)],
    allowedSources: [{ prefix: "198.51.100.0/24" }],
  });
});

test("unequal weights under round robin build a priority rule with slot-exact shares", (t) => {
  const rule = buildRule({
    ...INPUT,
    members: [m("10.0.0.1", 10), m("10.0.0.2", 30), m("10.0.0.3", 0)],
    monitor: MONITOR,
  });
  t.deepEqual(rule.serviceArguments.sel, "priority");
  t.deepEqual(rule.endpoints, [ep("10.0.0.1", 25), ep("10.0.0.2", 75)]);
  t.like(rule.serviceArguments, { monitor: true, probeTimeout: 5, probeRetries: 4 });
  t.false("probetype" in rule.serviceArguments);
});

test("an IPv6 VIP with IPv4 and IPv6 members writes every address canonically", (t) => {
  const rule = buildRule({
    ...INPUT,
    lb: { ...LB, vipAddress: "2001:0DB8:0000::0010" },
    members: [m("10.0.0.1"), m("2001:DB8::0:1")],
  });
  t.is(rule.serviceArguments.externalIP, "2001:db8::10");
  t.deepEqual(rule.endpoints, [ep("10.0.0.1"), ep("2001:db8::1")]);
});

test("a rule exists only while the load balancer, listener and pool are all admin up", (t) => {
  for (const lb of [true, false]) {
    for (const listener of [true, false]) {
      for (const pool of [true, false]) {
        const input = {
          lb: { ...LB, adminStateUp: lb },
          listener: { ...LISTENER, adminStateUp: listener },
          pool: { ...POOL, adminStateUp: pool },
        };
        t.is(ruleEnabled(input), lb && listener && pool);
        t.is(desiredRule({ ...INPUT, ...input }) !== undefined, lb && listener && pool);
      }
    }
  }
});

test("a pool whose members are all drained or disabled asks for no rule", (t) => {
  t.is(
    desiredRule({ ...INPUT, members: [m("10.0.0.1", 0), m("10.0.0.2", 1, { adminStateUp: false })] }),
    undefined,
  );
  t.is(desiredRule({ ...INPUT, members: [] }), undefined);
});

// ---------------------------------------------------------------- spec changes (for diff and preview)

const change = (before: Partial<RuleSpec>, after: Partial<RuleSpec>) =>
  ruleSpecChange({ ...INPUT, ...before }, { ...INPUT, ...after });

test("spec changes loxilb applies in place are reported as in-place", (t) => {
  const rows: Array<[string, Partial<RuleSpec>, Partial<RuleSpec>, string[]]> = [
    ["nothing", {}, {}, []],
    [
      "a member added",
      {},
      { members: [...INPUT.members, m("10.0.0.3")] },
      ["endpoints: endpoints added, removed or reweighted"],
    ],
    [
      "a member drained",
      {},
      { members: [m("10.0.0.1"), m("10.0.0.2", 0)] },
      ["endpoints: endpoints added, removed or reweighted"],
    ],
    [
      "weights",
      {},
      { members: [m("10.0.0.1"), m("10.0.0.2", 3)] },
      ["endpoints: endpoints added, removed or reweighted", "sel: selection algorithm changed"],
    ],
    [
      "the algorithm",
      {},
      { pool: { ...POOL, lbMethod: "LEAST_CONNECTIONS" } },
      ["sel: selection algorithm changed"],
    ],
    ["the NAT mode", {}, { lb: { ...LB, natMode: "onearm" } }, ["mode: NAT mode changed"]],
    [
      "PROXY v2",
      {},
      { pool: { ...POOL, protocol: "PROXYV2" } },
      ["proxyprotocolv2: PROXY protocol v2 changed"],
    ],
    [
      "the monitor type (same monitor flag)",
      { monitor: MONITOR },
      { monitor: { ...MONITOR, type: "PING" } },
      ["probetype: probe type changed"],
    ],
    [
      "allowed CIDRs added",
      {},
      { listener: { ...LISTENER, allowedCidrs: ["10.0.0.0/8"] } },
      ["allowedSources: allowed sources changed"],
    ],
    [
      "an idle timeout together with a member",
      {},
      { listener: { ...LISTENER, timeoutClientData: 10_000 }, members: [m("10.0.0.1")] },
      [
        "endpoints: endpoints added, removed or reweighted",
        "inactiveTimeOut: loxilb ignores this change unless a field it compares changes too",
      ],
    ],
  ];
  for (const [title, before, after, reasons] of rows) {
    t.deepEqual(
      change(before, after),
      { action: reasons.length === 0 ? "none" : "in-place", reasons },
      title,
    );
    t.is(ruleActionForSpecChange({ ...INPUT, ...before }, { ...INPUT, ...after }), "in-place", title);
  }
});

test("spec changes loxilb cannot apply in place are reported as recreate, with the reason", (t) => {
  const silent = "loxilb ignores this change unless a field it compares changes too";
  const rows: Array<[string, Partial<RuleSpec>, Partial<RuleSpec>, string[]]> = [
    [
      "a monitor added",
      {},
      { monitor: MONITOR },
      ["monitor: loxilb sets the monitor flag only when a rule is created"],
    ],
    [
      "a monitor disabled",
      { monitor: MONITOR },
      { monitor: { ...MONITOR, adminStateUp: false } },
      ["monitor: loxilb sets the monitor flag only when a rule is created"],
    ],
    ["BGP", {}, { lb: { ...LB, bgp: true } }, ["bgp: loxilb keeps the BGP flag a rule was created with"]],
    [
      "the rule name (another load balancer id)",
      {},
      { lbId: "lb2" },
      ["name: loxilb keeps the name a rule was created with"],
    ],
    [
      "the probe interval alone",
      { monitor: MONITOR },
      { monitor: { ...MONITOR, delay: 9 } },
      [`probeTimeout: ${silent}; GET does not return it`],
    ],
    [
      "the fall threshold alone",
      { monitor: MONITOR },
      { monitor: { ...MONITOR, maxRetriesDown: 9 } },
      [`probeRetries: ${silent}; GET does not return it`],
    ],
    [
      "an idle timeout alone",
      {},
      { listener: { ...LISTENER, timeoutMemberData: 10_000 } },
      [`inactiveTimeOut: ${silent}`],
    ],
    [
      "one allowed CIDR replaced by another",
      { listener: { ...LISTENER, allowedCidrs: ["10.0.0.0/8"] } },
      { listener: { ...LISTENER, allowedCidrs: ["172.16.0.0/12"] } },
      [`allowedSources: ${silent} (its same-count prefix comparison is inverted)`],
    ],
    [
      "the key",
      {},
      { listener: { ...LISTENER, protocolPort: 81 } },
      ["key: the VIP, port range or protocol changes"],
    ],
  ];
  for (const [title, before, after, reasons] of rows) {
    t.deepEqual(change(before, after), { action: "recreate", reasons }, title);
    t.is(ruleActionForSpecChange({ ...INPUT, ...before }, { ...INPUT, ...after }), "recreate", title);
  }
});

test("a rule that starts or stops existing is a create or a delete, not a recreate", (t) => {
  t.deepEqual(change({ pool: { ...POOL, adminStateUp: false } }, {}), {
    action: "create",
    reasons: ["the rule starts to exist (enabled, with endpoints)"],
  });
  t.deepEqual(change({}, { members: [] }), {
    action: "delete",
    reasons: ["the rule is disabled or has no enabled member"],
  });
  t.is(ruleActionForSpecChange(INPUT, { ...INPUT, members: [] }), "in-place");
});
