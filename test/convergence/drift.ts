/**
 * Out-of-band changes to LoxiLB, made over its HTTP API behind Pulumi's back: a rule deleted, an
 * endpoint weight, the algorithm (`sel`) or the NAT mode (`mode`) changed by re-POSTing a modified
 * rule, an HA instance wiped, an instance restarted without state. After one, the test runs
 * `refresh` then `up`, which must bring every instance back to what a fresh `up` writes.
 */
import { deletePath, postRule } from "./emulators";
import { keyOfSa, type Instances } from "./instances";
import { hasRule, ruleKey, type StackModel } from "./model";

export type Drift =
  | { readonly kind: "deleteRule"; readonly listener: number; readonly instance: number }
  | {
      readonly kind: "weight";
      readonly listener: number;
      readonly endpoint: number;
      readonly instance: number;
    }
  | { readonly kind: "sel"; readonly listener: number; readonly shift: number; readonly instance: number }
  | { readonly kind: "mode"; readonly listener: number; readonly instance: number }
  | { readonly kind: "wipe"; readonly instance: number }
  | { readonly kind: "restart"; readonly instance: number };

type Bag = Record<string, unknown>;

/** The listener a rule drift targets, when it has a rule in the model. */
function target(stack: StackModel, listener: number) {
  if (stack.listeners.length === 0) return undefined;
  const l = stack.listeners[listener % stack.listeners.length]!;
  return hasRule(stack, l) ? l : undefined;
}

/** Whether `d` can drift anything in a deployment of `stack` (rule drifts need the rule). */
export function driftApplies(stack: StackModel, d: Drift): boolean {
  if (d.kind === "wipe" || d.kind === "restart") return stack.listeners.some((l) => hasRule(stack, l));
  return target(stack, d.listener) !== undefined;
}

async function liveRule(emus: Instances, instance: number, key: string): Promise<Bag | undefined> {
  return (await emus.liveRules(instance)).find((r) => keyOfSa(r["serviceArguments"] as Bag) === key);
}

/** A copy of `rule` with its service arguments changed by `f`. */
const withArgs = (rule: Bag, f: (sa: Bag) => Bag): Bag => ({
  ...rule,
  serviceArguments: f({ ...(rule["serviceArguments"] as Bag) }),
});

/** `sel` values: rr, hash, priority, persist, lc. */
const SELS = [0, 1, 2, 3, 4];

function modified(d: Drift, rule: Bag): Bag | undefined {
  switch (d.kind) {
    case "weight": {
      const eps = (rule["endpoints"] as Bag[] | null) ?? [];
      if (eps.length === 0) return undefined;
      const at = d.endpoint % eps.length;
      const endpoints = eps.map((e, i) => (i === at ? { ...e, weight: Number(e["weight"]) + 7 } : e));
      return { ...rule, endpoints };
    }
    case "sel":
      return withArgs(rule, (sa) => {
        const now = Number(sa["sel"] ?? 0);
        return { ...sa, sel: SELS[(now + 1 + (d.shift % 4)) % SELS.length] };
      });
    case "mode":
      return withArgs(rule, (sa) => ({ ...sa, mode: Number(sa["mode"] ?? 0) === 0 ? 2 : 0 }));
    default:
      return undefined;
  }
}

/** Make the change; returns what was done, for the step's log. */
export async function applyDrift(emus: Instances, stack: StackModel, d: Drift): Promise<string> {
  const instance = d.instance % emus.count;
  const url = emus.urls[instance]!;
  if (d.kind === "wipe") {
    await deletePath(url, "/config/loadbalancer/all");
    return `wiped instance ${instance}`;
  }
  if (d.kind === "restart") {
    await emus.restart(instance);
    return `restarted instance ${instance} without state`;
  }
  const l = target(stack, d.listener);
  const rule = l === undefined ? undefined : await liveRule(emus, instance, ruleKey(l));
  if (l === undefined || rule === undefined) return "no rule to drift";
  const sa = rule["serviceArguments"] as Bag;
  if (d.kind === "deleteRule") {
    await deletePath(
      url,
      `/config/loadbalancer/externalipaddress/${String(sa["externalIP"])}/port/${l.port}/protocol/${String(sa["protocol"])}`,
    );
    return `deleted ${ruleKey(l)} on instance ${instance}`;
  } // Like an operator who re-applies a rule: probe timing (which GET hides) is carried over, so the
  // drift is only the visible change. (A re-POST without it resets it where neither GET nor a refresh
  // can see it: a loss no tool could notice.)
  const timing = await emus.probeTiming(instance, ruleKey(l));
  const next = modified(
    d,
    withArgs(rule, (a) => ({ ...a, ...timing })),
  );
  if (next === undefined) return "nothing to drift";
  const ok = await postRule(url, next);
  return `${ok ? "re-POSTed" : "re-POST refused:"} ${ruleKey(l)} on instance ${instance} with ${d.kind} changed`;
}

export function showDrift(d: Drift): string {
  const { kind, ...rest } = d;
  return `drift:${kind}(${Object.entries(rest)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(", ")})`;
}
