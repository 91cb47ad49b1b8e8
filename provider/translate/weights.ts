/**
 * Octavia member weights → LoxiLB endpoint weights and selection.
 *
 * Octavia weights are relative (0..256). loxilb uses weights only with `sel=priority` (weighted round
 * robin), where endpoint i gets `floor(weight_i * 16 / 100)` of 16 datapath slots, in list order, and
 * endpoints with fewer than 2 slots' worth fill any leftover slots (rules.go L3084-3134). So:
 *
 * - all enabled weights equal → plain selection, weight 1 each;
 * - unequal weights under ROUND_ROBIN (no persistence), at most 16 enabled members → `priority`: the 16
 *   slots are apportioned to the Octavia weights (every member at least one slot, the rest by the
 *   Sainte-Laguë divisor method), and each endpoint's weight is the smallest percent-like value that
 *   yields exactly its slots, `ceil(slots * 100 / 16)` (so the shares sum to 100..112);
 * - anything else (other algorithms, persistence, more than 16 members) → weights cannot be expressed:
 *   plain selection, weight 1 each. Weight 0 always drains (the endpoint is left out, elsewhere).
 */
import type { LbMethod, PoolSpec } from "../octavia/pool-spec";

/** loxilb's weighted-round-robin slot count (`MaxLBPrioSlots`). */
export const PRIO_SLOTS = 16;

export interface WeightPlan {
  /** True when loxilb must use `sel=priority` to honour the weights. */
  readonly weighted: boolean;
  /** One loxilb weight per enabled member, in order. */
  readonly weights: readonly number[];
}

/** Apportion `slots` to `weights` (all > 0): one each, then Sainte-Laguë; ties go to the earlier member. */
export function apportionSlots(weights: readonly number[], slots = PRIO_SLOTS): number[] {
  const seats = weights.map(() => 1);
  for (let left = slots - weights.length; left > 0; left--) {
    let best = 0;
    for (let i = 1; i < weights.length; i++) {
      // w_i / (s_i + 0.5) > w_best / (s_best + 0.5), in integers.
      if (weights[i]! * (2 * seats[best]! + 1) > weights[best]! * (2 * seats[i]! + 1)) best = i;
    }
    seats[best] = seats[best]! + 1;
  }
  return seats;
}

/** The loxilb weight that yields exactly `slots` of the 16 priority slots. */
export const weightForSlots = (slots: number): number => Math.ceil((slots * 100) / PRIO_SLOTS);

/** True when the pool's algorithm can honour weights in loxilb (only weighted round robin can). */
export function weightsExpressible(pool: Pick<PoolSpec, "lbMethod" | "persistence">): boolean {
  const method: LbMethod = pool.lbMethod;
  return method === "ROUND_ROBIN" && pool.persistence === undefined;
}

/** Plan loxilb weights for the enabled members' Octavia weights (each > 0). */
export function planWeights(
  octaviaWeights: readonly number[],
  pool: Pick<PoolSpec, "lbMethod" | "persistence">,
): WeightPlan {
  const plain: WeightPlan = { weighted: false, weights: octaviaWeights.map(() => 1) };
  const first = octaviaWeights[0];
  if (first === undefined || octaviaWeights.every((w) => w === first)) return plain;
  if (!weightsExpressible(pool) || octaviaWeights.length > PRIO_SLOTS) return plain;
  return { weighted: true, weights: apportionSlots(octaviaWeights).map(weightForSlots) };
}

/**
 * Why LoxiLB will not honour unequal member weights of a pool, or undefined when it will (or they are
 * equal). `weights` are the enabled members' Octavia weights (> 0).
 */
export function ignoredWeightsReason(
  pool: Pick<PoolSpec, "lbMethod" | "persistence">,
  weights: readonly number[],
): string | undefined {
  const first = weights[0];
  if (first === undefined || weights.every((w) => w === first)) return undefined;
  if (!weightsExpressible(pool)) {
    const how = pool.persistence !== undefined ? `${pool.persistence.type} persistence` : pool.lbMethod;
    return (
      `LoxiLB ignores member weights under ${how} (only ROUND_ROBIN without persistence honours them), ` +
      "so every member gets an equal share"
    );
  }
  if (weights.length > PRIO_SLOTS) {
    return (
      `LoxiLB's weighted round robin has ${PRIO_SLOTS} slots, so the weights of ${weights.length} enabled ` +
      "members cannot be honoured: every member gets an equal share"
    );
  }
  const slots = apportionSlots(weights);
  if (slots.every((s) => s === slots[0])) {
    return (
      `LoxiLB's weighted round robin has ${PRIO_SLOTS} slots, and ${weights.length} enabled members get one ` +
      "each whatever their weights: every member gets an equal share"
    );
  }
  return undefined;
}
