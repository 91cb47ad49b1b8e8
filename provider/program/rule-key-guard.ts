/**
 * Program-side: one LoxiLB rule key, one listener. LoxiLB keys a rule by (VIP, port[, portMax], L4
 * protocol), so TCP:80 and HTTP:80 on one VIP, or two load balancers sharing a VIP (in any spelling),
 * are the same rule. Each listener's declaration waits for this check, which runs once the program's
 * synchronous declarations are done and compares the listener's key with every other listener's of
 * the stack: a collision fails both at program time, before anything is registered that could write.
 */
import * as pulumi from "@pulumi/pulumi";
import { canonicalIp } from "../api/ip";
import { formatRuleKey, ruleKeyOf } from "../api/model";
import { l4Protocol } from "../translate/rule";

interface Entry {
  readonly what: string;
  readonly key: pulumi.Output<string | undefined>;
}

const GUARD = Symbol.for("pulumi-loxilb.rule-key-guard");

/**
 * The listeners of the program run in progress. The Automation API runs inline programs several
 * times in one process (preview, then up), each in its own Pulumi run store, so the registry hangs
 * off that store (an internal of @pulumi/pulumi; without it, off the process).
 */
function entries(): Entry[] {
  const g = globalThis as unknown as Record<symbol, WeakMap<object, Entry[]> | undefined>;
  const byRun = (g[GUARD] ??= new WeakMap());
  const run = currentRun();
  let list = byRun.get(run);
  if (list === undefined) {
    list = [];
    byRun.set(run, list);
  }
  return list;
}

const PROCESS_RUN = {};

function currentRun(): object {
  try {
    const state = require("@pulumi/pulumi/runtime/state") as { getStore?: () => unknown };
    const store = state.getStore?.();
    return typeof store === "object" && store !== null ? store : PROCESS_RUN;
  } catch {
    return PROCESS_RUN;
  }
}

/** The rule key text of a listener's raw args, or undefined when they are not usable (check says why). */
export function listenerKeyText(
  vip: unknown,
  protocol: unknown,
  port: unknown,
  portMax: unknown,
): string | undefined {
  if (typeof vip !== "string" || typeof protocol !== "string" || typeof port !== "number") return undefined;
  let ip: string;
  try {
    ip = canonicalIp(vip);
  } catch {
    return undefined;
  }
  const max = typeof portMax === "number" && portMax !== port ? portMax : 0;
  const proto = l4Protocol(protocol as Parameters<typeof l4Protocol>[0]);
  return formatRuleKey(ruleKeyOf({ externalIP: ip, port, protocol: proto, portMax: max }));
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Register a listener's key; the result resolves (to the key text) once every listener declared so
 * far is known, and fails with both names and the key when another listener has the same key.
 */
export function guardRuleKey(
  what: string,
  key: pulumi.Output<string | undefined>,
): pulumi.Output<string | undefined> {
  const all = entries();
  const self: Entry = { what, key };
  all.push(self);
  const sealed: pulumi.Output<void> = pulumi.output(nextMacrotask()) as pulumi.Output<void>;
  return sealed.apply(() => {
    const others = all.filter((e) => e !== self);
    const keys: Array<pulumi.Output<string | undefined>> = [key, ...others.map((e) => e.key)];
    return pulumi.all(keys).apply(([mine, ...theirs]) => {
      const clash = others.find((_, i) => mine !== undefined && theirs[i] === mine);
      if (clash !== undefined) {
        throw new Error(
          `${what} and ${clash.what} both map to the LoxiLB rule ${mine}: LoxiLB keys a rule by VIP, port ` +
            "and L4 protocol (HTTP and HTTPS listeners are TCP), so one of them must use another VIP, port or protocol",
        );
      }
      return mine;
    });
  });
}
