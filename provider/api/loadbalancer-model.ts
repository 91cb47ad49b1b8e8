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
