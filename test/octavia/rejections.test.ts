import test from "ava";
import {
  checkHealthMonitor,
  checkListener,
  checkLoadBalancer,
  checkMember,
  checkPool,
  type CheckFailure,
  type CheckResult,
} from "../../provider/octavia/check";
import {
  DSR,
  expectInvalid as invalid,
  failure as f,
  LB4,
  LB6,
  MONITOR_ARGS as MONITOR,
  TCP80,
  TCP_POOL,
  UDP53,
  UDP_POOL,
} from "../helpers/octavia-gen";

// ---------------------------------------------------------------- rejections, with path and reason

interface Rejection {
  readonly title: string;
  readonly result: () => CheckResult<unknown>;
  readonly failures: CheckFailure[];
}

const PORT = "must be an integer from 1 to 65535";
const IP = "must be an IPv4 or IPv6 address literal (no prefix length, no zone, no IPv4-mapped IPv6 form)";
const CIDR =
  "must be an IPv4 or IPv6 CIDR such as 203.0.113.0/24 or 2001:db8::/32 (no IPv4-mapped IPv6 form)";
const HTTP_ONLY = (field: string) =>
  `${field} applies only to HTTP and HTTPS monitors (Octavia: InvalidOption); remove it`;
const UNSUPPORTED_MONITOR = (type: string) =>
  `${type} monitors are not supported: LoxiLB's rule probes are tcp, udp, sctp or ping only (it refuses http and https); ` +
  "use TCP, which checks that each member accepts connections on its port";
const member = (extra: Record<string, unknown>) => ({ address: "10.0.0.1", protocolPort: 80, ...extra });
const listener = (extra: Record<string, unknown>) => ({ protocol: "TCP", protocolPort: 80, ...extra });
const monitor = (extra: Record<string, unknown>) => ({ ...MONITOR, ...extra });

