/**
 * `HealthMonitor` args and spec: the pool's health check, which becomes the rule's probe settings
 * (`monitor`, `probetype`, `probeTimeout`, `probeRetries`).
 */
import * as t from "io-ts";
import { argsAndSpec, Bool, enumOf, intRange, narrowed, Text255 } from "./codecs";
import type { CrossRule, Parent, ResourceCheck } from "./check-engine";
import type { ListenerSpec } from "./listener-spec";
import type { PoolSpec } from "./pool-spec";

/** Monitor types a spec can hold: the ones loxilb's rule probe can run. */
export const MonitorType = enumOf("MonitorType", ["TCP", "UDP-CONNECT", "SCTP", "PING"] as const);
export type MonitorType = t.TypeOf<typeof MonitorType>;

/** Octavia's monitor types, as users write them (HTTP, HTTPS and TLS-HELLO are refused by `check`). */
export const MonitorTypeArg = enumOf("MonitorTypeArg", [
  "TCP",
  "UDP-CONNECT",
  "SCTP",
  "PING",
  "HTTP",
  "HTTPS",
  "TLS-HELLO",
] as const);
export type MonitorTypeArg = t.TypeOf<typeof MonitorTypeArg>;

/** loxilb's largest probe interval (`MaxHostProbeTime`, 24 h), in seconds. */
export const LOXILB_MAX_PROBE_INTERVAL_S = 86_400;

const Retries = intRange("Retries", 1, 10);
const Seconds = intRange("Seconds", 0, Number.MAX_SAFE_INTEGER, "seconds");

const ExpectedCodes = new t.Type<string, string, unknown>(
  "ExpectedCodes",
  (u): u is string => typeof u === "string" && /^(\d{3}(\s*,\s*\d{3})*)$|^(\d{3}-\d{3})$/.test(u),
  (u, c) =>
    typeof u === "string" && /^(\d{3}(\s*,\s*\d{3})*)$|^(\d{3}-\d{3})$/.test(u)
      ? t.success(u)
      : t.failure(u, c, "must be HTTP status codes like 200, 200,202 or 200-299"),
  t.identity,
);

const UrlPath = new t.Type<string, string, unknown>(
  "UrlPath",
  (u): u is string => typeof u === "string" && /^\/\S*$/.test(u) && u.length <= 2048,
  (u, c) =>
    typeof u === "string" && /^\/\S*$/.test(u) && u.length <= 2048
      ? t.success(u)
      : t.failure(u, c, "must be a URL path starting with /"),
  t.identity,
);

/** Fields Octavia accepts only on HTTP/HTTPS monitors. */
export const HTTP_ONLY_FIELDS = [
  "httpMethod",
  "urlPath",
  "expectedCodes",
  "httpVersion",
  "domainName",
] as const;

const httpFields = {
  httpMethod: enumOf("HttpMethod", [
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "TRACE",
    "OPTIONS",
    "PATCH",
    "CONNECT",
  ]),
  urlPath: UrlPath,
  expectedCodes: ExpectedCodes,
  httpVersion: enumOf("HttpVersion", ["1.0", "1.1"]),
  domainName: Text255,
};

/**
 * The user's health monitor args (`HealthMonitorArgs`) and the resolved spec (`HealthMonitorSpec`),
 * each field declared once: `check` narrows `type` (no HTTP, HTTPS or TLS-HELLO), and the HTTP-only
 * fields never survive it.
 */
export const { args: HealthMonitorArgs, spec: HealthMonitorSpec } = argsAndSpec(
  { args: "HealthMonitorArgs", spec: "HealthMonitorSpec" },
  {
    required: {
      /** TCP, UDP-CONNECT, SCTP or PING (HTTP, HTTPS and TLS-HELLO are refused). Changing it replaces the monitor. */
      type: narrowed(MonitorTypeArg, MonitorType),
      /** Probe interval in seconds (loxilb `probeTimeout`), 1..86400. */
      delay: Seconds,
      /** Octavia's per-probe timeout (s). loxilb has no equivalent: stored only. */
      timeout: Seconds,
      /** Octavia's rise threshold, 1..10. loxilb brings an endpoint back after one success: stored only. */
      maxRetries: Retries,
    },
    optional: { name: Text255 },
    defaulted: {
      /** 1..10 failures to go down (default 3): loxilb `probeRetries`. */
      maxRetriesDown: Retries,
      /** false turns probing off on the rule (default true). */
      adminStateUp: Bool,
    },
    argsOnly: httpFields,
  },
);
export type HealthMonitorArgs = t.TypeOf<typeof HealthMonitorArgs>;
export type HealthMonitorSpec = t.TypeOf<typeof HealthMonitorSpec>;

export const HEALTH_MONITOR_DEFAULTS = { maxRetriesDown: 3, adminStateUp: true } as const;

export interface HealthMonitorParents {
  readonly listener?: Parent<ListenerSpec>;
  readonly pool?: Parent<PoolSpec>;
}

