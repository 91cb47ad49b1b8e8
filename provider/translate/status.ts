/**
 * Octavia operating-status roll-up from live LoxiLB endpoint state (pure), following Octavia's
 * amphora health manager (heartbeat_udp.py): member → pool → load balancer; a pool's state does not
 * change its listener's. See docs/design-translation.md for the decisions.
 */
import type { LbEndpoint } from "../api/model";
import type { MemberSpec } from "../octavia/specs";
import type { OperatingStatus } from "../octavia/status";

/** A member's status, or `GONE` when its endpoint (or rule) vanished although it should be there. */
export type MemberStatus = OperatingStatus | "GONE";

export interface MemberStatusInput {
  /** The member's spec; undefined for an endpoint seen in loxilb only (e.g. added outside Pulumi). */
  readonly member?: Pick<MemberSpec, "adminStateUp" | "weight"> | undefined;
  /** The member's endpoint in the live rule, if present. */
  readonly endpoint?: LbEndpoint | undefined;
  /** The live rule has `monitor: true` (only then does endpoint `state` reflect health). */
  readonly monitored: boolean;
  /** The load balancer, listener and pool are all admin up. */
  readonly ruleEnabled: boolean;
}

/**
 * - admin down (member or any parent) → OFFLINE; weight 0 → DRAINING (its endpoint is left out);
 * - endpoint missing → GONE;
 * - not monitored → NO_MONITOR; monitored: `active` → ONLINE, `inactive` → ERROR.
 */
export function memberOperatingStatus(i: MemberStatusInput): MemberStatus {
  if (!i.ruleEnabled || i.member?.adminStateUp === false) return "OFFLINE";
  if (i.member?.weight === 0) return "DRAINING";
  if (i.endpoint === undefined) return "GONE";
  if (!i.monitored) return "NO_MONITOR";
  return i.endpoint.state === "inactive" ? "ERROR" : "ONLINE";
}

const isFailing = (s: MemberStatus): boolean => s === "ERROR" || s === "GONE";
const isServing = (s: MemberStatus): boolean => s !== "OFFLINE" && s !== "DRAINING";

/**
 * - admin down → OFFLINE; no member that should serve (none, or all admin down or drained) → OFFLINE;
 * - every serving member failing (ERROR or GONE) → ERROR; some failing → DEGRADED;
 * - otherwise ONLINE (also without a monitor: the members say NO_MONITOR, the pool serves).
 */
export function poolOperatingStatus(
  members: readonly MemberStatus[],
  adminStateUp: boolean,
): OperatingStatus {
  if (!adminStateUp) return "OFFLINE";
  const serving = members.filter(isServing);
  if (serving.length === 0) return "OFFLINE";
  const failing = serving.filter(isFailing).length;
  if (failing === serving.length) return "ERROR";
  return failing > 0 ? "DEGRADED" : "ONLINE";
}

/**
 * - admin down → OFFLINE; its rule should exist but does not (`ruleMissing`) → ERROR;
 * - no pool, or its pool OFFLINE (nothing programmed) → OFFLINE;
 * - otherwise ONLINE: a DEGRADED or ERROR pool does not change the listener (Octavia).
 */
export function listenerOperatingStatus(
  poolStatuses: readonly OperatingStatus[],
  adminStateUp: boolean,
  opts: { readonly ruleMissing?: boolean } = {},
): OperatingStatus {
  if (!adminStateUp) return "OFFLINE";
  if (opts.ruleMissing === true) return "ERROR";
  return poolStatuses.some((s) => s !== "OFFLINE") ? "ONLINE" : "OFFLINE";
}

/**
 * From the statuses of every listener AND every pool of the load balancer: admin down → OFFLINE;
 * any ERROR → ERROR (a pool with no working member makes the LB ERROR in Octavia); any DEGRADED →
 * DEGRADED; otherwise ONLINE (Octavia starts a load balancer ONLINE).
 */
export function loadBalancerOperatingStatus(
  childStatuses: readonly OperatingStatus[],
  adminStateUp: boolean,
): OperatingStatus {
  if (!adminStateUp) return "OFFLINE";
  if (childStatuses.includes("ERROR")) return "ERROR";
  return childStatuses.includes("DEGRADED") ? "DEGRADED" : "ONLINE";
}
