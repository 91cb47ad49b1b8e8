/**
 * The load-balancer rule as loxilb's REST API carries it (`LoadbalanceEntry`, swagger.yml
 * L3971-4114; Go tags in `api/models/loadbalance_entry.go`). One codec serves request bodies and
 * GET answers: numeric enums decode to names, Go's `null` arrays decode to `[]`.
 */
import * as t from "io-ts";
import { Integer, nullableArray } from "./codec-helpers";
import { EndpointState, LbMode, LbOper, LbProtocol, LbSecurity, LbSelect, ProbeType } from "./enums";

/** `serviceArguments`: the rule's key (host, externalIP, protocol, port, portMax, block) and its options. */
export const ServiceArguments = t.intersection(
  [
    t.type({
      /** VIP. Part of the key. */
      externalIP: t.string,
      /** Minimum port; part of the key. loxilb truncates to uint16 and does not range-check. */
      port: Integer,
    }),
    t.partial({
      /** End of a port range; 0 or equal to `port` for a single port. Part of the key. */
      portMax: Integer,
      protocol: LbProtocol,
      sel: LbSelect,
      mode: LbMode,
      security: LbSecurity,
      /** Advertise the VIP with BGP. Kept only from create. */
      bgp: t.boolean,
      /** The rule follows endpoint health. Set only at create; re-POST never changes it. */
      monitor: t.boolean,
      probetype: ProbeType,
      probeport: Integer,
      probereq: t.string,
      proberesp: t.string,
      /** Probe interval in seconds (0 = 60). Not returned by GET. */
      probeTimeout: Integer,
      /** Consecutive failures before an endpoint goes inactive (0 = 2). Not returned by GET. */
      probeRetries: Integer,
      /** Session idle timeout in seconds, at most 86400; 0 = 240 (tcp, sctp) or 20 (others). */
      inactiveTimeOut: Integer,
      managed: t.boolean,
      /** Free label, not unique, not part of the key, fixed at create. */
      name: t.string,
      snat: t.boolean,
      oper: LbOper,
      /** Ingress host/URL; part of the key. */
      host: t.string,
      /** Block number; part of the key. */
      block: Integer,
      privateIP: t.string,
      proxyprotocolv2: t.boolean,
      egress: t.boolean,
    }),
  ],
  "ServiceArguments",
);
export type ServiceArguments = t.TypeOf<typeof ServiceArguments>;

/** One backend of a rule. `state` and `counter` are output only (loxilb ignores them on input). */
export const LbEndpoint = t.intersection(
  [
    t.type({ endpointIP: t.string, targetPort: Integer, weight: Integer }),
    t.partial({
      state: EndpointState,
      /** Traffic counters as `"<packets>:<bytes>"`. */
      counter: t.string,
    }),
  ],
  "LbEndpoint",
);
export type LbEndpoint = t.TypeOf<typeof LbEndpoint>;

export const SecondaryIP = t.type({ secondaryIP: t.string }, "SecondaryIP");
export type SecondaryIP = t.TypeOf<typeof SecondaryIP>;

export const AllowedSource = t.type({ prefix: t.string }, "AllowedSource");
export type AllowedSource = t.TypeOf<typeof AllowedSource>;

/** A whole load-balancer rule: what `POST /config/loadbalancer` takes and `GET .../all` lists. */
export const LoadbalanceEntry = t.intersection(
  [
    t.type({
      serviceArguments: ServiceArguments,
      endpoints: nullableArray(LbEndpoint, "Endpoints"),
    }),
    t.partial({
      secondaryIPs: nullableArray(SecondaryIP, "SecondaryIPs"),
      allowedSources: nullableArray(AllowedSource, "AllowedSources"),
    }),
  ],
  "LoadbalanceEntry",
);
export type LoadbalanceEntry = t.TypeOf<typeof LoadbalanceEntry>;
/** The JSON form of a rule, with numeric enums (what goes on the wire). */
export type LoadbalanceEntryWire = t.OutputOf<typeof LoadbalanceEntry>;

/** `GET /config/loadbalancer/all` → `{"lbAttr": [...]}` (`[]` or `null` when empty). */
export const LoadbalancerList = t.type(
  { lbAttr: nullableArray(LoadbalanceEntry, "LbAttr") },
  "LoadbalancerList",
);
export type LoadbalancerList = t.TypeOf<typeof LoadbalancerList>;

/** The identity of a rule in loxilb: (host, externalIP, protocol, port, portMax, block). */
export interface RuleKey {
  readonly externalIP: string;
  readonly port: number;
  readonly protocol: LbProtocol;
  /** 0 (or equal to `port`) for a single port. */
  readonly portMax?: number;
  readonly block?: number;
  readonly host?: string;
}

/** The key of a rule as loxilb compares it (portMax 0 means "same as port"). */
export function ruleKeyOf(sa: ServiceArguments): RuleKey {
  return {
    externalIP: sa.externalIP,
    port: sa.port,
    protocol: sa.protocol ?? "tcp",
    portMax: sa.portMax !== undefined && sa.portMax !== 0 && sa.portMax !== sa.port ? sa.portMax : 0,
    block: sa.block ?? 0,
    host: sa.host ?? "",
  };
}

/** True when two keys name the same rule. IP literals are compared in canonical form by the caller. */
export function sameRuleKey(a: RuleKey, b: RuleKey): boolean {
  const na = normalizeKey(a);
  const nb = normalizeKey(b);
  return (
    na.externalIP === nb.externalIP &&
    na.port === nb.port &&
    na.protocol === nb.protocol &&
    na.portMax === nb.portMax &&
    na.block === nb.block &&
    na.host === nb.host
  );
}

function normalizeKey(k: RuleKey): Required<RuleKey> {
  const portMax = k.portMax !== undefined && k.portMax !== 0 && k.portMax !== k.port ? k.portMax : 0;
  return {
    externalIP: k.externalIP,
    port: k.port,
    protocol: k.protocol,
    portMax,
    block: k.block ?? 0,
    host: k.host ?? "",
  };
}

/** A readable form of a key, e.g. `tcp:192.0.2.10:80` or `tcp:192.0.2.10:80-90#block2`. */
export function formatRuleKey(k: RuleKey): string {
  const n = normalizeKey(k);
  const ports = n.portMax !== 0 ? `${n.port}-${n.portMax}` : `${n.port}`;
  const host = n.host !== "" ? `${n.host}/` : "";
  const block = n.block !== 0 ? `#block${n.block}` : "";
  return `${n.protocol}:${host}${n.externalIP}:${ports}${block}`;
}
