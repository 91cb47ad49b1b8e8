/**
 * Seeded generators of Octavia-shaped inputs for the five resources: valid ones (with consistent
 * parents), invalid ones (one known-bad field, with the property `check` must name), ones with Pulumi's
 * unknown sentinel, and random junk. Shared by the check tests and the reliability suite.
 */
import {
  checkHealthMonitor,
  checkListener,
  checkLoadBalancer,
  checkMember,
  checkPool,
  type CheckResult,
} from "../../provider/octavia/check";
import type { CheckFailure } from "../../provider/octavia/check";
import type { ListenerSpec, LoadBalancerSpec, PoolSpec } from "../../provider/octavia/specs";
import { UNKNOWN } from "../../provider/octavia/unknown";
import { createRng, int, type Rng } from "../../bench/rng";

/** The seeded PRNG the generators draw from (shared with the benchmarks). */
export { createRng, int, type Rng } from "../../bench/rng";

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, 0, xs.length - 1)] as T;
export const chance = (r: Rng, p = 0.5): boolean => r() < p;

export type ResourceKind = "loadbalancer" | "listener" | "pool" | "member" | "healthMonitor";

export interface GenCase {
  readonly kind: ResourceKind;
  readonly raw: unknown;
  readonly parents: Record<string, unknown>;
  /** valid: a spec; invalid: a failure at `property`; pending: unknown fields, no failure; junk: anything but a throw. */
  readonly expect: "valid" | "invalid" | "pending" | "junk";
  /** For `invalid`: the property that must be named; for `pending`: the unknown path. */
  readonly property?: string;
  readonly note: string;
}

/** Run the right `check` for a case. */
export function checkCase(c: GenCase): CheckResult<unknown> {
  const p = c.parents as never;
  switch (c.kind) {
    case "loadbalancer":
      return checkLoadBalancer(c.raw);
    case "listener":
      return checkListener(c.raw, p);
    case "pool":
      return checkPool(c.raw, p);
    case "member":
      return checkMember(c.raw, p);
    case "healthMonitor":
      return checkHealthMonitor(c.raw, p);
  }
}

function ipv4(r: Rng): string {
  return [int(r, 1, 223), int(r, 0, 255), int(r, 0, 255), int(r, 1, 254)].join(".");
}

function ipv6(r: Rng): string {
  const groups = [
    0x2001,
    0xdb8,
    ...Array.from({ length: 6 }, () => (chance(r, 0.4) ? 0 : int(r, 1, 0xffff))),
  ];
  const text = groups.map((g) => g.toString(16)).join(":");
  return chance(r) ? text.toUpperCase() : text;
}

function cidrOf(r: Rng, family: 4 | 6): string {
  return family === 4 ? `${ipv4(r)}/${int(r, 0, 32)}` : `${ipv6(r)}/${int(r, 0, 128)}`;
}

const maybe = (r: Rng, out: Record<string, unknown>, key: string, value: () => unknown, p = 0.5) => {
  if (chance(r, p)) out[key] = value();
};

const spec = <S>(res: CheckResult<S>, what: string): S => {
  if (res.ok && res.known) return res.spec;
  throw new Error(`generator produced an invalid ${what}: ${JSON.stringify(res)}`);
};

export function genLoadBalancer(r: Rng): Record<string, unknown> {
  const out: Record<string, unknown> = { vipAddress: chance(r, 0.7) ? ipv4(r) : ipv6(r) };
  maybe(r, out, "name", () => `lb-${int(r, 0, 999)}`);
  maybe(r, out, "description", () => "a load balancer");
  maybe(r, out, "adminStateUp", () => chance(r, 0.8));
  maybe(r, out, "natMode", () => pick(r, ["dnat", "onearm", "fullnat", "dsr"]));
  maybe(r, out, "bgp", () => chance(r));
  maybe(r, out, "vipSubnetId", () => "subnet-1", 0.2);
  maybe(r, out, "vipNetworkId", () => "net-1", 0.2);
  maybe(r, out, "vipPortId", () => "port-1", 0.2);
  return out;
}

