/**
 * `Listener`'s provider side: its check (its args against its load balancer's, and the whole rule
 * declaration it is the first to write), its writes (named `octavia-<lbId>-<listenerId>`, refused on
 * a key another rule holds unless `adopt` is set) and its reads (status, allowed sources and NAT
 * mode as LoxiLB holds them). The class is in `program/listener.ts`.
 */
import { randomUUID } from "crypto";
import { formatRuleKey, type LoadbalanceEntry } from "../api/model";
import { checkListener } from "../octavia/check";
import { DeclarationError, ruleSpecOfText } from "../rules/declaration";
import { ruleName } from "../api/rule-identity";
import { allowedSourcesFor } from "../translate/rule";
import { listenerOperatingStatus } from "../translate/status";
import { listenerContract, type ListenerState } from "../contracts/listener";
import { pick } from "../contracts/lifecycle";
import { ruleActionForOwnChange } from "./rule-effects";
import { knownParentSpecs, lbSpecOf, listenerSpecOf } from "./parent-specs";
import { defineHandlers, type Bag, type Failure } from "./handler-kit";
import { declare, driftNote, keyOfBag, noteDeclaration, rulesPerInstance, withdraw } from "./rule-access";
import { keyText, ruleStatus } from "./status-reads";

const LISTENER_KEYS = listenerContract.ownKeys;

/** Provider-side handlers. */
export const listenerHandlers = defineHandlers({
  contract: listenerContract,
  label: (state) => keyText(located(state)),
  check(news, olds) {
    const { loadbalancer } = knownParentSpecs(news);
    const r = checkListener(pick(news, LISTENER_KEYS), loadbalancer !== undefined ? { loadbalancer } : {});
    // The listener's own id is not known before create: children record the declaration with it.
    const failures = [...(r.ok ? [] : r.failures), ...declarationFailures(news)];
    return { failures, extra: ruleActionForOwnChange("listener", LISTENER_KEYS, olds, news) };
  },
  async create(inputs) {
    const id = randomUUID();
    const outcome = await declare(located(inputs), idsOf(id, inputs), [], {});
    return { id, outs: describe(id, inputs, outcome?.live) };
  },
  async update(id, olds, news) {
    noteDeclaration(located(news), idsOf(id, news));
    const outcome = await declare(located(news), idsOf(id, news), unseenOwnChanges(olds, news), {});
    return describe(id, news, outcome?.live);
  },
  async read(id, props) {
    const seen = await rulesPerInstance(located(props));
    const drift = listenerDrift(located(props), seen);
    return { ...describe(id, props, seen[0]?.rule), ...drift };
  },
  async remove(id, props) {
    await withdraw(located(props), idsOf(id, props), "all", {});
  },
});

const idsOf = (id: string, bag: Bag) => ({ lbId: String(bag["loadbalancerId"]), listenerId: id });

/** The listener's bag in the shape its children's have (its own spec under `listener`), to locate the rule. */
const located = (bag: Bag): Bag => ({ ...bag, listener: pick(bag, LISTENER_KEYS) });

/**
 * The listener is the first writer the engine reaches, so its check refuses a declaration whose pool,
 * monitor or members LoxiLB could not take, naming the resource that declared the value, the field
 * and the value, before anything is written (the load balancer's and its own fields are reported by
 * their own checks).
 */
function declarationFailures(news: Bag): Failure[] {
  try {
    ruleSpecOfText(news["rule"], "-", "-");
    return [];
  } catch (e) {
    if (!(e instanceof DeclarationError))
      return [{ property: "rule", reason: String(e instanceof Error ? e.message : e) }];
    return e.problems
      .filter((p) => /^(pool|healthMonitor|members)\b/.test(p.property))
      .map((p) => ({ property: `rule.${p.property}`, reason: p.message }));
  }
}

/** Idle-timeout changes are invisible in GET; this listener's own record says whether they changed. */
function unseenOwnChanges(olds: ListenerState, news: ListenerState): string[] {
  const fields = ["timeoutClientData", "timeoutMemberData"] as const;
  return fields.some((f) => olds[f] !== news[f]) ? ["listener idle timeout"] : [];
}

function describe(id: string, state: ListenerState, rule: LoadbalanceEntry | undefined): Bag {
  const key = keyOfBag(located(state));
  const name = ruleName(state.loadbalancerId, id);
  const heldBy = rule?.serviceArguments.name ?? name;
  return {
    ruleKey: formatRuleKey(key),
    ruleName: state.adopt === true && rule !== undefined ? heldBy : name,
    provisioningStatus: "ACTIVE",
    // Octavia: a listener is ONLINE while its rule is programmed, whatever its pool's health.
    operatingStatus: listenerOperatingStatus(
      rule === undefined ? [] : [ruleStatus(rule, true)],
      state.adminStateUp !== false,
    ),
  };
}

/**
 * The listener's facets as LoxiLB holds them, where they differ: allowed sources and the NAT mode
 * (the load balancer's, written through this listener). An undrifted rule reads back as the inputs.
 */
function listenerDrift(
  props: Bag & { loadbalancer?: Bag },
  seen: ReadonlyArray<{ instance: string | undefined; rule: LoadbalanceEntry | undefined }>,
): Bag {
  const listener = listenerSpecOf(props);
  const lb = lbSpecOf(props);
  const want = allowedSourcesFor(listener).map((s) => s.prefix);
  const notes: string[] = [];
  const out: Bag = {};
  for (const { instance, rule } of seen) {
    if (rule === undefined) continue;
    const have = (rule.allowedSources ?? []).map((s) => s.prefix);
    if (JSON.stringify([...have].sort()) !== JSON.stringify([...want].sort())) {
      out["allowedCidrs"] = have;
      notes.push(
        driftNote(instance, `allowed sources ${JSON.stringify(have)}, declared ${JSON.stringify(want)}`),
      );
    }
    const mode = rule.serviceArguments.mode ?? "dnat";
    if (mode !== lb.natMode) {
      out["loadbalancer"] = { ...props.loadbalancer, natMode: mode };
      notes.push(driftNote(instance, `NAT mode ${mode}, declared ${lb.natMode}`));
    }
  }
  return notes.length > 0 ? { ...out, loxilbDrift: notes } : { loxilbDrift: undefined };
}
