/**
 * What the pool's children (`Member`, `Members`, `HealthMonitor`) share in their contracts: the
 * parents' ids (public outputs), the parents' args and the listener's rule declaration (internal,
 * never compared on their own: the parents write their own changes), and the declaration kept out
 * of state.
 */
import * as t from "io-ts";
import { ParentArgs } from "./contract";

export const poolChild = {
  ids: { poolId: t.string, listenerId: t.string, loadbalancerId: t.string },
  wiring: { loadbalancer: ParentArgs, listener: ParentArgs, pool: ParentArgs, rule: t.string },
  // The parents' args locate the rule (their key fields replace the child); a load balancer's name
  // or a pool's algorithm never updates a child.
  ignore: ["loadbalancer", "listener", "pool"],
  transient: ["rule"],
} as const;