const REJECTIONS: readonly Rejection[] = [
  {
    title: "a load balancer without a VIP",
    result: () => checkLoadBalancer({ name: "x" }),
    failures: [f("vipAddress", "is required")],
  },
  ...[
    "300.0.0.1",
    "10.0.0",
    "010.0.0.1",
    "10.0.0.1/32",
    "fe80::1%eth0",
    "::ffff:192.0.2.1",
    "lb.example",
    "",
  ].map(
    (vip): Rejection => ({
      title: `a VIP that is not an address literal (${vip || "empty"})`,
      result: () => checkLoadBalancer({ vipAddress: vip }),
      failures: [f("vipAddress", IP)],
    }),
  ),
  {
    title: "an unspecified VIP",
    result: () => checkLoadBalancer({ vipAddress: "::" }),
    failures: [
      f(
        "vipAddress",
        "an unspecified VIP (0.0.0.0 or ::) is only valid in LoxiLB's host-one-arm mode, which this provider does not offer; " +
          "use the address clients connect to",
      ),
    ],
  },
  {
    title: "a NAT mode LoxiLB has but the provider does not offer",
    result: () => checkLoadBalancer({ vipAddress: "192.0.2.1", natMode: "fullproxy", bgp: "yes" }),
    failures: [f("natMode", "must be one of dnat, onearm, fullnat, dsr"), f("bgp", "must be true or false")],
  },
  {
    title: "a name longer than Octavia's 255 characters",
    result: () => checkLoadBalancer({ vipAddress: "192.0.2.1", name: "n".repeat(256) }),
    failures: [f("name", "must be a string of at most 255 characters")],
  },
  {
    title: "a TERMINATED_HTTPS listener",
    result: () => checkListener(listener({ protocol: "TERMINATED_HTTPS", protocolPort: 443 })),
    failures: [
      f(
        "protocol",
        "TERMINATED_HTTPS is not supported: LoxiLB terminates TLS only with certificates it manages itself (its rule " +
          "`security` mode), which this provider cannot supply; use HTTPS (TLS pass-through to the members) or TCP",
      ),
    ],
  },
  {
    title: "a PROMETHEUS listener",
    result: () => checkListener(listener({ protocol: "PROMETHEUS" })),
    failures: [
      f(
        "protocol",
        "PROMETHEUS listeners are an Octavia amphora metrics endpoint and LoxiLB has none; scrape LoxiLB's own Prometheus metrics instead",
      ),
    ],
  },
  {
    title: "a lower-case listener protocol",
    result: () => checkListener(listener({ protocol: "tcp" })),
    failures: [f("protocol", "must be one of TCP, UDP, SCTP, HTTP, HTTPS, TERMINATED_HTTPS, PROMETHEUS")],
  },
  ...[0, 65536, 8.5, "80"].map(
    (port): Rejection => ({
      title: `a listener port out of range or not an integer (${JSON.stringify(port)})`,
      result: () => checkListener(listener({ protocolPort: port })),
      failures: [f("protocolPort", PORT)],
    }),
  ),
  {
    title: "a port range that ends below its start",
    result: () => checkListener(listener({ protocolPort: 8080, portMax: 8000 })),
    failures: [f("portMax", "must be at least protocolPort (the range is protocolPort..portMax)")],
  },
  {
    title: "a connection limit other than -1",
    result: () => checkListener(listener({ connectionLimit: 1000 })),
    failures: [
      f(
        "connectionLimit",
        "LoxiLB has no per-listener connection limit; remove connectionLimit or set it to -1 (unlimited)",
      ),
    ],
  },
  {
    title: "a connection limit below Octavia's minimum",
    result: () => checkListener(listener({ connectionLimit: -2 })),
    failures: [f("connectionLimit", `must be an integer from -1 to ${Number.MAX_SAFE_INTEGER}`)],
  },
  ...(["timeoutClientData", "timeoutMemberData"] as const).map(
    (field): Rejection => ({
      title: `an idle timeout (${field}) above LoxiLB's 86,400 s`,
      result: () => checkListener(listener({ [field]: 86_400_001 })),
      failures: [
        f(
          field,
          `LoxiLB's session idle timeout (inactiveTimeOut) is at most 86400 s; set ${field} to at most 86400000 ms`,
        ),
      ],
    }),
  ),
  ...(["timeoutClientData", "timeoutMemberConnect", "timeoutMemberData", "timeoutTcpInspect"] as const).map(
    (field): Rejection => ({
      title: `a ${field} outside Octavia's 0..24 days`,
      result: () => checkListener(listener({ [field]: -1 })),
      failures: [f(field, "must be an integer from 0 to 2073600000 milliseconds")],
    }),
  ),
  {
    title: "allowed CIDRs that do not parse, by element",
    result: () =>
      checkListener(listener({ allowedCidrs: ["10.0.0.0/8", "10.0.0.0/33", "2001:db8::/129", "x", 5] })),
    failures: [
      f("allowedCidrs.1", CIDR),
      f("allowedCidrs.2", CIDR),
      f("allowedCidrs.3", CIDR),
      f("allowedCidrs.4", CIDR),
    ],
  },
  {
    title: "allowed CIDRs that are not a list",
    result: () => checkListener(listener({ allowedCidrs: "10.0.0.0/8" })),
    failures: [f("allowedCidrs", "must be a list")],
  },
  {
    title: "allowed CIDRs of the other IP version than the VIP",
    result: () =>
      checkListener(listener({ allowedCidrs: ["10.0.0.0/8", "2001:db8::/32"] }), { loadbalancer: LB4 }),
    failures: [
      f(
        "allowedCidrs.1",
        "an IPv6 CIDR cannot match clients of the IPv4 VIP (Octavia requires the VIP's IP version)",
      ),
    ],
  },
  {
    title: "IPv4 allowed CIDRs on an IPv6 VIP",
    result: () => checkListener(listener({ allowedCidrs: ["10.0.0.0/8"] }), { loadbalancer: LB6 }),
    failures: [
      f(
        "allowedCidrs.0",
        "an IPv4 CIDR cannot match clients of the IPv6 VIP (Octavia requires the VIP's IP version)",
      ),
    ],
  },
  {
    title: "a PROXY (v1) pool",
    result: () => checkPool({ protocol: "PROXY", lbMethod: "ROUND_ROBIN" }, { listener: TCP80 }),
    failures: [
      f(
        "protocol",
        "PROXY (protocol v1) is not supported: LoxiLB only writes PROXY protocol v2 headers; use PROXYV2",
      ),
    ],
  },
  {
    title: "a pool protocol the listener protocol does not allow",
    result: () =>
      checkPool({ protocol: "TCP", lbMethod: "ROUND_ROBIN" }, { listener: { ...TCP80, protocol: "HTTP" } }),
    failures: [
      f(
        "protocol",
        "a HTTP listener accepts pool protocols HTTP, PROXY, PROXYV2 (Octavia's listener/pool protocol table)",
      ),
    ],
  },
  ...(["HTTP_COOKIE", "APP_COOKIE"] as const).map(
    (type): Rejection => ({
      title: `${type} persistence`,
      result: () =>
        checkPool({ protocol: "HTTP", lbMethod: "ROUND_ROBIN", persistence: { type, cookieName: "sid" } }),
      failures: [
        f(
          "persistence.type",
          `${type} persistence is not supported: LoxiLB balances at L4 and never sees cookies; use SOURCE_IP persistence`,
        ),
      ],
    }),
  ),
  {
    title: "a cookie name on SOURCE_IP persistence",
    result: () =>
      checkPool({
        protocol: "TCP",
        lbMethod: "ROUND_ROBIN",
        persistence: { type: "SOURCE_IP", cookieName: "sid" },
      }),
    failures: [
      f("persistence.cookieName", "cookieName applies only to APP_COOKIE persistence (Octavia); remove it"),
    ],
  },
  {
    title: "persistence without a type",
    result: () => checkPool({ protocol: "TCP", lbMethod: "ROUND_ROBIN", persistence: {} }),
    failures: [f("persistence.type", "is required")],
  },
  {
    title: "a pool with an unknown algorithm name",
    result: () => checkPool({ protocol: "TCP", lbMethod: "RANDOM" }),
    failures: [f("lbMethod", "must be one of ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP, SOURCE_IP_PORT")],
  },
  {
    title: "a DSR load balancer with round robin and persistence",
    result: () =>
      checkPool(
        { protocol: "TCP", lbMethod: "ROUND_ROBIN", persistence: { type: "SOURCE_IP" } },
        { loadbalancer: DSR },
      ),
    failures: [
      f(
        "lbMethod",
        "the load balancer's natMode dsr needs LoxiLB hash selection; use lbMethod SOURCE_IP_PORT",
      ),
      f(
        "persistence",
        "the load balancer's natMode dsr needs LoxiLB hash selection, which has no persistence; remove persistence",
      ),
    ],
  },
  {
    title: "a backup member",
    result: () => checkMember(member({ backup: true })),
    failures: [
      f(
        "backup",
        "LoxiLB has no backup members: every endpoint of a rule takes traffic; remove backup or set it to false",
      ),
    ],
  },
  {
    title: "a member monitored at another address and port",
    result: () => checkMember(member({ monitorAddress: "10.0.0.2", monitorPort: 81 })),
    failures: [
      f(
        "monitorAddress",
        "LoxiLB probes each endpoint at its own address and port; remove monitorAddress or set it to the member's address",
      ),
      f(
        "monitorPort",
        "LoxiLB probes each endpoint at its own address and port; remove monitorPort or set it to the member's protocolPort",
      ),
    ],
  },
  ...[-1, 257, 1.5, "1"].map(
    (weight): Rejection => ({
      title: `a member weight outside Octavia's 0..256 (${JSON.stringify(weight)})`,
      result: () => checkMember(member({ weight })),
      failures: [f("weight", "must be an integer from 0 to 256")],
    }),
  ),
  {
    title: "a member without address and port",
    result: () => checkMember({ weight: 1 }),
    failures: [f("address", "is required"), f("protocolPort", "is required")],
  },
  {
    title: "an IPv6 member behind an IPv4 VIP (NAT46)",
    result: () => checkMember(member({ address: "2001:db8::1" }), { loadbalancer: LB4 }),
    failures: [
      f(
        "address",
        "an IPv6 member cannot serve an IPv4 VIP: LoxiLB refuses NAT46; use an IPv4 member address (an IPv6 VIP with IPv4 members, NAT64, is supported)",
      ),
    ],
  },
  {
    title: "a DSR member on another port than the listener's",
    result: () => checkMember(member({ protocolPort: 8080 }), { loadbalancer: DSR, listener: TCP80 }),
    failures: [
      f(
        "protocolPort",
        "with natMode dsr LoxiLB forwards packets without rewriting the port, so the member must listen on the listener's protocolPort (80)",
      ),
    ],
  },
  {
    title: "a 33rd member",
    result: () => checkMember(member({}), { siblingCount: 33 }),
    failures: [
      f(
        "pool",
        "the pool has 33 members but a LoxiLB rule holds at most 32 endpoints; split the members across listeners (another port or VIP)",
      ),
    ],
  },
  {
    title: "two members with the same address and port",
    result: () =>
      checkMember(member({}), {
        siblings: [member({ weight: 2 }), { address: "10.0.0.1", protocolPort: 80 }],
      }),
    failures: [
      f(
        "address",
        "another member of the pool has the same address and protocolPort (Octavia: DuplicateMemberEntry)",
      ),
    ],
  },
  ...["HTTP", "HTTPS", "TLS-HELLO"].map(
    (type): Rejection => ({
      title: `a ${type} health monitor`,
      result: () => checkHealthMonitor(monitor({ type }), { listener: TCP80, pool: TCP_POOL }),
      failures: [f("type", UNSUPPORTED_MONITOR(type))],
    }),
  ),
  {
    title: "HTTP-only fields on a TCP monitor",
    result: () =>
      checkHealthMonitor(
        monitor({
          httpMethod: "GET",
          urlPath: "/",
          expectedCodes: "200",
          httpVersion: "1.1",
          domainName: "example.com",
        }),
      ),
    failures: ["httpMethod", "urlPath", "expectedCodes", "httpVersion", "domainName"].map((p) =>
      f(p, HTTP_ONLY(p)),
    ),
  },
  {
    title: "malformed HTTP fields, reported as syntax errors",
    result: () =>
      checkHealthMonitor(
        monitor({
          type: "HTTP",
          httpMethod: "FETCH",
          urlPath: "health",
          expectedCodes: "2000",
          httpVersion: "2",
        }),
      ),
    failures: [
      f("httpMethod", "must be one of GET, HEAD, POST, PUT, DELETE, TRACE, OPTIONS, PATCH, CONNECT"),
      f("urlPath", "must be a URL path starting with /"),
      f("expectedCodes", "must be HTTP status codes like 200, 200,202 or 200-299"),
      f("httpVersion", "must be one of 1.0, 1.1"),
      f("type", UNSUPPORTED_MONITOR("HTTP")),
    ],
  },
  {
    title: "retries outside Octavia's 1..10",
    result: () => checkHealthMonitor(monitor({ maxRetries: 0, maxRetriesDown: 11 })),
    failures: [
      f("maxRetries", "must be an integer from 1 to 10"),
      f("maxRetriesDown", "must be an integer from 1 to 10"),
    ],
  },
  {
    title: "a monitor without timing",
    result: () => checkHealthMonitor({ type: "TCP" }),
    failures: [f("delay", "is required"), f("timeout", "is required"), f("maxRetries", "is required")],
  },
  {
    title: "a negative timeout",
    result: () => checkHealthMonitor(monitor({ timeout: -1 })),
    failures: [f("timeout", `must be an integer from 0 to ${Number.MAX_SAFE_INTEGER} seconds`)],
  },
  {
    title: "a delay of 0 (loxilb would probe every 60 s)",
    result: () => checkHealthMonitor(monitor({ delay: 0 })),
    failures: [
      f("delay", "LoxiLB reads a probe interval of 0 as its 60 s default; set delay to at least 1 second"),
    ],
  },
  {
    title: "a delay above loxilb's 86,400 s",
    result: () => checkHealthMonitor(monitor({ delay: 86_401 })),
    failures: [f("delay", "LoxiLB probes at least once every 86400 s; set delay to at most 86400 seconds")],
  },
  {
    title: "a UDP-CONNECT monitor on a TCP pool (Octavia)",
    result: () => checkHealthMonitor(monitor({ type: "UDP-CONNECT" }), { listener: TCP80, pool: TCP_POOL }),
    failures: [f("type", "UDP-CONNECT monitors are only for UDP or SCTP pools (Octavia); use TCP")],
  },
  {
    title: "a PING monitor on a UDP pool (Octavia)",
    result: () => checkHealthMonitor(monitor({ type: "PING" }), { listener: UDP53, pool: UDP_POOL }),
    failures: [f("type", "a UDP pool accepts only UDP-CONNECT, SCTP or TCP monitors (Octavia)")],
  },
  {
    title: "a TCP monitor on a UDP listener (one fixed probe port in loxilb)",
    result: () => checkHealthMonitor(monitor({ type: "TCP" }), { listener: UDP53, pool: UDP_POOL }),
    failures: [
      f(
        "type",
        "a TCP monitor on a UDP listener would make LoxiLB probe one fixed port for every member; use UDP-CONNECT (each member checked on its own port) or PING",
      ),
    ],
  },
  {
    title: "an input that is not an object",
    result: () => checkPool(42),
    failures: [f("*", "must be an object")],
  },
];

for (const r of REJECTIONS) {
  test(`check rejects ${r.title}, naming the property and why`, (t) => {
    t.deepEqual(r.result(), invalid(r.failures));
  });
}

test("check collects every failure of an input, not just the first", (t) => {
  const raw = {
    protocol: "TERMINATED_HTTPS",
    protocolPort: 0,
    allowedCidrs: ["2001:db8::/32", "nope"],
    connectionLimit: 10,
  };
  t.deepEqual(
    checkListener(raw, { loadbalancer: LB4 }),
    invalid([
      f("protocolPort", PORT),
      f("allowedCidrs.1", CIDR),
      REJECTIONS.find((x) => x.title === "a TERMINATED_HTTPS listener")!.failures[0]!,
      f(
        "connectionLimit",
        "LoxiLB has no per-listener connection limit; remove connectionLimit or set it to -1 (unlimited)",
      ),
      f(
        "allowedCidrs.0",
        "an IPv6 CIDR cannot match clients of the IPv4 VIP (Octavia requires the VIP's IP version)",
      ),
    ]),
  );
});
