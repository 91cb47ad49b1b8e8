/** Endpoint probe-host routes (docs/loxilb-facts.md §13): list, create/update, force state. */
import type { ApiCall } from "./api-call";
import { EndpointHost, EndpointHostList, EndpointHostState } from "./model";

export const endpointHostsAllUrl = (): string => "/config/endpoint/all";
export const endpointHostUrl = (): string => "/config/endpoint";
export const endpointHostStateUrl = (): string => "/config/endpointhoststate";

export function listEndpointHostsCall(): ApiCall<EndpointHostList> {
  return { method: "GET", path: endpointHostsAllUrl(), response: { kind: "json", codec: EndpointHostList } };
}

/** `POST /config/endpoint`: create a probe host or update its options. */
export function setEndpointHostCall(host: EndpointHost): ApiCall<void> {
  return {
    method: "POST",
    path: endpointHostUrl(),
    body: EndpointHost.encode(host),
    response: { kind: "write", value: undefined },
  };
}

/** `POST /config/endpointhoststate`: force a host (or one probe key) `red`, or clear it. */
export function setEndpointHostStateCall(state: EndpointHostState): ApiCall<void> {
  return {
    method: "POST",
    path: endpointHostStateUrl(),
    body: EndpointHostState.encode(state),
    response: { kind: "write", value: undefined },
  };
}
