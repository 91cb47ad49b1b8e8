/**
 * Traffic shares of a rule's endpoints as LoxiLB holds them (pure). Under weighted round robin
 * (`sel: priority`) endpoint i gets `floor(weight_i × 16 / 100)` of the 16 datapath slots
 * (docs/design-translation.md; the provider's weights are chosen so the slots add up to 16); every
 * other selection ignores weights and spreads flows evenly.
 */
import type { LoadbalanceEntry } from "../api/model";
import { PRIO_SLOTS } from "../translate/weights";

/** Each endpoint's share of new flows, 0..1, in endpoint order. */
export function trafficShares(rule: LoadbalanceEntry): number[] {
  const n = rule.endpoints.length;
  if (rule.serviceArguments.sel !== "priority") return rule.endpoints.map(() => 1 / n);
  const slots = rule.endpoints.map((e) => Math.floor((e.weight * PRIO_SLOTS) / 100));
  const sum = slots.reduce((a, b) => a + b, 0);
  return sum === 0 ? rule.endpoints.map(() => 1 / n) : slots.map((s) => s / sum);
}

/** A share as a percentage with at most one decimal: `62.5%`, `33.3%`, `100%`. */
export function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
