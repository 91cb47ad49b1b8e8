/**
 * The rule writer: every resource that owns a facet of a LoxiLB rule (listener, pool, health monitor,
 * members) sends a {@link RuleRequest} here when that facet changes. Requests for one rule key are
 * serialized and coalesced (one batch → at most one write per instance). A batch is resolved to the
 * one rule the current deployment declares (or, for deletes with no declaration in this deployment,
 * the live rule minus what is withdrawn), planned against each instance's live rule as an in-place
 * re-POST unless loxilb forbids the change, executed, and verified by re-reading what was written.
 */
import type { LoxiLBClient } from "../api/client";
import { safeUrl } from "../api/redact";
import { ReplicationError, type LoxiLBError } from "../api/errors";
import { formatRuleKey, type LoadbalanceEntry, type RuleKey } from "../api/model";
import { endpointKey, findRule, isRuleOfLoadBalancer, ruleName } from "../api/rule-identity";
import { desiredRule, ruleKeyFor } from "../translate/rule";
import { planRuleWrite, type RuleWriteAction } from "../translate/plan";
import { nextSequence, processState } from "../runtime/process-state";
import { DEFAULT_GATHER, joinBatch, type GatherWindow } from "./batch-queue";
import { listRulesCoalesced } from "./read-cache";
import type { RuleSpec } from "../translate/rule";

/** A connection: the client and a stable id for coalescing reads and queues per loxilb target. */
export interface RuleTarget {
  readonly client: LoxiLBClient;
  readonly id: string;
}

/**
 * The rule as this deployment declares it, in full. `unseen` lists changes the sender knows of from
 * its own record that GET cannot show (probe timing, idle timeout): alone they force a recreate.
 */
export interface DeclareRequest {
  readonly kind: "declare";
  readonly spec: RuleSpec;
  readonly unseen: readonly string[];
}

/**
 * A delete in a deployment that does not declare this rule: take `endpoints` (or the whole rule) out
 * of the live rule named `name`. A rule under another name is left alone unless `adopted`.
 */
export interface WithdrawRequest {
  readonly kind: "withdraw";
  readonly key: RuleKey;
  readonly name: string;
  readonly adopted: boolean;
  readonly endpoints: ReadonlyArray<{ readonly ip: string; readonly port: number }> | "all";
}

export type RuleRequest = DeclareRequest | WithdrawRequest;

/** What one instance holds after the write. */
export interface InstanceResult {
  /** The API endpoint, or undefined for the failover target (no replication). */
  readonly instance: string | undefined;
  readonly action: RuleWriteAction;
  readonly live: LoadbalanceEntry | undefined;
}

/** What happened to the rule. */
export interface WriteOutcome {
  readonly key: string;
  readonly ruleName: string;
  /** The strongest action taken on any instance. */
  readonly action: RuleWriteAction;
  /** The rule as the first instance lists it after the write (undefined when it does not exist). */
  readonly live: LoadbalanceEntry | undefined;
  readonly instances: readonly InstanceResult[];
}

const keyOfRequest = (r: RuleRequest): RuleKey =>
  r.kind === "declare" ? ruleKeyFor(r.spec.lb, r.spec.listener) : r.key;

/** The queue (and read-cache) key of a rule on a target. */
const ruleQueueKey = (target: RuleTarget, key: RuleKey): string => `${target.id}|${formatRuleKey(key)}`;

/**
 * Queue a request for its rule and wait for the batch it lands in. `gather` is how long the batch
 * waits for more requests; `step` names the engine step the request serves (several requests of one
 * step occupy one of the engine's `--parallel` slots).
 */
export async function writeRule(
  target: RuleTarget,
  request: RuleRequest,
  step: unknown = {},
  gather: GatherWindow | number = DEFAULT_GATHER,
): Promise<WriteOutcome> {
  const key = keyOfRequest(request);
  const turn = await joinBatch<RuleRequest, WriteOutcome>(ruleQueueKey(target, key), request, gather, step);
  if (!turn.lead) return turn.result;
  try {
    const outcome = await flushRule(target, ruleQueueKey(target, key), key, turn.batch);
    turn.settle(turn.batch.map(() => outcome));
    return outcome;
  } catch (e) {
    turn.fail(e);
    throw e;
  }
}

