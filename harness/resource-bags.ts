/**
 * Wire-shaped inputs of the resources, as the engine hands them to the provider after `check`
 * (parents' specs flowed down, ids filled in), for tests that call the handlers directly. Each is
 * typed by its kind's contract, so a misspelt or missing field fails to compile.
 */
export interface RuleShape {
  readonly url: string;
  readonly vip?: string;
  readonly port?: number;
  readonly protocol?: "TCP" | "UDP";
  readonly lbMethod?: string;
  readonly monitor?: Record<string, unknown> | null;
  readonly lbId?: string;
  readonly listenerId?: string;
  readonly adopt?: boolean;
}

import type { Bag } from "../provider/contracts/contract";
import type { ListenerState } from "../provider/contracts/listener";
import type { MemberState } from "../provider/contracts/member";
import type { MemberArgs } from "../provider/octavia/member-spec";
import { declarationText } from "../provider/rules/declaration";

export type { Bag };

export function listenerBag(s: RuleShape, siblings: readonly MemberArgs[] = []): ListenerState {
  return {
    protocol: s.protocol ?? "TCP",
    protocolPort: s.port ?? 80,
    ...(s.adopt === true ? { adopt: true } : {}),
    loadbalancerId: s.lbId ?? "lb-1",
    loadbalancer: { vipAddress: s.vip ?? "192.0.2.10", natMode: "fullnat" },
    rule: declarationOf(s, siblings),
    connection: { apiEndpoints: [s.url] },
  };
}

/** The rule declaration every rule-owning resource carries (`rule`), as the program builds it. */
export function declarationOf(s: RuleShape, siblings: readonly MemberArgs[]): string {
  return declarationText({
    ...parentSpecs(s),
    healthMonitor: monitorOf(s),
    members: siblings.map((m, i) => ({ ...m, resource: `Member "m-${i + 1}"` })),
  });
}

/** The load balancer, listener and pool specs a child carries (as the program passes them down). */
function parentSpecs(s: RuleShape): { loadbalancer: Bag; listener: Bag; pool: Bag } {
  return {
    loadbalancer: { vipAddress: s.vip ?? "192.0.2.10", natMode: "fullnat" },
    listener: {
      protocol: s.protocol ?? "TCP",
      protocolPort: s.port ?? 80,
      ...(s.adopt === true ? { adopt: true } : {}),
    },
    pool: { protocol: s.protocol ?? "TCP", lbMethod: s.lbMethod ?? "ROUND_ROBIN" },
  };
}

function monitorOf(s: RuleShape): Bag | null {
  return s.monitor === undefined
    ? {
        type: s.protocol === "UDP" ? "UDP-CONNECT" : "TCP",
        delay: 5,
        timeout: 3,
        maxRetries: 3,
        maxRetriesDown: 2,
      }
    : s.monitor;
}

export function memberBag(
  s: RuleShape,
  address: string,
  siblings: readonly MemberArgs[],
  extra: Partial<MemberArgs> = {},
): MemberState {
  return {
    address,
    protocolPort: 8080,
    ...extra,
    poolId: "pool-1",
    listenerId: s.listenerId ?? "listener-1",
    loadbalancerId: s.lbId ?? "lb-1",
    ...parentSpecs(s),
    // As the program sends it: the listener's whole rule declaration as JSON text.
    rule: declarationOf(s, siblings),
    connection: { apiEndpoints: [s.url] },
  };
}

/** Member specs for `count` backends 198.51.100.<11..>, port 8080. */
export function siblingSpecs(
  count: number,
  extra: (i: number) => Partial<MemberArgs> = () => ({}),
): MemberArgs[] {
  return Array.from({ length: count }, (_, i) => ({
    address: `198.51.100.${11 + i}`,
    protocolPort: 8080,
    ...extra(i),
  }));
}