export function genListener(r: Rng, lb: LoadBalancerSpec): Record<string, unknown> {
  const port = int(r, 1, 65535);
  const family = lb.vipAddress.includes(":") ? 6 : 4;
  const out: Record<string, unknown> = {
    protocol: pick(r, ["TCP", "UDP", "SCTP", "HTTP", "HTTPS"]),
    protocolPort: port,
  };
  maybe(r, out, "portMax", () => int(r, port, 65535), 0.2);
  maybe(r, out, "allowedCidrs", () => Array.from({ length: int(r, 0, 3) }, () => cidrOf(r, family)));
  maybe(r, out, "connectionLimit", () => -1, 0.2);
  for (const k of ["timeoutClientData", "timeoutMemberData"])
    maybe(r, out, k, () => int(r, 0, 86_400_000), 0.3);
  for (const k of ["timeoutMemberConnect", "timeoutTcpInspect"])
    maybe(r, out, k, () => int(r, 0, 2_073_600_000), 0.3);
  maybe(r, out, "adminStateUp", () => chance(r, 0.8));
  maybe(r, out, "adopt", () => chance(r, 0.2));
  maybe(r, out, "name", () => `listener-${port}`);
  return out;
}

const POOL_PROTOCOLS: Record<string, readonly string[]> = {
  TCP: ["HTTP", "HTTPS", "PROXYV2", "TCP"],
  HTTP: ["HTTP", "PROXYV2"],
  HTTPS: ["HTTPS", "PROXYV2", "TCP"],
  UDP: ["UDP"],
  SCTP: ["SCTP"],
};

