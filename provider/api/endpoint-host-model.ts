/**
 * Endpoint probe hosts (`/config/endpoint`, `/config/endpointhoststate`; facts §13). Each rule endpoint
 * gets a probe host keyed `"<ip>_<proto>_<port>"`; its `currState` drives the endpoint `state` of rules
 * created with `monitor: true`.
 */
import * as t from "io-ts";
import { Integer, nullableArray } from "./codec-helpers";

/** Probe types the endpoint API accepts (wider than the LB-rule `probetype`). */
export const HostProbeType = t.keyof(
  { tcp: null, udp: null, sctp: null, ping: null, http: null, https: null, none: null },
  "HostProbeType",
);
export type HostProbeType = t.TypeOf<typeof HostProbeType>;

/** `POST /config/endpoint` body: create a probe host or update its options. */
export const EndpointHost = t.intersection(
  [
    t.type({ hostName: t.string }),
    t.partial({
      name: t.string,
      inactiveReTries: Integer,
      probeType: HostProbeType,
      probeReq: t.string,
      probeResp: t.string,
      probeDuration: Integer,
      probePort: Integer,
    }),
  ],
  "EndpointHost",
);
export type EndpointHost = t.TypeOf<typeof EndpointHost>;

/** Probe host state: `ok`, `nok` (probe failing) or `red` (forced down). */
export const HostCurrState = t.keyof({ ok: null, nok: null, red: null }, "HostCurrState");

/** One entry of `GET /config/endpoint/all`. All keys are omitempty. */
export const EndpointHostInfo = t.partial(
  {
    hostName: t.string,
    name: t.string,
    inactiveReTries: Integer,
    probeType: t.string,
    probeReq: t.string,
    probeResp: t.string,
    probeDuration: Integer,
    probePort: Integer,
    minDelay: t.string,
    avgDelay: t.string,
    maxDelay: t.string,
    currState: t.string,
  },
  "EndpointHostInfo",
);
export type EndpointHostInfo = t.TypeOf<typeof EndpointHostInfo>;

export const EndpointHostList = t.type({ Attr: nullableArray(EndpointHostInfo) }, "EndpointHostList");
export type EndpointHostList = t.TypeOf<typeof EndpointHostList>;

/** Forced host health: `red` makes every endpoint on that host inactive; `green`/`yellow` clear it. */
export const HostStateValue = t.keyof({ green: null, yellow: null, red: null }, "HostStateValue");
export type HostStateValue = t.TypeOf<typeof HostStateValue>;

/**
 * `POST /config/endpointhoststate` body. `epPort` and `epProto` go together; without them every probe
 * key of the host is set.
 */
export const EndpointHostState = t.intersection(
  [t.type({ hostName: t.string, state: HostStateValue }), t.partial({ epPort: Integer, epProto: t.string })],
  "EndpointHostState",
);
export type EndpointHostState = t.TypeOf<typeof EndpointHostState>;
