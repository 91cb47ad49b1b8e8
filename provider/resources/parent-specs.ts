/**
 * Rebuild typed Octavia specs from a resource's input bag (the args its parents passed down).
 * The bag has passed `check`, so a failure here is a bug or a state written by another version.
 */
import { checkListener, checkLoadBalancer, checkPool, type CheckResult } from "../octavia/check";
import type { ListenerSpec, LoadBalancerSpec, PoolSpec } from "../octavia/specs";
import type { Bag } from "./handler-kit";
import { containsUnknown } from "../octavia/unknown";

function usableSpec<S>(what: string, r: CheckResult<S>): S {
  if (r.ok && r.known) return r.spec;
  const why = r.ok
    ? `unknown fields ${r.unknownFields.join(", ")}`
    : r.failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
  throw new Error(`the ${what} args are not usable: ${why}`);
}

const bagOf = (v: unknown): Bag => (typeof v === "object" && v !== null ? (v as Bag) : {});

export function lbSpecOf(bag: Bag): LoadBalancerSpec {
  return usableSpec("load balancer", checkLoadBalancer(bagOf(bag["loadbalancer"])));
}

export function listenerSpecOf(bag: Bag): ListenerSpec {
  return usableSpec("listener", checkListener(bagOf(bag["listener"]), {}));
}

export function poolSpecOf(bag: Bag): PoolSpec {
  return usableSpec("pool", checkPool(bagOf(bag["pool"]), {}));
}

/**
 * The parent specs present in `bag` for cross-field checks. A parent that is still unknown
 * (preview) or invalid (its own check reports it) is left out, so checks depending on it are skipped.
 */
export function knownParentSpecs(bag: Bag): {
  loadbalancer?: LoadBalancerSpec;
  listener?: ListenerSpec;
  pool?: PoolSpec;
} {
  const out: { loadbalancer?: LoadBalancerSpec; listener?: ListenerSpec; pool?: PoolSpec } = {};
  const lb = tryOrUndefined(bag["loadbalancer"], () => lbSpecOf(bag));
  const listener = tryOrUndefined(bag["listener"], () => listenerSpecOf(bag));
  const pool = tryOrUndefined(bag["pool"], () => poolSpecOf(bag));
  if (lb !== undefined) out.loadbalancer = lb;
  if (listener !== undefined) out.listener = listener;
  if (pool !== undefined) out.pool = pool;
  return out;
}

function tryOrUndefined<T>(raw: unknown, f: () => T): T | undefined {
  if (raw === undefined || raw === null || containsUnknown(raw)) return undefined;
  try {
    return f();
  } catch {
    return undefined;
  }
}
