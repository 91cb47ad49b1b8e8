/**
 * loxilb's rule checks, in the order they run before the existing-rule lookup (docs/loxilb-facts.md
 * §9), and the preparation loxinet does on the way: canonical IPs, endpoints sorted by `IPtonl`,
 * sources normalized.
 */
import type { LbEndpoint, LoadbalanceEntry, ServiceArguments } from "../api/model";
import { formatIp, goCidrNetwork, ipToNl, isNetIPv4, isUnspecified, parseIp, type ParsedIp } from "../api/ip";

/** loxinet's `MaxLBEndPoints`. */
export const MAX_ENDPOINTS = 32;
/** Above this `inactiveTimeOut` (seconds) → `service-args error`. */
export const MAX_INACTIVE_TIMEOUT = 86400;

/** An endpoint after validation: canonical IP and its sort key. */
export interface PreparedEndpoint {
  readonly ip: string;
  readonly targetPort: number;
  readonly weight: number;
  readonly order: number;
}

/** A request that passed docs/loxilb-facts.md §9: what the rule store works with. */
export interface PreparedRule {
  readonly sa: ServiceArguments;
  readonly externalIP: string;
  /** Sorted stably by `IPtonl` (rules.go L1705-1709). */
  readonly endpoints: readonly PreparedEndpoint[];
  /** Kept only for sctp, sorted. */
  readonly secondaryIPs: readonly string[];
  /** Normalized prefixes, in request order. */
  readonly allowedSources: readonly string[];
}

/** The outcome: prepared, a loxinet error text, or the handler's DSR answer (200 with an error result). */
export type Validation =
  | { kind: "ok"; rule: PreparedRule }
  | { kind: "error"; error: string }
  | { kind: "legacy200"; result: string };

const DSR_ERROR = "Error: Only Hash Selection criteria allowed for DSR mode";

function probeError(sa: ServiceArguments): string | undefined {
  const pt = sa.probetype;
  if (pt === "http" || pt === "https") return "malformed-service-ptype error";
  const port = sa.probeport ?? 0;
  if ((pt === "tcp" || pt === "udp" || pt === "sctp") && port === 0) return "malformed-service-pport error";
  if ((pt === undefined || pt === "none" || pt === "ping") && port !== 0)
    return "malformed-service-pport error";
  return undefined;
}

function serviceError(sa: ServiceArguments, vip: ParsedIp | undefined, n: number): string | undefined {
  if (vip === undefined) return "malformed-service error";
  if (sa.privateIP !== undefined && parseIp(sa.privateIP) === undefined)
    return "malformed-service privateIP error";
  if ((sa.inactiveTimeOut ?? 0) > MAX_INACTIVE_TIMEOUT) return "service-args error";
  const probe = probeError(sa);
  if (probe !== undefined) return probe;
  if (n < 1 || n > MAX_ENDPOINTS) return "endpoints-range error";
  if (sa.protocol === "icmp" && sa.port !== 0) return "malformed-service error";
  if (sa.proxyprotocolv2 === true && sa.protocol !== "tcp") return "proxy-proto-v2 not tcp service error";
  if (sa.protocol === undefined) return "malformed-proto error";
  return undefined;
}

function secondaryError(ips: readonly string[], vipV4: boolean): string | undefined {
  if (ips.length > 3) return "malformed-secIP error: too many secondary IPs";
  for (const s of ips) {
    if (parseIp(s) === undefined) return "malformed-secIP error";
    if (vipV4 && !isNetIPv4(s)) return "malformed-secIP nat46 error";
  }
  return undefined;
}

function rangeError(sa: ServiceArguments, vip: ParsedIp): string | undefined {
  if (sa.sel === "n3" && sa.protocol !== "udp") return "non-udp-n3-args error";
  if ((sa.portMax ?? 0) !== 0 && (sa.portMax ?? 0) < sa.port) return "serv-port-args range error";
  if (sa.mode === "hostonearm" && !isUnspecified(vip)) return "hostarm-args error";
  return undefined;
}

function endpointError(sa: ServiceArguments, ep: LbEndpoint, vipV4: boolean): string | undefined {
  if (parseIp(ep.endpointIP) === undefined) return "malformed-lbep error";
  // loxilib IsNetIPv4/IsNetIPv6 count colons: an IPv4-mapped endpoint is IPv6 here
  if (vipV4 && !isNetIPv4(ep.endpointIP)) return "malformed-service nat46 error";
  if (sa.protocol === "icmp" && ep.targetPort !== 0) return "malformed-service error";
  if (sa.mode === "dsr" && ep.targetPort !== sa.port) return "malformed-service dsr-port error";
  return undefined;
}

/** Runs the docs/loxilb-facts.md §9 checks in loxilb's order and prepares the rule. */
export function validateRule(entry: LoadbalanceEntry): Validation {
  const sa = entry.serviceArguments;
  if (sa.mode === "dsr" && sa.sel !== "hash") return { kind: "legacy200", result: DSR_ERROR };
  const vip = parseIp(sa.externalIP);
  const secondaries = sa.protocol === "sctp" ? (entry.secondaryIPs ?? []).map((s) => s.secondaryIP) : [];
  const vipV4 = isNetIPv4(sa.externalIP);
  const error =
    serviceError(sa, vip, entry.endpoints.length) ??
    secondaryError(secondaries, vipV4) ??
    (vip === undefined ? undefined : rangeError(sa, vip)) ??
    entry.endpoints.map((ep) => endpointError(sa, ep, vipV4)).find((e) => e !== undefined);
  if (error !== undefined || vip === undefined)
    return { kind: "error", error: error ?? "malformed-service error" };
  const sources: string[] = [];
  for (const s of entry.allowedSources ?? []) {
    const n = goCidrNetwork(s.prefix);
    if (n === undefined) return { kind: "error", error: "rule-allowed-src error" };
    sources.push(n);
  }
  const endpoints = entry.endpoints
    .map((ep) => {
      const ip = parseIp(ep.endpointIP) as ParsedIp;
      return { ip: formatIp(ip), targetPort: ep.targetPort, weight: ep.weight, order: ipToNl(ip) };
    })
    .sort((a, b) => a.order - b.order);
  return {
    kind: "ok",
    rule: {
      sa,
      externalIP: formatIp(vip),
      endpoints,
      secondaryIPs: secondaries.map((s) => formatIp(parseIp(s) as ParsedIp)).sort(),
      allowedSources: sources,
    },
  };
}
