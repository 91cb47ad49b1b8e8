/** HA routes (docs/loxilb-facts.md §15): `GET /config/cistate/all`, `POST /config/cistate`. */
import type { ApiCall } from "./api-call";
import { CIStatusEntry, CIStatusList } from "./model";

export const clusterStatesUrl = (): string => "/config/cistate/all";
export const clusterStateUrl = (): string => "/config/cistate";

export function clusterStatesCall(): ApiCall<CIStatusList> {
  return { method: "GET", path: clusterStatesUrl(), response: { kind: "json", codec: CIStatusList } };
}

/** Posting the current state again is a no-op success in loxilb. */
export function setClusterStateCall(entry: CIStatusEntry): ApiCall<void> {
  return {
    method: "POST",
    path: clusterStateUrl(),
    body: CIStatusEntry.encode(entry),
    response: { kind: "write", value: undefined },
  };
}
