/**
 * Endpoint probe hosts (docs/loxilb-facts.md §13). Each active rule endpoint references a host keyed
 * `<ip>_<probeType>_<probePort>`; hosts are shared between rules (the first creator's options win)
 * and removed when no rule references them. Nothing is probed: results come from
 * `setProbeResult` and `POST /config/endpointhoststate`.
 */
import type { EndpointHost, EndpointHostInfo, HostProbeType, HostStateValue } from "../api/model";
import { parseIp } from "../api/ip";
import type { StoredRule } from "./rule-store";

/** One probe host. */
export interface ProbeHost {
  readonly key: string;
  readonly hostName: string;
  probeType: HostProbeType;
  probePort: number;
  probeReq: string;
  probeResp: string;
  retries: number;
  duration: number;
  /** Actively probed (monitor, one-arm, full-NAT, host-one-arm, or an explicit probe type). */
  active: boolean;
  red: boolean;
  /** Created by `POST /config/endpoint`: kept when no rule references it. */
  userCreated: boolean;
  refs: number;
}

/** The result of an endpoint-host call: success or loxinet's error text. */
export type HostResult = { ok: true } | { ok: false; error: string };

const HOST_PROBE_TYPES: ReadonlySet<string> = new Set([
  "ping",
  "tcp",
  "udp",
  "sctp",
  "http",
  "https",
  "none",
]);
const isHostProbeType = (v: string): v is HostProbeType => HOST_PROBE_TYPES.has(v);

const PROTO_PROBE: Record<string, HostProbeType> = { tcp: "tcp", udp: "udp", sctp: "sctp", icmp: "ping" };

/** The probe host key and options a rule gives one of its endpoints (rules.go L890-927). */
export function probeSpecOf(rule: StoredRule, ip: string, targetPort: number): Omit<ProbeHost, "refs"> {
  const sa = rule.sa;
  const type: HostProbeType = sa.probetype ?? PROTO_PROBE[sa.protocol ?? "tcp"] ?? "tcp";
  const port = sa.probetype !== undefined ? (sa.probeport ?? 0) : type === "ping" ? 0 : targetPort;
  const active = rule.monitor || sa.mode === "onearm" || sa.mode === "fullnat" || sa.mode === "hostonearm";
  return {
    key: `${ip}_${type}_${port}`,
    hostName: ip,
    probeType: type,
    probePort: port,
    probeReq: sa.probereq ?? "",
    probeResp: sa.proberesp ?? "",
    retries: sa.probeRetries ?? 2,
    duration: sa.probeTimeout ?? 60,
    active: active && type !== "none",
    red: false,
    userCreated: false,
  };
}

/** All probe hosts, their rule references and the injected probe results. */
export class EndpointHosts {
  readonly hosts = new Map<string, ProbeHost>();
  /** Probe results set through `setProbeResult`, by host key (kept across host re-creation). */
  readonly results = new Map<string, "ok" | "nok">();
  private readonly byRule = new Map<string, Set<string>>();

  /** Re-computes the hosts a rule references (undefined = the rule is gone). */
  syncRule(ruleKey: string, rule: StoredRule | undefined): void {
    const before = this.byRule.get(ruleKey) ?? new Set<string>();
    const after = new Set<string>();
    for (const ep of rule?.endpoints ?? []) {
      if (ep.tomb || rule === undefined) continue;
      const spec = probeSpecOf(rule, ep.ip, ep.targetPort);
      if (after.has(spec.key)) continue;
      after.add(spec.key);
      if (before.has(spec.key)) continue;
      const host = this.hosts.get(spec.key);
      if (host === undefined) this.hosts.set(spec.key, { ...spec, refs: 1 });
      else host.refs += 1;
    }
    for (const key of before) if (!after.has(key)) this.release(key);
    if (after.size === 0) this.byRule.delete(ruleKey);
    else this.byRule.set(ruleKey, after);
  }

  private release(key: string): void {
    const host = this.hosts.get(key);
    if (host === undefined) return;
    host.refs -= 1;
    if (host.refs <= 0 && !host.userCreated) this.hosts.delete(key);
  }

  /** True when the host behind this endpoint is down (probe `nok` or forced `red`). */
  isDown(rule: StoredRule, ip: string, targetPort: number): boolean {
    const key = probeSpecOf(rule, ip, targetPort).key;
    const host = this.hosts.get(key);
    return host?.red === true || this.results.get(key) === "nok";
  }

