import test from "ava";
import {
  checkHealthMonitor,
  checkListener,
  checkLoadBalancer,
  checkMember,
  checkPool,
  type CheckResult,
} from "../../provider/octavia/check";
import { UNKNOWN } from "../../provider/octavia/unknown";
import { checkCase, genCases } from "../helpers/octavia-gen";
import {
  DSR,
  expectInvalid as invalid,
  expectPending as pending,
  expectValid as valid,
  failure as f,
  LB4,
  TCP80,
  TCP_POOL,
} from "../helpers/octavia-gen";

// ---------------------------------------------------------------- Pulumi's unknown sentinel

const PORT = "must be an integer from 1 to 65535";
const member = (extra: Record<string, unknown>) => ({ address: "10.0.0.1", protocolPort: 80, ...extra });
const listener = (extra: Record<string, unknown>) => ({ protocol: "TCP", protocolPort: 80, ...extra });

/** A full, valid input per resource, with the parents its cross-field rules read. */
const FULL: ReadonlyArray<{
  name: string;
  raw: Record<string, unknown>;
  run: (raw: unknown, parents: never) => CheckResult<unknown>;
  parents: Record<string, unknown>;
}> = [
  {
    name: "load balancer",
    raw: {
      vipAddress: "192.0.2.10",
      name: "n",
      description: "d",
      adminStateUp: true,
      vipSubnetId: "s",
      vipNetworkId: "n",
      vipPortId: "p",
      natMode: "dsr",
      bgp: true,
    },
    run: (raw) => checkLoadBalancer(raw),
    parents: {},
  },
  {
    name: "listener",
    raw: {
      protocol: "TCP",
      protocolPort: 80,
      portMax: 90,
      name: "n",
      description: "d",
      adminStateUp: true,
      allowedCidrs: ["10.0.0.0/8"],
      connectionLimit: -1,
      timeoutClientData: 1,
      timeoutMemberConnect: 1,
      timeoutMemberData: 1,
      timeoutTcpInspect: 1,
      adopt: false,
    },
    run: (raw, parents) => checkListener(raw, parents),
    parents: { loadbalancer: LB4 },
  },
  {
    name: "pool",
    raw: { protocol: "TCP", lbMethod: "SOURCE_IP_PORT", name: "n", description: "d", adminStateUp: true },
    run: (raw, parents) => checkPool(raw, parents),
    parents: { loadbalancer: DSR, listener: TCP80 },
  },
  {
    name: "member",
    raw: {
      address: "10.0.0.1",
      protocolPort: 80,
      weight: 5,
      adminStateUp: true,
      backup: false,
      monitorAddress: "10.0.0.1",
      monitorPort: 80,
      subnetId: "s",
      name: "n",
    },
    run: (raw, parents) => checkMember(raw, parents),
    parents: {
      loadbalancer: DSR,
      listener: TCP80,
      pool: TCP_POOL,
      siblingCount: 2,
      siblings: [{ address: "10.0.0.1", protocolPort: 80 }],
    },
  },
  {
    name: "health monitor",
    raw: {
      type: "TCP",
      delay: 5,
      timeout: 3,
      maxRetries: 3,
      maxRetriesDown: 2,
      name: "n",
      adminStateUp: true,
    },
    run: (raw, parents) => checkHealthMonitor(raw, parents),
    parents: { listener: TCP80, pool: TCP_POOL },
  },
];

for (const r of FULL) {
  test(`the ${r.name} fixture used for unknowns is valid`, (t) => {
    t.true(r.run(r.raw, r.parents as never).ok);
  });

  test(`an unknown ${r.name} field, whatever its type, is skipped and listed, never a failure`, (t) => {
    for (const key of Object.keys(r.raw)) {
      t.deepEqual(r.run({ ...r.raw, [key]: UNKNOWN }, r.parents as never), pending([key]), key);
    }
  });

  test(`a wholly unknown ${r.name} input is pending`, (t) => {
    t.deepEqual(r.run(UNKNOWN, r.parents as never), pending(["*"]));
  });

  if (Object.keys(r.parents).length === 0) continue;
  test(`an unknown field in any parent of a ${r.name} never fails it`, (t) => {
    for (const [name, parent] of Object.entries(r.parents)) {
      if (typeof parent !== "object" || parent === null || Array.isArray(parent)) continue;
      for (const key of Object.keys(parent)) {
        const parents = { ...r.parents, [name]: { ...parent, [key]: UNKNOWN } };
        t.true(r.run(r.raw, parents as never).ok, `${name}.${key}`);
      }
      t.true(r.run(r.raw, { ...r.parents, [name]: UNKNOWN } as never).ok, name);
    }
  });
}

test("an unknown element of a list or field of an object is listed by its dotted path", (t) => {
  t.deepEqual(
    checkListener(listener({ allowedCidrs: ["10.0.0.0/8", UNKNOWN] }), { loadbalancer: LB4 }),
    pending(["allowedCidrs.1"]),
  );
  t.deepEqual(
    checkPool({ protocol: "TCP", lbMethod: "ROUND_ROBIN", persistence: { type: UNKNOWN } }),
    pending(["persistence.type"]),
  );
});

test("an unknown field still lets the known ones fail, and only the rules that need it are skipped", (t) => {
  t.deepEqual(
    checkListener(
      listener({ allowedCidrs: [UNKNOWN, "2001:db8::/32"], protocolPort: UNKNOWN, portMax: 70000 }),
      { loadbalancer: LB4 },
    ),
    invalid(
      [
        f("portMax", PORT),
        f(
          "allowedCidrs.1",
          "an IPv6 CIDR cannot match clients of the IPv4 VIP (Octavia requires the VIP's IP version)",
        ),
      ],
      ["protocolPort", "allowedCidrs.0"],
    ),
  );
  t.deepEqual(checkMember(member({ protocolPort: UNKNOWN, monitorPort: 9 })), pending(["protocolPort"]));
  t.deepEqual(
    checkMember(member({ protocolPort: 8080 }), {
      loadbalancer: { ...DSR, natMode: UNKNOWN },
      listener: TCP80,
    }),
    valid({ address: "10.0.0.1", protocolPort: 8080, weight: 1, adminStateUp: true, backup: false }),
  );
});

// ---------------------------------------------------------------- seeded random inputs

test("1,000 seeded random inputs across the five resources never throw and fail where they should", (t) => {
  const cases = genCases(0x10ad, 1000);
  const kinds = new Set(cases.map((c) => `${c.kind}:${c.expect}`));
  t.true(kinds.size >= 18, [...kinds].join(","));
  for (const c of cases) {
    const r = checkCase(c);
    for (const failure of r.failures) {
      t.true(failure.property.length > 0 && failure.reason.length > 0, c.note);
    }
    if (c.expect === "valid") t.true(r.ok && r.known, c.note);
    if (c.expect === "invalid") t.true(!r.ok && r.failures.some((x) => x.property === c.property), c.note);
    if (c.expect === "pending") t.deepEqual(r, pending([c.property!]), c.note);
  }
});
