import test from "ava";
import type { LoadbalanceEntry, ServiceArguments } from "../../provider/api/model";
import {
  loxilbSeesSourceChange,
  planRuleWrite,
  ruleInPlaceFields,
  ruleProbeTimingFields,
  ruleRecreateFields,
  ruleSilentFields,
} from "../../provider/translate/plan";

const DESIRED: LoadbalanceEntry = {
  serviceArguments: {
    externalIP: "2001:db8::10",
    port: 80,
    portMax: 0,
    protocol: "tcp",
    sel: "rr",
    mode: "dnat",
    name: "octavia-lb-l",
    bgp: false,
    proxyprotocolv2: false,
    monitor: true,
    probeTimeout: 5,
    probeRetries: 3,
  },
  endpoints: [
    { endpointIP: "10.0.0.1", targetPort: 8080, weight: 1 },
    { endpointIP: "2001:db8::1", targetPort: 8080, weight: 1 },
  ],
  allowedSources: [{ prefix: "10.0.0.0/8" }, { prefix: "192.168.0.0/16" }],
};

/** DESIRED as loxilb's GET reports it: zero values dropped, effective idle timeout, no probe timing, state, counters. */
const LIVE: LoadbalanceEntry = {
  serviceArguments: {
    externalIP: "2001:db8::10",
    port: 80,
    protocol: "tcp",
    name: "octavia-lb-l",
    monitor: true,
    inactiveTimeOut: 240,
  },
  endpoints: [
    { endpointIP: "2001:db8::1", targetPort: 8080, weight: 1, state: "active", counter: "10:1000" },
    { endpointIP: "10.0.0.1", targetPort: 8080, weight: 1, state: "inactive", counter: "0:0" },
  ],
  allowedSources: [{ prefix: "192.168.0.0/16" }, { prefix: "10.0.0.0/8" }],
  secondaryIPs: [],
};

const withArgs = (e: LoadbalanceEntry, sa: Partial<ServiceArguments>): LoadbalanceEntry => ({
  ...e,
  serviceArguments: { ...e.serviceArguments, ...sa },
});
const SILENT = "loxilb ignores this change unless a field it compares changes too";

test("nothing to write when neither a live nor a desired rule exists", (t) => {
  t.deepEqual(planRuleWrite(undefined, undefined), { action: "none", reasons: [] });
  t.deepEqual(planRuleWrite(undefined, { ...DESIRED, endpoints: [] }), { action: "none", reasons: [] });
});

test("a live rule that is no longer desired, or has no endpoint left, is deleted", (t) => {
  const reasons = ["the rule is disabled or has no endpoint left"];
  t.deepEqual(planRuleWrite(LIVE, undefined), { action: "delete", reasons });
  t.deepEqual(planRuleWrite(LIVE, { ...DESIRED, endpoints: [] }), { action: "delete", reasons });
});

test("a desired rule that does not exist is created", (t) => {
  t.deepEqual(planRuleWrite(undefined, DESIRED), { action: "create", reasons: ["the rule does not exist"] });
});

test("the live rule as GET reports it plans nothing against the same desired rule", (t) => {
  t.deepEqual(planRuleWrite(LIVE, DESIRED), { action: "none", reasons: [] });
  const spelled = {
    ...DESIRED,
    endpoints: [{ endpointIP: "2001:DB8:0::1", targetPort: 8080, weight: 1 }, DESIRED.endpoints[0]!],
  };
  t.deepEqual(planRuleWrite(LIVE, spelled), { action: "none", reasons: [] });
  t.deepEqual(planRuleWrite(withArgs(LIVE, { externalIP: "2001:DB8::0:10" }), DESIRED), {
    action: "none",
    reasons: [],
  });
});