const instanceOf = (instance: string | undefined) => instance ?? "failover";
/** Where this process keeps per-instance records of one rule (last write, last shape written). */
const instanceId = (queueKey: string, instance: string | undefined) => `${queueKey}@${instanceOf(instance)}`;

/** The coalesced-read source of one instance of a connection: status reads and writes share it. */
export const instanceReadSource = (targetId: string, instance: string | undefined): string =>
  `${targetId}@${instanceOf(instance)}`;

async function flushRule(
  target: RuleTarget,
  queueKey: string,
  key: RuleKey,
  batch: readonly RuleRequest[],
): Promise<WriteOutcome> {
  const instances = target.client.ruleInstances();
  const settled = await Promise.allSettled(
    instances.map((instance) => convergeInstance(target, queueKey, key, batch, instance)),
  );
  const results = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = settled.flatMap((r, i) =>
    r.status === "rejected" ? [{ endpoint: safeUrl(instances[i] ?? ""), error: asFailure(r.reason) }] : [],
  );
  if (failed.length > 0 && instances[0] === undefined) throw (settled[0] as PromiseRejectedResult).reason;
  if (failed.length > 0) {
    const succeeded = results.map((r) => safeUrl(r.instance ?? ""));
    throw new ReplicationError(`write rule ${formatRuleKey(key)}`, failed, succeeded);
  }
  const first = results[0];
  const order: RuleWriteAction[] = ["none", "update", "create", "delete", "recreate"];
  const action = results.reduce<RuleWriteAction>(
    (a, r) => (order.indexOf(r.action) > order.indexOf(a) ? r.action : a),
    "none",
  );
  const declared = batch.find((r): r is DeclareRequest => r.kind === "declare");
  const name =
    first?.live?.serviceArguments.name ??
    (declared !== undefined ? ruleName(declared.spec.lbId, declared.spec.listenerId) : "");
  return { key: formatRuleKey(key), ruleName: name, action, live: first?.live, instances: results };
}

/** An instance's failure as the replication error lists it (its message is what is shown). */
const asFailure = (e: unknown): LoxiLBError =>
  (e instanceof Error ? e : new Error(String(e))) as unknown as LoxiLBError;

/** Read, plan, write and verify one instance. */
async function convergeInstance(
  target: RuleTarget,
  queueKey: string,
  key: RuleKey,
  batch: readonly RuleRequest[],
  instance: string | undefined,
): Promise<InstanceResult> {
  const state = processState();
  const source = instanceId(queueKey, instance);
  const read = (notBefore: number) =>
    listRulesCoalesced(instanceReadSource(target.id, instance), target.client, instance, notBefore).then(
      (rules) => findRule(rules, key),
    );
  const live = await read(state.lastWrite.get(source) ?? 0);
  const desired = resolveBatch(live, batch);
  const unseen = batch.flatMap((r) => (r.kind === "declare" ? r.unseen : []));
  const shape = shapeOf(desired);
  const hints =
    unseen.length > 0 && state.appliedShape.get(source) !== shape ? { unseenChanges: unseen } : {};
  const plan = planRuleWrite(live, desired, hints);
  if (plan.action === "none") return { instance, action: "none", live };
  await execute(target.client, instance, key, live, desired, plan.action);
  let after = await read(markWritten(source));
  if (!applied(after, desired)) {
    // Acknowledged but not there (e.g. loxilb restarted between the write and the read): once more.
    await execute(target.client, instance, key, after, desired, planRuleWrite(after, desired).action);
    after = await read(markWritten(source));
    if (!applied(after, desired)) throw new RuleNotAppliedError(key, instance, desired, after);
  }
  if (desired !== undefined) state.appliedShape.set(source, shape);
  else state.appliedShape.delete(source);
  return { instance, action: plan.action, live: after };
}

function markWritten(source: string): number {
  const seq = nextSequence();
  processState().lastWrite.set(source, seq);
  return seq;
}

