/**
 * `Pool`'s provider side: its check (the pool's own args against its parents'), its write (the rule
 * its inputs declare) and its reads (status, and the algorithm LoxiLB holds). The class is in
 * `program/pool.ts`.
 */
import { randomUUID } from "crypto";
import type { LoadbalanceEntry } from "../api/model";
import { checkPool } from "../octavia/check";
import { poolContract, type PoolState } from "../contracts/pool";
import { pick } from "../contracts/lifecycle";
import { knownParentSpecs } from "./parent-specs";
import { defineHandlers, type Bag } from "./handler-kit";
import { childRuleIds, declare, driftNote, noteDeclaration, rulesPerInstance, withdraw } from "./rule-access";
import { expectedAlgorithm, ruleActionForOwnChange } from "./rule-effects";
import { keyText, ruleStatus } from "./status-reads";

/** Provider-side handlers. */
export const poolHandlers = defineHandlers({
  contract: poolContract,
  label: (state) => `of ${keyText(state)}`,
  check(news, olds) {
    const { loadbalancer, listener } = knownParentSpecs(news);
    const r = checkPool(pick(news, poolContract.ownKeys), {
      ...(loadbalancer !== undefined ? { loadbalancer } : {}),
      ...(listener !== undefined ? { listener } : {}),
    });
    noteDeclaration(news, childRuleIds(news));
    const algorithm =
      expectedAlgorithm(news) ?? (news["rule"] === undefined ? undefined : olds["loxilbAlgorithm"]);
    return {
      failures: r.ok ? [] : r.failures,
      extra: {
        ...ruleActionForOwnChange("pool", poolContract.ownKeys, olds, news),
        loxilbAlgorithm: algorithm,
      },
    };
  },
  async create(inputs) {
    const id = randomUUID();
    const outcome = await declare(inputs, childRuleIds(inputs), [], {});
    return { id, outs: status(inputs, outcome?.live) };
  },
  async update(_id, _olds, news) {
    const outcome = await declare(news, childRuleIds(news), [], {});
    return status(news, outcome?.live);
  },
  async read(_id, props) {
    const seen = await rulesPerInstance(props);
    const notes: string[] = [];
    const declared = props.loxilbAlgorithm;
    let algorithm = declared;
    // Every instance is compared with the declared value; the first drifted one is recorded.
    for (const { instance, rule } of seen) {
      const sel = rule?.serviceArguments.sel ?? "rr";
      if (rule !== undefined && declared !== undefined && sel !== declared) {
        notes.push(driftNote(instance, `algorithm ${sel}, declared ${declared}`));
        if (algorithm === declared) algorithm = sel;
      }
    }
    return {
      ...status(props, seen[0]?.rule),
      loxilbAlgorithm: algorithm,
      loxilbDrift: notes.length > 0 ? notes : undefined,
    };
  },
  async remove(_id, props) {
    await withdraw(props, childRuleIds(props), "all", {});
  },
});

function status(state: PoolState, rule: LoadbalanceEntry | undefined): Bag {
  return { provisioningStatus: "ACTIVE", operatingStatus: ruleStatus(rule, state.adminStateUp !== false) };
}
