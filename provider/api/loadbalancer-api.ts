/**
 * Load-balancer routes (docs/loxilb-facts.md §4): URL builders and calls. There is no GET by key or name and no
 * PUT: an update is a re-POST, which loxilb reconciles by key. That is also why retrying a POST is
 * safe: a repeated POST of the same rule ends in the same state (or `409 lbrule-exists`).
 */
import type { ApiCall } from "./api-call";
import { isNotFound, isRouteNotFound, isRuleExists, type LoxiLBError } from "./errors";
import { LoadbalanceEntry, LoadbalancerList, type LbProtocol } from "./model";

/** Options selecting the DELETE route variant and its query. */
export interface RuleDeleteOptions {
  /** End of a port range; 0 or equal to `port` means a single port. */
  readonly portMax?: number;
  /** Block number (part of the key). Sent as `?block=`; default 0. */
  readonly block?: number;
  /** Also withdraw the VIP from BGP. Sent as `?bgp=`; default false. */
  readonly bgp?: boolean;
  /** Ingress host/URL (part of the key); selects the `hosturl/...` route. */
  readonly host?: string;
}

export const loadBalancerUrl = (): string => "/config/loadbalancer";
export const loadBalancersAllUrl = (): string => "/config/loadbalancer/all";
export const loadBalancerByNameUrl = (name: string): string => `/config/loadbalancer/name/${seg(name)}`;

/**
 * `DELETE` URL for one rule key: `[hosturl/{host}/]externalipaddress/{ip}/port/{port}[/portmax/{max}]/protocol/{proto}?bgp=&block=`.
 */
export function loadBalancerRuleUrl(
  ip: string,
  port: number,
  protocol: LbProtocol,
  o: RuleDeleteOptions = {},
): string {
  const host = o.host !== undefined && o.host !== "" ? `/hosturl/${seg(o.host)}` : "";
  const range =
    o.portMax !== undefined && o.portMax !== 0 && o.portMax !== port ? `/portmax/${o.portMax}` : "";
  const query = `?bgp=${o.bgp ?? false}&block=${o.block ?? 0}`;
  return `/config/loadbalancer${host}/externalipaddress/${seg(ip)}/port/${port}${range}/protocol/${protocol}${query}`;
}

/** A path segment; `:` stays literal so IPv6 VIPs read naturally (it is valid in a segment). */
function seg(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ":");
}

/** `POST /config/loadbalancer`: "applied", or "unchanged" on `409 lbrule-exists` (also legacy 200). */
export function createLoadBalancerCall(entry: LoadbalanceEntry): ApiCall<"applied" | "unchanged"> {
  return {
    method: "POST",
    path: loadBalancerUrl(),
    body: LoadbalanceEntry.encode(entry),
    response: { kind: "write", value: "applied" },
    recover: (e: LoxiLBError) => (isRuleExists(e) ? "unchanged" : undefined),
  };
}

export function listLoadBalancersCall(): ApiCall<LoadbalancerList> {
  return { method: "GET", path: loadBalancersAllUrl(), response: { kind: "json", codec: LoadbalancerList } };
}

/**
 * `DELETE` one rule: "deleted", or "absent" on loxilb's 404 (`no-rule error`, also as a legacy 200).
 * A router 404 (`path ... was not found`: wrong base URL) stays an error.
 */
export function deleteLoadBalancerRuleCall(
  ip: string,
  port: number,
  protocol: LbProtocol,
  o: RuleDeleteOptions = {},
): ApiCall<"deleted" | "absent"> {
  return {
    method: "DELETE",
    path: loadBalancerRuleUrl(ip, port, protocol, o),
    response: { kind: "write", value: "deleted" },
    recover: (e: LoxiLBError) => (isNotFound(e) && !isRouteNotFound(e) ? "absent" : undefined),
  };
}

/** `DELETE /config/loadbalancer/name/{name}`: loxilb answers 200 even when nothing matched. */
export function deleteLoadBalancerByNameCall(name: string): ApiCall<void> {
  return {
    method: "DELETE",
    path: loadBalancerByNameUrl(name),
    response: { kind: "write", value: undefined },
  };
}

export function deleteAllLoadBalancersCall(): ApiCall<void> {
  return { method: "DELETE", path: loadBalancersAllUrl(), response: { kind: "write", value: undefined } };
}