/** True when `after` is what was asked for (GET-visible fields; probe timing cannot be seen). */
function applied(after: LoadbalanceEntry | undefined, desired: LoadbalanceEntry | undefined): boolean {
  if (desired === undefined || desired.endpoints.length === 0) return after === undefined;
  return after !== undefined && planRuleWrite(after, desired).action === "none";
}

/**
 * The rule a batch asks for on top of `live`. A declaration is the whole truth (the newest one wins:
 * every request of one deployment carries the same declaration). Without one, withdrawals take their
 * endpoints (or everything) out of the live rule when it is theirs.
 */
function resolveBatch(
  live: LoadbalanceEntry | undefined,
  batch: readonly RuleRequest[],
): LoadbalanceEntry | undefined {
  const declares = batch.filter((r): r is DeclareRequest => r.kind === "declare");
  const newest = declares[declares.length - 1];
  if (newest !== undefined) return declaredRule(live, newest);
  if (live === undefined) return undefined;
  let endpoints = live.endpoints.map((e) => ({
    endpointIP: e.endpointIP,
    targetPort: e.targetPort,
    weight: e.weight,
  }));
  for (const w of batch) {
    if (w.kind !== "withdraw") continue;
    if (live.serviceArguments.name !== w.name && !w.adopted) continue;
    if (w.endpoints === "all") return undefined;
    const gone = new Set(w.endpoints.map((e) => endpointKey(e.ip, e.port)));
    endpoints = endpoints.filter((e) => !gone.has(endpointKey(e.endpointIP, e.targetPort)));
  }
  if (endpoints.length === 0) return undefined;
  const { serviceArguments, allowedSources } = live;
  return { serviceArguments, endpoints, ...(allowedSources !== undefined ? { allowedSources } : {}) };
}

function declaredRule(live: LoadbalanceEntry | undefined, req: DeclareRequest): LoadbalanceEntry | undefined {
  const desired = desiredRule(req.spec);
  if (live === undefined) return desired;
  const liveName = live.serviceArguments.name ?? "";
  // A rule of ours (named after this or an earlier listener of this load balancer) is ours to change;
  // an adopted rule keeps its name; any other rule at this key is not ours.
  if (isRuleOfLoadBalancer(liveName, req.spec.lbId)) return desired;
  if (req.spec.listener.adopt !== true)
    throw new KeyHeldError(ruleKeyFor(req.spec.lb, req.spec.listener), liveName);
  if (desired === undefined) return undefined;
  return { ...desired, serviceArguments: { ...desired.serviceArguments, name: liveName } };
}

async function execute(
  client: LoxiLBClient,
  instance: string | undefined,
  key: RuleKey,
  live: LoadbalanceEntry | undefined,
  desired: LoadbalanceEntry | undefined,
  action: RuleWriteAction,
): Promise<void> {
  if (action === "delete" || action === "recreate") {
    await client.deleteLoadBalancerRuleOn(instance, key.externalIP, key.port, key.protocol, {
      portMax: key.portMax ?? 0,
      block: key.block ?? 0,
      bgp: live?.serviceArguments.bgp ?? false,
    });
  }
  if ((action === "create" || action === "update" || action === "recreate") && desired !== undefined) {
    await client.createLoadBalancerOn(instance, desired);
  }
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

/** loxilb acknowledged a write, but a re-read (twice) does not show it. */
export class RuleNotAppliedError extends Error {
  constructor(
    readonly key: RuleKey,
    readonly instance: string | undefined,
    desired: LoadbalanceEntry | undefined,
    after: LoadbalanceEntry | undefined,
  ) {
    const where = instance === undefined ? "LoxiLB" : `LoxiLB instance ${safeUrl(instance)}`;
    const want = desired === undefined ? "no rule" : `${desired.endpoints.length} endpoint(s)`;
    const got = after === undefined ? "no rule" : `${after.endpoints.length} endpoint(s)`;
    super(
      `${where} acknowledged the write of rule ${formatRuleKey(key)} but does not hold it after two attempts ` +
        `(asked for ${want}, the re-read shows ${got})`,
    );
    this.name = "RuleNotAppliedError";
  }
}
