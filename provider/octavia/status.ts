/**
 * Octavia's status enums. `provisioningStatus` says where a write is; `operatingStatus` says how
 * the object serves traffic (rolled up from LoxiLB endpoint states by `translate/status.ts`).
 */
import * as t from "io-ts";
import { enumOf } from "./codecs";

export const OperatingStatus = enumOf("OperatingStatus", [
  "ONLINE",
  "DRAINING",
  "OFFLINE",
  "DEGRADED",
  "ERROR",
  "NO_MONITOR",
] as const);
export type OperatingStatus = t.TypeOf<typeof OperatingStatus>;

export const ProvisioningStatus = enumOf("ProvisioningStatus", [
  "ACTIVE",
  "PENDING_CREATE",
  "PENDING_UPDATE",
  "PENDING_DELETE",
  "DELETED",
  "ERROR",
] as const);
export type ProvisioningStatus = t.TypeOf<typeof ProvisioningStatus>;