export function genPool(r: Rng, lb: LoadBalancerSpec, listener: ListenerSpec): Record<string, unknown> {
  const dsr = lb.natMode === "dsr";
  const out: Record<string, unknown> = {
    protocol: pick(r, POOL_PROTOCOLS[listener.protocol] ?? ["TCP"]),
    lbMethod: dsr
      ? "SOURCE_IP_PORT"
      : pick(r, ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"]),
  };
  if (!dsr) maybe(r, out, "persistence", () => ({ type: "SOURCE_IP" }), 0.2);
  maybe(r, out, "adminStateUp", () => chance(r, 0.8));
  maybe(r, out, "name", () => "pool");
  return out;
}

export function genMember(r: Rng, lb: LoadBalancerSpec, listener: ListenerSpec): Record<string, unknown> {
  const v6 = lb.vipAddress.includes(":") && chance(r);
  const address = v6 ? ipv6(r) : ipv4(r);
  const port = lb.natMode === "dsr" ? listener.protocolPort : int(r, 1, 65535);
  const out: Record<string, unknown> = { address, protocolPort: port };
  maybe(r, out, "weight", () => int(r, 0, 256));
  maybe(r, out, "adminStateUp", () => chance(r, 0.8));
  maybe(r, out, "backup", () => false, 0.2);
  maybe(r, out, "monitorAddress", () => address.toLowerCase(), 0.2);
  maybe(r, out, "monitorPort", () => port, 0.2);
  maybe(r, out, "subnetId", () => "subnet-1", 0.2);
  maybe(r, out, "name", () => "member");
  return out;
}

const MONITOR_FOR: Record<string, string> = {
  TCP: "TCP",
  HTTP: "TCP",
  HTTPS: "TCP",
  UDP: "UDP-CONNECT",
  SCTP: "SCTP",
};

export function genHealthMonitor(r: Rng, listener: ListenerSpec, pool: PoolSpec): Record<string, unknown> {
  const l4Pool = pool.protocol === "UDP" || pool.protocol === "SCTP";
  const type = !l4Pool && chance(r, 0.3) ? "PING" : (MONITOR_FOR[listener.protocol] ?? "TCP");
  const out: Record<string, unknown> = {
    type,
    delay: int(r, 1, 86_400),
    timeout: int(r, 0, 60),
    maxRetries: int(r, 1, 10),
  };
  maybe(r, out, "maxRetriesDown", () => int(r, 1, 10));
  maybe(r, out, "adminStateUp", () => chance(r, 0.8));
  maybe(r, out, "name", () => "monitor");
  return out;
}

/** A valid case of `kind` with consistent, valid parents. */
export function genValid(r: Rng, kind: ResourceKind): GenCase {
  const lbRaw = genLoadBalancer(r);
  if (kind === "loadbalancer")
    return { kind, raw: lbRaw, parents: {}, expect: "valid", note: "valid load balancer" };
  const lb = spec(checkLoadBalancer(lbRaw), "load balancer");
  const lRaw = genListener(r, lb);
  if (kind === "listener")
    return { kind, raw: lRaw, parents: { loadbalancer: lb }, expect: "valid", note: "valid listener" };
  const listener = spec(checkListener(lRaw, { loadbalancer: lb }), "listener");
  const pRaw = genPool(r, lb, listener);
  if (kind === "pool") {
    return { kind, raw: pRaw, parents: { loadbalancer: lb, listener }, expect: "valid", note: "valid pool" };
  }
  const pool = spec(checkPool(pRaw, { loadbalancer: lb, listener }), "pool");
  if (kind === "member") {
    const parents = { loadbalancer: lb, listener, pool, siblingCount: int(r, 1, 32) };
    return { kind, raw: genMember(r, lb, listener), parents, expect: "valid", note: "valid member" };
  }
  return {
    kind,
    raw: genHealthMonitor(r, listener, pool),
    parents: { listener, pool },
    expect: "valid",
    note: "valid monitor",
  };
}

type Mutator = (raw: Record<string, unknown>, r: Rng) => string;

const set =
  (key: string, values: readonly unknown[]): Mutator =>
  (raw, r) => {
    raw[key] = pick(r, values);
    return key;
  };

const BAD_PORTS = [0, -1, 65536, 1.5, "80", true];
const BAD_BOOLS = ["true", 1, 0, "yes"];
const BAD_TEXT = [42, "x".repeat(256), {}, ["a"]];
const BAD_IPS = [
  "300.1.1.1",
  "10.0.0",
  "010.0.0.1",
  "10.0.0.1/32",
  "fe80::1%eth0",
  "::ffff:10.0.0.1",
  "host.example",
  7,
  "",
];

/** Mutations that make exactly one field invalid (whatever the rest), per resource. */
export const MUTATORS: Readonly<Record<ResourceKind, readonly Mutator[]>> = {
  loadbalancer: [
    set("vipAddress", [...BAD_IPS, "0.0.0.0", "::"]),
    (raw) => {
      delete raw["vipAddress"];
      return "vipAddress";
    },
    set("natMode", ["DNAT", "fullproxy", "hostonearm", 3]),
    set("bgp", BAD_BOOLS),
    set("adminStateUp", BAD_BOOLS),
    set("name", BAD_TEXT),
  ],
  listener: [
    set("protocol", ["TERMINATED_HTTPS", "PROMETHEUS", "tcp", "QUIC", 6]),
    set("protocolPort", BAD_PORTS),
    (raw) => {
      delete raw["protocolPort"];
      return "protocolPort";
    },
    (raw) => {
      const port = Number(raw["protocolPort"]);
      raw["portMax"] = port > 1 ? port - 1 : 70000;
      return "portMax";
    },
    set("connectionLimit", [0, 1, 1000, -2, 2.5]),
    set("timeoutClientData", [86_400_001, 2_073_600_001, -1, 1.5]),
    set("timeoutMemberData", [86_400_001, -5]),
    set("timeoutMemberConnect", [2_073_600_001, -1]),
    (raw, r) => {
      const cidrs = [...((raw["allowedCidrs"] as unknown[] | undefined) ?? [])];
      const i = cidrs.length;
      cidrs.push(pick(r, ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "not-a-cidr", 10, "::ffff:0:0/96"]));
      raw["allowedCidrs"] = cidrs;
      return `allowedCidrs.${i}`;
    },
    set("allowedCidrs", ["10.0.0.0/8", 5, { a: 1 }]),
    set("adopt", BAD_BOOLS),
  ],
  pool: [
    set("protocol", ["PROXY", "QUIC", "tcp"]),
    set("lbMethod", ["RANDOM", "round_robin", 1]),
    (raw) => {
      delete raw["lbMethod"];
      return "lbMethod";
    },
    (raw, r) => {
      raw["persistence"] = { type: pick(r, ["HTTP_COOKIE", "APP_COOKIE", "SRC"]) };
      return "persistence.type";
    },
    (raw) => {
      raw["persistence"] = { type: "SOURCE_IP", cookieName: "c" };
      return "persistence.cookieName";
    },
    set("persistence", ["SOURCE_IP", 1]),
    set("adminStateUp", BAD_BOOLS),
  ],
  member: [
    set("address", BAD_IPS),
    set("protocolPort", BAD_PORTS),
    set("weight", [-1, 257, 1.5, "1"]),
    set("backup", [true, "false"]),
    set("monitorAddress", ["192.0.2.254", "2001:db8::fe", "bad"]),
    set("monitorPort", [65535 + 1, "1"]),
    (raw) => {
      raw["monitorPort"] = Number(raw["protocolPort"]) === 1 ? 2 : 1;
      return "monitorPort";
    },
  ],
  healthMonitor: [
    set("type", ["HTTP", "HTTPS", "TLS-HELLO", "ICMP", "tcp"]),
    set("delay", [0, 86_401, -1, "5"]),
    set("timeout", [-1, 1.5, "3"]),
    set("maxRetries", [0, 11, "3"]),
    (raw) => {
      delete raw["maxRetries"];
      return "maxRetries";
    },
    set("maxRetriesDown", [0, 11]),
    set("httpMethod", ["GET", "FETCH"]),
    set("urlPath", ["/health", "health"]),
    set("expectedCodes", ["200", "2000", "abc"]),
    set("httpVersion", ["1.1", "2"]),
    set("domainName", ["example.com"]),
  ],
};