  /** `currState` of a host: `red`, `nok` or `ok`. */
  stateOf(host: ProbeHost): "ok" | "nok" | "red" {
    if (host.red) return "red";
    return this.results.get(host.key) ?? "ok";
  }

  /** `POST /config/endpoint`: create a host or update its probe options. */
  upsert(e: EndpointHost): HostResult {
    // validateEPHostOpts, in its order and words (read in loxilb v0.9.8, seen on loxilb-peer):
    // a missing probeType is not "none" but an unknown probe type
    const type = e.probeType ?? "";
    const port = e.probePort ?? 0;
    if (parseIp(e.hostName) === undefined) return { ok: false, error: "host-parse error" };
    if ((e.inactiveReTries ?? 0) > 100 || (e.probeDuration ?? 0) > 86400) {
      return { ok: false, error: "host-args error" };
    }
    if (!isHostProbeType(type)) return { ok: false, error: "host-args unknown probe type" };
    if ((type === "tcp" || type === "udp" || type === "sctp") && port === 0) {
      return { ok: false, error: "host-args unknown probe port" };
    }
    const key = e.name !== undefined && e.name !== "" ? e.name : `${e.hostName}_${type}_${port}`;
    const existing = this.hosts.get(key);
    const options = {
      probeType: type,
      probePort: port,
      probeReq: e.probeReq ?? "",
      probeResp: e.probeResp ?? "",
      retries: e.inactiveReTries || 2,
      duration: e.probeDuration || 60,
      active: type !== "none",
    };
    if (existing !== undefined) Object.assign(existing, options);
    else
      this.hosts.set(key, { key, hostName: e.hostName, ...options, red: false, userCreated: true, refs: 0 });
    return { ok: true };
  }

  /** `DELETE /config/endpoint/epipaddress/{ip}`: 404 when nothing matches, 409 while a rule uses it. */
  remove(ip: string, name?: string, probeType?: string, probePort?: number): HostResult {
    const matches = [...this.hosts.values()].filter(
      (h) =>
        h.hostName === ip &&
        (name === undefined || name === "" || h.key === name) &&
        (probeType === undefined || probeType === "" || h.probeType === probeType) &&
        (probePort === undefined || probePort === 0 || h.probePort === probePort),
    );
    if (matches.length === 0) return { ok: false, error: "host-notfound error" };
    if (matches.some((h) => h.refs > 0)) return { ok: false, error: "LB Rule-referred" };
    matches.forEach((h) => this.hosts.delete(h.key));
    return { ok: true };
  }

  /** `POST /config/endpointhoststate`: red forces the host down, green/yellow clear it. */
  setHostState(hostName: string, state: HostStateValue, epPort?: number, epProto?: string): HostResult {
    if ((epPort === undefined) !== (epProto === undefined)) {
      return { ok: false, error: "malformed-host-state args: epPort and epProto go together" };
    }
    const hosts =
      epPort === undefined
        ? [...this.hosts.values()].filter((h) => h.hostName === hostName)
        : [this.hosts.get(`${hostName}_${epProto ?? ""}_${epPort}`)].filter((h) => h !== undefined);
    if (hosts.length === 0) return { ok: false, error: "ephost-notfound error" };
    hosts.forEach((h) => (h.red = state === "red"));
    return { ok: true };
  }

  /** `GET /config/endpoint/all` entries (omitempty keys, bytewise key order). */
  list(): EndpointHostInfo[] {
    return [...this.hosts.values()].map((h) => {
      const o: Record<string, unknown> = {};
      const put = (k: string, v: unknown) => {
        if (v !== undefined && v !== 0 && v !== "") o[k] = v;
      };
      put("currState", this.stateOf(h));
      put("hostName", h.hostName);
      // loxinet fills the timing only for hosts it probes (GetEpHosts; seen on loxilb-peer v0.9.8)
      put("inactiveReTries", h.active ? h.retries : undefined);
      put("name", h.key);
      put("probeDuration", h.active ? h.duration : undefined);
      put("probePort", h.probePort);
      put("probeReq", h.probeReq);
      put("probeResp", h.probeResp);
      put("probeType", h.active ? h.probeType : "none");
      return o;
    });
  }
}