test("each field loxilb compares is an in-place update", (t) => {
  const ep = { endpointIP: "10.0.0.3", targetPort: 8080, weight: 1 };
  const rows: Array<[string, LoadbalanceEntry, string]> = [
    [
      "an endpoint added",
      { ...DESIRED, endpoints: [...DESIRED.endpoints, ep] },
      "endpoints: endpoints added, removed or reweighted",
    ],
    [
      "an endpoint removed",
      { ...DESIRED, endpoints: DESIRED.endpoints.slice(1) },
      "endpoints: endpoints added, removed or reweighted",
    ],
    [
      "a weight changed",
      { ...DESIRED, endpoints: DESIRED.endpoints.map((e) => ({ ...e, weight: 50 })) },
      "endpoints: endpoints added, removed or reweighted",
    ],
    ["the selection", withArgs(DESIRED, { sel: "lc" }), "sel: selection algorithm changed"],
    ["the NAT mode", withArgs(DESIRED, { mode: "fullnat" }), "mode: NAT mode changed"],
    [
      "the probe type",
      withArgs(DESIRED, { probetype: "ping", probeport: 0 }),
      "probetype: probe type changed",
    ],
    ["PROXY v2", withArgs(DESIRED, { proxyprotocolv2: true }), "proxyprotocolv2: PROXY protocol v2 changed"],
    [
      "allowed sources added",
      { ...DESIRED, allowedSources: [...DESIRED.allowedSources!, { prefix: "172.16.0.0/12" }] },
      "allowedSources: allowed sources changed",
    ],
    [
      "allowed sources removed",
      { ...DESIRED, allowedSources: [] },
      "allowedSources: allowed sources changed",
    ],
  ];
  for (const [title, desired, reason] of rows)
    t.deepEqual(planRuleWrite(LIVE, desired), { action: "update", reasons: [reason] }, title);
});

test("each field loxilb never changes in place forces a recreate", (t) => {
  const rows: Array<[string, LoadbalanceEntry, LoadbalanceEntry, string]> = [
    [
      "the name",
      LIVE,
      withArgs(DESIRED, { name: "other" }),
      "name: loxilb keeps the name a rule was created with",
    ],
    [
      "the monitor flag",
      LIVE,
      withArgs(DESIRED, { monitor: false }),
      "monitor: loxilb sets the monitor flag only when a rule is created",
    ],
    ["BGP", LIVE, withArgs(DESIRED, { bgp: true }), "bgp: loxilb keeps the BGP flag a rule was created with"],
    [
      "managed",
      withArgs(LIVE, { managed: true }),
      DESIRED,
      "managed: loxilb keeps the managed flag a rule was created with",
    ],
    [
      "security",
      withArgs(LIVE, { security: "https" }),
      DESIRED,
      "security: loxilb refuses to change a rule's security mode (409)",
    ],
    [
      "egress",
      withArgs(LIVE, { egress: true }),
      DESIRED,
      "egress: loxilb refuses to change a rule's egress mode (409)",
    ],
    [
      "full-proxy mode",
      withArgs(LIVE, { mode: "fullproxy" }),
      DESIRED,
      "fullproxy: loxilb refuses to switch a rule into or out of full-proxy mode (409)",
    ],
    [
      "secondary IPs",
      { ...LIVE, secondaryIPs: [{ secondaryIP: "2001:db8::11" }] },
      DESIRED,
      "secondaryIPs: loxilb refuses to change a rule's secondary IPs (500)",
    ],
  ];
  for (const [title, live, desired, reason] of rows) {
    const plan = planRuleWrite(live, desired);
    t.is(plan.action, "recreate", title);
    t.true(plan.reasons.includes(reason), `${title}: ${plan.reasons.join("; ")}`);
  }
});

test("a changed key is a recreate", (t) => {
  t.deepEqual(planRuleWrite(LIVE, withArgs(DESIRED, { portMax: 90 })), {
    action: "recreate",
    reasons: ["key: the VIP, port range or protocol changes"],
  });
});