const KINDS: readonly ResourceKind[] = ["loadbalancer", "listener", "pool", "member", "healthMonitor"];

const copy = (v: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

/** A random value of a random JSON type (for junk cases). */
export function junkValue(r: Rng, depth = 0): unknown {
  const kinds = depth > 1 ? 6 : 8;
  switch (int(r, 0, kinds - 1)) {
    case 0:
      return int(r, -70000, 70000);
    case 1:
      return r() * 1000;
    case 2:
      return pick(r, ["", "TCP", "x", "10.0.0.1", "::", UNKNOWN, "1.1"]);
    case 3:
      return chance(r);
    case 4:
      return null;
    case 5:
      return undefined;
    case 6:
      return Array.from({ length: int(r, 0, 3) }, () => junkValue(r, depth + 1));
    default:
      return { type: junkValue(r, depth + 1), x: junkValue(r, depth + 1) };
  }
}

/** A valid case whose parents have one field replaced by the unknown sentinel: still valid. */
function withUnknownParentField(r: Rng, base: GenCase): GenCase {
  const names = Object.keys(base.parents).filter((k) => typeof base.parents[k] === "object");
  if (names.length === 0) return base;
  const name = pick(r, names);
  const parent = copy(base.parents[name]);
  const field = pick(r, Object.keys(parent));
  parent[field] = UNKNOWN;
  return {
    ...base,
    parents: { ...base.parents, [name]: parent },
    note: `${base.kind}: unknown ${name}.${field}`,
  };
}

/** One random case: valid, one-field invalid, partly unknown (own or parent field), or junk. */
export function genCase(r: Rng): GenCase {
  const kind = pick(r, KINDS);
  const base = genValid(r, kind);
  const roll = r();
  if (roll < 0.2) return base;
  const raw = copy(base.raw);
  if (roll < 0.6) {
    const property = pick(r, MUTATORS[kind])(raw, r);
    return { ...base, raw, expect: "invalid", property, note: `${kind}: invalid ${property}` };
  }
  if (roll < 0.78) {
    const key = pick(r, Object.keys(raw));
    raw[key] = UNKNOWN;
    return { ...base, raw, expect: "pending", property: key, note: `${kind}: unknown ${key}` };
  }
  if (roll < 0.88) return withUnknownParentField(r, base);
  const key = pick(r, [...Object.keys(raw), "extra"]);
  raw[key] = junkValue(r);
  return { ...base, raw, expect: "junk", note: `${kind}: junk in ${key}` };
}

/** `n` cases from `seed`. */
export function genCases(seed: number, n: number): GenCase[] {
  const r = createRng(seed);
  return Array.from({ length: n }, () => genCase(r));
}

// ---------------------------------------------------------------- fixtures and expected results

export const LB4: LoadBalancerSpec = {
  vipAddress: "192.0.2.10",
  adminStateUp: true,
  natMode: "dnat",
  bgp: false,
};
export const LB6: LoadBalancerSpec = { ...LB4, vipAddress: "2001:db8::10" };
export const DSR: LoadBalancerSpec = { ...LB4, natMode: "dsr" };
export const TCP80: ListenerSpec = {
  protocol: "TCP",
  protocolPort: 80,
  adminStateUp: true,
  allowedCidrs: [],
  adopt: false,
};
export const UDP53: ListenerSpec = { ...TCP80, protocol: "UDP", protocolPort: 53 };
export const TCP_POOL: PoolSpec = { protocol: "TCP", lbMethod: "ROUND_ROBIN", adminStateUp: true };
export const UDP_POOL: PoolSpec = { ...TCP_POOL, protocol: "UDP" };
export const MONITOR_ARGS = { type: "TCP", delay: 5, timeout: 3, maxRetries: 3 } as const;

/** The exact `CheckResult` shapes, for `t.deepEqual`. */
export const expectValid = <S>(spec: S) => ({ ok: true, known: true, spec, failures: [], unknownFields: [] });
export const expectPending = (unknownFields: string[]) => ({
  ok: true,
  known: false,
  failures: [],
  unknownFields,
});
export const expectInvalid = (failures: CheckFailure[], unknownFields: string[] = []) => ({
  ok: false,
  known: unknownFields.length === 0,
  failures,
  unknownFields,
});
export const failure = (property: string, reason: string): CheckFailure => ({ property, reason });
