/** Status routes (docs/loxilb-facts.md §14): `/status/process`, `/status/device`, `/status/filesystem`. */
import type { ApiCall } from "./api-call";
import { DeviceInfo, FileSystemStatus, ProcessStatus } from "./model";

export const processStatusUrl = (): string => "/status/process";
export const deviceStatusUrl = (): string => "/status/device";
export const filesystemStatusUrl = (): string => "/status/filesystem";

export function processStatusCall(): ApiCall<ProcessStatus> {
  return { method: "GET", path: processStatusUrl(), response: { kind: "json", codec: ProcessStatus } };
}

export function deviceStatusCall(): ApiCall<DeviceInfo> {
  return { method: "GET", path: deviceStatusUrl(), response: { kind: "json", codec: DeviceInfo } };
}

export function filesystemStatusCall(): ApiCall<FileSystemStatus> {
  return { method: "GET", path: filesystemStatusUrl(), response: { kind: "json", codec: FileSystemStatus } };
}
