/**
 * The rule writer: members are the writers of a LoxiLB rule. Each member handler sends a
 * {@link MemberWrite}; writes for one rule key are serialized and coalesced (one batch → at most
 * one write), composed on top of the live rule, and planned as an in-place re-POST unless loxilb
 * forbids the change, in which case the rule is deleted and created again (once per new shape).
 */
import type { LoxiLBClient } from "../api/client";
import { formatRuleKey, type LoadbalanceEntry, type RuleKey } from "../api/model";
import { ruleKeyFor, ruleName } from "../translate/rule";
import { planRuleWrite } from "../translate/plan";
import { nextSequence, processState } from "../runtime/process-state";
import { DEFAULT_GATHER, enqueueBatched, type GatherWindow } from "./batch-queue";
import { canonicalIp } from "../api/ip";
import { composeRule } from "./compose";
import { listRulesCoalesced } from "./read-cache";
import { findRule } from "./find-rule";
import type { MemberWrite } from "./rule-facts";

/** What happened to the rule for one member write. */
export interface WriteOutcome {
  readonly key: string;
  readonly ruleName: string;
  readonly action: "create" | "update" | "recreate" | "delete" | "none";
  /** The rule as loxilb lists it after the write (undefined when it does not exist). */
  readonly live: LoadbalanceEntry | undefined;
}

/** A connection: the client and a stable id for coalescing reads and queues per loxilb target. */
export interface RuleTarget {
  readonly client: LoxiLBClient;
  readonly id: string;
}

/**
 * Queue a member's write for its rule and wait for the batch it lands in. `gather` is how long the
 * batch waits for more writes (0: writes queued in the same tick share the batch, nothing more).
 * `step` names the engine step (resource operation) the write serves; several writes of one step
 * (a `Members` resource) occupy one of the engine's `--parallel` slots.
 */
export function writeMemberRule(
  target: RuleTarget,
  write: MemberWrite,
  gather: GatherWindow | number = DEFAULT_GATHER,
  step: string = write.memberId,
): Promise<WriteOutcome> {
  const key = ruleKeyFor(write.facts.lb, write.facts.listener);
  const queueKey = `${target.id}|${formatRuleKey(key)}`;
  return enqueueBatched<MemberWrite, WriteOutcome>(
    queueKey,
    write,
    async (qk, batch) => {
      const outcome = await flushRule(target, qk, key, batch);
      return batch.map(() => outcome);
    },
    gather,
    step,
  );
}

async function flushRule(
  target: RuleTarget,
  queueKey: string,
  key: RuleKey,
  batch: readonly MemberWrite[],
): Promise<WriteOutcome> {
  const state = processState();
  const notBefore = state.lastWrite.get(queueKey) ?? 0;
  const rules = await listRulesCoalesced(target.id, () => target.client.listLoadBalancers(), notBefore);
  const live = findRule(rules, key);
  const claimKey = (ip: string, port: number) => `${queueKey}|${canonicalIp(ip)}|${port}`;
  const composed = composeRule(live, batch, (w) => {
    const holder = state.claims.get(claimKey(w.address, w.port));
    return holder !== undefined && holder !== w.memberId;
  });
  const { facts } = composed;
  const name = ruleName(facts.lbId, facts.listenerId);
  const adopt = batch.some((w) => w.adopt);
  let desired = composed.desired;
  if (desired !== undefined && live !== undefined && live.serviceArguments.name !== name) {
    if (!adopt) throw new KeyHeldError(key, live.serviceArguments.name ?? "");
    desired = {
      ...desired,
      serviceArguments: { ...desired.serviceArguments, name: live.serviceArguments.name ?? "" },
    };
  }
  // Probe timing and idle-timeout changes are invisible in GET: the member's spec diff says so.
  const unseen = batch.some((w) => w.recreate) && state.appliedShape.get(queueKey) !== shapeOf(desired);
  const plan = planRuleWrite(
    live,
    desired,
    unseen ? { unseenChanges: ["spec: probe timing or idle timeout"] } : {},
  );
  const action = replicatedAction(target, plan.action, desired, batch);
  await execute(target.client, key, live, desired, action);
  if (action !== "none" && action !== "delete") state.appliedShape.set(queueKey, shapeOf(desired));
  state.lastWrite.set(queueKey, nextSequence());
  for (const w of batch) {
    const ck = claimKey(w.address, w.port);
    if (w.op === "upsert") state.claims.set(ck, w.memberId);
    else if (state.claims.get(ck) === w.memberId) state.claims.delete(ck);
  }
  const after =
    action === "none"
      ? live
      : findRule(
          await listRulesCoalesced(
            target.id,
            () => target.client.listLoadBalancers(),
            state.lastWrite.get(queueKey),
          ),
          key,
        );
  return { key: formatRuleKey(key), ruleName: after?.serviceArguments.name ?? name, action, live: after };
}

async function execute(
  client: LoxiLBClient,
  key: RuleKey,
  live: LoadbalanceEntry | undefined,
  desired: LoadbalanceEntry | undefined,
  action: WriteOutcome["action"],
): Promise<void> {
  const del = () =>
    client.deleteLoadBalancerRule(key.externalIP, key.port, key.protocol, {
      portMax: key.portMax ?? 0,
      block: key.block ?? 0,
      bgp: live?.serviceArguments.bgp ?? false,
    });
  if (action === "delete" || action === "recreate") await del();
  if ((action === "create" || action === "update" || action === "recreate") && desired !== undefined) {
    await client.createLoadBalancer(desired);
  }
}

/**
 * With `replication: "all"` the live rule was read from one instance only, and HA instances do not
 * copy rules to each other: an instance that missed earlier writes may still lack the change. So a
 * write the first instance does not need is sent anyway (instances that have it answer 409
 * `lbrule-exists`, which is success; a DELETE of a missing rule answers 404, also success).
 */
function replicatedAction(
  target: RuleTarget,
  action: WriteOutcome["action"],
  desired: LoadbalanceEntry | undefined,
  batch: readonly MemberWrite[],
): WriteOutcome["action"] {
  if (action !== "none" || target.client.options.replication !== "all") return action;
  if (desired !== undefined && batch.some((w) => w.op === "upsert")) return "update";
  return desired === undefined ? "delete" : action;
}

/**
 * The fields loxilb cannot change in place or does not show in GET, as one comparable string: once a
 * rule with this shape was written, later batches of the same change need no second recreate.
 */
function shapeOf(rule: LoadbalanceEntry | undefined): string {
  if (rule === undefined) return "";
  const sa = rule.serviceArguments;
  const sources = (rule.allowedSources ?? []).map((s) => s.prefix);
  return JSON.stringify([
    sa.name,
    sa.monitor,
    sa.probeTimeout,
    sa.probeRetries,
    sa.inactiveTimeOut,
    sa.bgp,
    sources,
  ]);
}

/** A rule with this key exists under a name this stack does not own, and the listener does not adopt it. */
export class KeyHeldError extends Error {
  constructor(
    readonly key: RuleKey,
    readonly heldBy: string,
  ) {
    super(
      `the LoxiLB rule ${formatRuleKey(key)} already exists under the name "${heldBy}", which this stack did not create; ` +
        `set adopt: true on the listener to take it over, or choose another VIP, port or protocol`,
    );
    this.name = "KeyHeldError";
  }
}