const isHttpType = (type: MonitorTypeArg | undefined): boolean => type === "HTTP" || type === "HTTPS";
const UNSUPPORTED_TYPES: readonly MonitorTypeArg[] = ["HTTP", "HTTPS", "TLS-HELLO"];

/** Octavia's pool-protocol restriction on monitor types (`controllers/health_monitor.py`). */
function octaviaPoolTypeReason(type: MonitorTypeArg, pool: string): string | undefined {
  const l4Pool = pool === "UDP" || pool === "SCTP";
  if (l4Pool && !["UDP-CONNECT", "SCTP", "TCP", "HTTP"].includes(type)) {
    return `a ${pool} pool accepts only UDP-CONNECT, SCTP or TCP monitors (Octavia)`;
  }
  if (!l4Pool && (type === "UDP-CONNECT" || type === "SCTP")) {
    return `${type} monitors are only for UDP or SCTP pools (Octavia); use TCP`;
  }
  return undefined;
}

const TYPE_L4: Partial<Record<MonitorTypeArg, string>> = { TCP: "tcp", "UDP-CONNECT": "udp", SCTP: "sctp" };
const LISTENER_L4: Record<string, string> = {
  TCP: "tcp",
  HTTP: "tcp",
  HTTPS: "tcp",
  UDP: "udp",
  SCTP: "sctp",
};
const MONITOR_FOR_L4: Record<string, string> = { tcp: "TCP", udp: "UDP-CONNECT", sctp: "SCTP" };

const crossRules: ReadonlyArray<CrossRule<HealthMonitorArgs, HealthMonitorParents>> = [
  {
    property: "type",
    needs: ["type"],
    test: (a) =>
      a.type === undefined || !UNSUPPORTED_TYPES.includes(a.type)
        ? undefined
        : `${a.type} monitors are not supported: LoxiLB's rule probes are tcp, udp, sctp or ping only ` +
          "(it refuses http and https); use TCP, which checks that each member accepts connections on its port",
  },
  ...HTTP_ONLY_FIELDS.map(
    (field): CrossRule<HealthMonitorArgs, HealthMonitorParents> => ({
      property: field,
      needs: ["type", field],
      test: (a) =>
        a[field] !== undefined && a.type !== undefined && !isHttpType(a.type)
          ? `${field} applies only to HTTP and HTTPS monitors (Octavia: InvalidOption); remove it`
          : undefined,
    }),
  ),
  {
    property: "delay",
    needs: ["delay"],
    test: (a) =>
      a.delay === undefined
        ? undefined
        : a.delay < 1
          ? "LoxiLB reads a probe interval of 0 as its 60 s default; set delay to at least 1 second"
          : a.delay > LOXILB_MAX_PROBE_INTERVAL_S
            ? "LoxiLB probes at least once every 86400 s; set delay to at most 86400 seconds"
            : undefined,
  },
  {
    property: "type",
    needs: ["type"],
    parentNeeds: { pool: ["protocol"] },
    test: (a, p) =>
      a.type === undefined || UNSUPPORTED_TYPES.includes(a.type) || typeof p.pool?.protocol !== "string"
        ? undefined
        : octaviaPoolTypeReason(a.type, p.pool.protocol),
  },
  {
    property: "type",
    needs: ["type"],
    parentNeeds: { listener: ["protocol"] },
    test: (a, p) => {
      const want = a.type === undefined ? undefined : TYPE_L4[a.type];
      const have = typeof p.listener?.protocol === "string" ? LISTENER_L4[p.listener.protocol] : undefined;
      if (want === undefined || have === undefined || want === have) return undefined;
      if (typeof p.pool?.protocol === "string" && octaviaPoolTypeReason(a.type!, p.pool.protocol))
        return undefined;
      return (
        `a ${a.type} monitor on a ${String(p.listener?.protocol)} listener would make LoxiLB probe one fixed port ` +
        "for every member; " +
        `use ${MONITOR_FOR_L4[have] ?? "PING"} (each member checked on its own port) or PING`
      );
    },
  },
];

function resolve(a: HealthMonitorArgs): HealthMonitorSpec {
  const spec: HealthMonitorSpec = {
    type: a.type as MonitorType,
    delay: a.delay,
    timeout: a.timeout,
    maxRetries: a.maxRetries,
    maxRetriesDown: a.maxRetriesDown ?? HEALTH_MONITOR_DEFAULTS.maxRetriesDown,
    adminStateUp: a.adminStateUp ?? HEALTH_MONITOR_DEFAULTS.adminStateUp,
  };
  if (a.name !== undefined) spec.name = a.name;
  return spec;
}

export const healthMonitorCheck: ResourceCheck<HealthMonitorArgs, HealthMonitorSpec, HealthMonitorParents> = {
  args: HealthMonitorArgs,
  crossRules,
  resolve,
};
