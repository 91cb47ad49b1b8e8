/**
 * Status and HA routes: `/status/process`, `/status/device`, `/status/filesystem`, `/config/cistate`
 * (docs/loxilb-facts.md §14, §15). Every field is a string in loxilb's answers.
 */
import * as t from "io-ts";
import { nullableArray } from "./codec-helpers";

export const ProcessInfo = t.partial(
  {
    pid: t.string,
    user: t.string,
    priority: t.string,
    nice: t.string,
    virtMemory: t.string,
    residentSize: t.string,
    sharedMemory: t.string,
    status: t.string,
    CPUUsage: t.string,
    MemoryUsage: t.string,
    time: t.string,
    command: t.string,
  },
  "ProcessInfo",
);
export type ProcessInfo = t.TypeOf<typeof ProcessInfo>;

export const ProcessStatus = t.type({ processAttr: nullableArray(ProcessInfo) }, "ProcessStatus");
export type ProcessStatus = t.TypeOf<typeof ProcessStatus>;

export const DeviceInfo = t.partial(
  {
    hostName: t.string,
    machineID: t.string,
    bootID: t.string,
    OS: t.string,
    kernel: t.string,
    architecture: t.string,
    uptime: t.string,
  },
  "DeviceInfo",
);
export type DeviceInfo = t.TypeOf<typeof DeviceInfo>;

export const FileSystemInfo = t.partial(
  {
    fileSystem: t.string,
    type: t.string,
    size: t.string,
    used: t.string,
    avail: t.string,
    usePercent: t.string,
    mountedOn: t.string,
  },
  "FileSystemInfo",
);
export const FileSystemStatus = t.type({ filesystemAttr: nullableArray(FileSystemInfo) }, "FileSystemStatus");
export type FileSystemStatus = t.TypeOf<typeof FileSystemStatus>;

/** HA role of an instance. */
export const CIState = t.keyof(
  { MASTER: null, BACKUP: null, FAULT: null, STOP: null, NOT_DEFINED: null },
  "CIState",
);
export type CIState = t.TypeOf<typeof CIState>;

/** `POST /config/cistate` body. */
export const CIStatusEntry = t.type({ instance: t.string, state: t.string, vip: t.string }, "CIStatusEntry");
export type CIStatusEntry = t.TypeOf<typeof CIStatusEntry>;

/** One entry of `GET /config/cistate/all`; `sync` is always `null` in practice. */
export const CIStatusGetEntry = t.intersection(
  [
    t.type({ instance: t.string, state: t.string }),
    t.partial({ vip: t.string, sync: t.union([t.number, t.null]) }),
  ],
  "CIStatusGetEntry",
);
export type CIStatusGetEntry = t.TypeOf<typeof CIStatusGetEntry>;
/** `GET /config/cistate/all` → `{"Attr": [...]}` (capital A). */
export const CIStatusList = t.type({ Attr: nullableArray(CIStatusGetEntry) }, "CIStatusList");
export type CIStatusList = t.TypeOf<typeof CIStatusList>;
