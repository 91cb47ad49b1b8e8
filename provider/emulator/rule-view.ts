/**
 * The GET view of a stored rule (docs/loxilb-facts.md §7): zero values omitted except `externalIP`
 * and `port`, effective `inactiveTimeOut`, tombstones hidden, `null` for empty top-level arrays,
 * numeric enums.
 */
import { LbMode, LbSecurity, LbSelect, type LoadbalanceEntryWire } from "../api/model";
import type { StoredRule } from "./rule-store";

/** The health of an endpoint as GET reports it. */
export type EndpointStateOf = (rule: StoredRule, ip: string, targetPort: number) => "active" | "inactive";

type Wire = Record<string, unknown>;

/** Sets `k` only when `v` is not a Go zero value (omitempty). */
function put(o: Wire, k: string, v: unknown): void {
  if (v !== undefined && v !== 0 && v !== "" && v !== false) o[k] = v;
}

/** `serviceArguments` in go-swagger's field order (JSON names sorted bytewise). */
function serviceArgsWire(rule: StoredRule): Wire {
  const sa = rule.sa;
  const o: Wire = {};
  put(o, "bgp", sa.bgp);
  put(o, "block", sa.block);
  put(o, "egress", sa.egress);
  o["externalIP"] = sa.externalIP;
  put(o, "host", sa.host);
  put(o, "inactiveTimeOut", sa.inactiveTimeOut);
  put(o, "managed", sa.managed);
  put(o, "mode", sa.mode === undefined ? undefined : LbMode.encode(sa.mode));
  put(o, "monitor", rule.monitor);
  put(o, "name", sa.name);
  o["port"] = sa.port;
  put(o, "portMax", sa.portMax === sa.port ? 0 : sa.portMax);
  put(o, "probeport", sa.probeport);
  put(o, "probetype", sa.probetype);
  put(o, "protocol", sa.protocol);
  put(o, "proxyprotocolv2", sa.proxyprotocolv2);
  put(o, "security", sa.security === undefined ? undefined : LbSecurity.encode(sa.security));
  put(o, "sel", sa.sel === undefined ? undefined : LbSelect.encode(sa.sel));
  return o;
}

/**
 * One rule as `GET /config/loadbalancer/all` lists it. With `goNulls` false, empty arrays stay `[]`
 * (for `handle.rules()`, whose type promises arrays).
 */
export function ruleWire(rule: StoredRule, stateOf: EndpointStateOf, goNulls = true): LoadbalanceEntryWire {
  const endpoints = rule.endpoints
    .filter((e) => !e.tomb)
    .map((e) => ({
      counter: `${e.packets}:${e.bytes}`,
      endpointIP: e.ip,
      state: stateOf(rule, e.ip, e.targetPort),
      targetPort: e.targetPort,
      weight: e.weight,
    }));
  const orNull = <T>(xs: T[]): T[] => (xs.length === 0 && goNulls ? (null as unknown as T[]) : xs);
  return {
    allowedSources: orNull(rule.allowedSources.map((prefix) => ({ prefix }))),
    endpoints: orNull(endpoints),
    secondaryIPs: orNull(rule.secondaryIPs.map((secondaryIP) => ({ secondaryIP }))),
    serviceArguments: serviceArgsWire(rule) as LoadbalanceEntryWire["serviceArguments"],
  };
}