test("a change loxilb ignores on its own is a recreate; with a compared change it rides along in place", (t) => {
  const idle = withArgs(DESIRED, { inactiveTimeOut: 60 });
  t.deepEqual(planRuleWrite(LIVE, idle), { action: "recreate", reasons: [`inactiveTimeOut: ${SILENT}`] });
  t.deepEqual(planRuleWrite(LIVE, withArgs(idle, { sel: "hash" })), {
    action: "update",
    reasons: ["sel: selection algorithm changed", `inactiveTimeOut: ${SILENT}`],
  });
  t.deepEqual(
    planRuleWrite(
      withArgs(LIVE, { protocol: "udp", inactiveTimeOut: 20 }),
      withArgs(DESIRED, { protocol: "udp" }),
    ),
    {
      action: "none",
      reasons: [],
    },
  );
});

test("probe timing is invisible in GET: it changes nothing unless the caller says it changed", (t) => {
  t.deepEqual(planRuleWrite(LIVE, withArgs(DESIRED, { probeTimeout: 30, probeRetries: 9 })), {
    action: "none",
    reasons: [],
  });
  const unseen = ["probeTimeout: changed in the monitor spec"];
  t.deepEqual(planRuleWrite(LIVE, DESIRED, { unseenChanges: unseen }), {
    action: "recreate",
    reasons: unseen,
  });
  t.deepEqual(planRuleWrite(LIVE, withArgs(DESIRED, { mode: "onearm" }), { unseenChanges: unseen }), {
    action: "update",
    reasons: ["mode: NAT mode changed", ...unseen],
  });
});

test("allowed sources replaced at the same count follow loxilb's inverted comparison", (t) => {
  const srcs = (...prefixes: string[]) => prefixes.map((prefix) => ({ prefix }));
  const inverted = `allowedSources: ${SILENT} (its same-count prefix comparison is inverted)`;
  const one = { ...LIVE, allowedSources: srcs("10.0.0.0/8") };
  t.deepEqual(planRuleWrite(one, { ...DESIRED, allowedSources: srcs("172.16.0.0/12") }), {
    action: "recreate",
    reasons: [inverted],
  });
  t.deepEqual(planRuleWrite(LIVE, { ...DESIRED, allowedSources: srcs("172.16.0.0/12", "10.0.0.0/8") }), {
    action: "recreate",
    reasons: [inverted],
  });
  t.deepEqual(planRuleWrite(one, { ...DESIRED, allowedSources: srcs("10.9.9.9/8") }), {
    action: "none",
    reasons: [],
  });
});

test("loxilb's allowed-source comparison is transliterated, quirks included", (t) => {
  const rows: Array<[string[], string[], boolean]> = [
    [[], [], false],
    [["A"], ["A"], true],
    [["A"], ["B"], false],
    [["A", "B"], ["A", "B"], false],
    [["A", "B"], ["C", "D"], false],
    [["A", "A"], ["A", "A"], true],
    [["A"], ["A", "B"], true],
    [["A", "B"], [], true],
  ];
  for (const [stored, sent, seen] of rows)
    t.is(loxilbSeesSourceChange(stored, sent), seen, `${stored.join(",")} -> ${sent.join(",")}`);
});

test("the field tables name loxilb's recreate, in-place, silent and probe-timing fields", (t) => {
  t.deepEqual(
    ruleRecreateFields.map((r) => r.field),
    ["name", "monitor", "bgp", "managed", "privateIP", "security", "egress", "fullproxy", "secondaryIPs"],
  );
  t.deepEqual(
    ruleInPlaceFields.map((r) => r.field),
    ["endpoints", "sel", "mode", "probetype", "probeport", "proxyprotocolv2", "allowedSources"],
  );
  t.deepEqual(
    ruleSilentFields.map((r) => r.field),
    ["inactiveTimeOut", "allowedSources"],
  );
  t.deepEqual(
    ruleProbeTimingFields.map((r) => r.field),
    ["probeTimeout", "probeRetries"],
  );
});
