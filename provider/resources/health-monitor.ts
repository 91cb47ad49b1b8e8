/**
 * `HealthMonitor`: the pool's probe. LoxiLB keeps probe settings on the rule (and does not return
 * the timing in GET), so the monitor's spec travels to every member, declared before or after them,
 * and members write it; this resource validates it and reports whether the live rule is monitored.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkHealthMonitor } from "../octavia/check";
import { randomUUID } from "crypto";
import type { LoadbalanceEntry } from "../api/model";
import { probeFor } from "../translate/rule";
import { knownParentSpecs, listenerSpecOf } from "./facts";
import type { Bag, KindHandlers } from "./handler-kit";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import { pick, type Lifecycle } from "./lifecycle";
import type { Pool } from "./pool";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";
import { keyText } from "./status-reads";
import { declare, driftNote, noteDeclaration, rulesPerInstance, withdraw } from "./rule-access";
import { ruleActionForOwnChange } from "./rule-effects";

export interface HealthMonitorArgs {
  /** The pool to monitor (one monitor per pool). Changing it replaces the monitor. */
  pool: Pool;
  /** TCP, UDP-CONNECT, SCTP or PING (HTTP, HTTPS and TLS-HELLO are rejected). Changing it replaces the monitor. */
  type: pulumi.Input<"TCP" | "UDP-CONNECT" | "SCTP" | "PING" | "HTTP" | "HTTPS" | "TLS-HELLO">;
  /** Seconds between probes: LoxiLB `probeTimeout` (its probe interval). */
  delay: pulumi.Input<number>;
  /** Seconds a probe may take (Octavia); LoxiLB has no per-probe timeout, kept for reference. */
  timeout: pulumi.Input<number>;
  /** 1..10 successes to go up (Octavia); LoxiLB goes up on one success, kept for reference. */
  maxRetries: pulumi.Input<number>;
  /** 1..10 failures to go down (default 3): LoxiLB `probeRetries`. */
  maxRetriesDown?: pulumi.Input<number>;
  httpMethod?: pulumi.Input<string>;
  urlPath?: pulumi.Input<string>;
  expectedCodes?: pulumi.Input<string>;
  httpVersion?: pulumi.Input<string>;
  domainName?: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  /** false turns probing off on the rule (default true). */
  adminStateUp?: pulumi.Input<boolean>;
}

export const MONITOR_SPEC_KEYS = [
  "type",
  "delay",
  "timeout",
  "maxRetries",
  "maxRetriesDown",
  "httpMethod",
  "urlPath",
  "expectedCodes",
  "httpVersion",
  "domainName",
  "name",
  "adminStateUp",
] as const;

export const healthMonitorLifecycle: Lifecycle = {
  inputKeys: [
    ...MONITOR_SPEC_KEYS,
    "poolId",
    "listenerId",
    "loadbalancerId",
    "loadbalancer",
    "listener",
    "pool",
    "rule",
    "connection",
    "providerVersion",
  ],
  replaceOn: ["type", "poolId"],
  ignore: ["loadbalancer", "listener", "pool"],
  transient: ["rule"],
};

/** An Octavia-shaped health monitor on LoxiLB. */
export class HealthMonitor extends pulumi.dynamic.Resource {
  declare readonly type: pulumi.Output<string>;
  declare readonly delay: pulumi.Output<number>;
  declare readonly timeout: pulumi.Output<number>;
  declare readonly maxRetries: pulumi.Output<number>;
  declare readonly maxRetriesDown: pulumi.Output<number | undefined>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly adminStateUp: pulumi.Output<boolean | undefined>;
  declare readonly poolId: pulumi.Output<string>;
  declare readonly listenerId: pulumi.Output<string>;
  declare readonly loadbalancerId: pulumi.Output<string>;
  declare readonly provisioningStatus: pulumi.Output<string>;
  declare readonly operatingStatus: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;
  /** `recreate` when the last change needed the rule deleted and created again (probe timing). */
  declare readonly loxilbRuleAction: pulumi.Output<string | undefined>;
  /** Differences a refresh found between the rule LoxiLB holds and this monitor (per instance). */
  declare readonly loxilbDrift: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: HealthMonitorArgs, opts?: pulumi.CustomResourceOptions) {
    requireParent<Pool>(
      args.pool,
      `HealthMonitor "${name}"`,
      "pool",
      "the Pool it monitors",
      "registerMonitor",
    );
    const own: Record<string, pulumi.Input<unknown>> = {};
    for (const k of MONITOR_SPEC_KEYS) if (args[k] !== undefined) own[k] = args[k];
    args.pool.registerMonitor(own, `HealthMonitor "${name}"`);
    super(
      providerFor("healthmonitor", PROVIDER_VERSION),
      name,
      {
        ...own,
        poolId: args.pool.id,
        listenerId: args.pool.listenerId,
        loadbalancerId: args.pool.loadbalancerId,
        loadbalancer: args.pool.lbSpec,
        listener: args.pool.listenerSpec,
        pool: args.pool.spec,
        rule: args.pool.rule,
        connection: args.pool.connectionInput,
        providerVersion: PROVIDER_VERSION,
        provisioningStatus: undefined,
        operatingStatus: undefined,
        loxilbRuleAction: undefined,
        loxilbDrift: undefined,
      },
      opts,
      TYPE_MODULE,
      "HealthMonitor",
    );
  }
}

/** Provider-side handlers. */
export const healthMonitorHandlers: KindHandlers = {
  lifecycle: healthMonitorLifecycle,
  resourceType: "HealthMonitor",
  label: (bag) => `of ${keyText(bag)}`,
  check(news, olds) {
    const { listener, pool } = knownParentSpecs(news);
    const r = checkHealthMonitor(pick(news, MONITOR_SPEC_KEYS), {
      ...(listener !== undefined ? { listener } : {}),
      ...(pool !== undefined ? { pool } : {}),
    });
    noteDeclaration(news, idsOf(news));
    return {
      failures: r.ok ? [] : r.failures,
      extra: ruleActionForOwnChange("healthmonitor", MONITOR_SPEC_KEYS, olds, news),
    };
  },
  async create(inputs) {
    const outcome = await declare(inputs, idsOf(inputs), [], {});
    return { id: randomUUID(), outs: status(inputs, outcome?.live) };
  },
  async update(_id, olds, news) {
    const outcome = await declare(news, idsOf(news), unseenOwnChanges(olds, news), {});
    return status(news, outcome?.live);
  },
  async read(_id, props) {
    const seen = await rulesPerInstance(props);
    const drift = monitorDrift(props, seen);
    return { ...status(props, seen[0]?.rule), ...drift };
  },
  async remove(_id, props) {
    // With the pool still declared, its declaration (without this monitor) is written; else nothing
    // of this monitor outlives the rule, which its pool or listener removes.
    await withdraw(props, idsOf(props), [], {});
  },
};

const idsOf = (bag: Bag) => ({ lbId: String(bag["loadbalancerId"]), listenerId: String(bag["listenerId"]) });

/** Probe timing is invisible in GET; this monitor's own record says whether it changed. */
function unseenOwnChanges(olds: Bag, news: Bag): string[] {
  const fields = ["delay", "maxRetriesDown"] as const;
  return fields.filter((f) => olds[f] !== news[f]).map((f) => `health monitor ${f}`);
}

function status(bag: Bag, rule: LoadbalanceEntry | undefined): Bag {
  const monitored = rule?.serviceArguments.monitor === true;
  const operatingStatus =
    bag["adminStateUp"] === false ? "OFFLINE" : monitored || rule === undefined ? "ONLINE" : "ERROR";
  return { provisioningStatus: "ACTIVE", operatingStatus };
}

const TYPE_OF_PROBE: Record<string, string> = { tcp: "TCP", udp: "UDP-CONNECT", sctp: "SCTP", ping: "PING" };

/**
 * The monitor's facets as LoxiLB holds them, where they differ: whether the rule probes at all
 * (`adminStateUp`) and the probe type. An undrifted rule reads back as the inputs.
 */
function monitorDrift(
  props: Bag,
  seen: ReadonlyArray<{ instance: string | undefined; rule: LoadbalanceEntry | undefined }>,
): Bag {
  const own = checkHealthMonitor(pick(props, MONITOR_SPEC_KEYS), {});
  if (!own.ok || !own.known) return {};
  const listener = listenerSpecOf(props);
  const want = probeFor(listener, own.spec);
  const notes: string[] = [];
  const out: Bag = {};
  for (const { instance, rule } of seen) {
    if (rule === undefined) continue;
    const sa = rule.serviceArguments;
    if ((sa.monitor === true) !== want.monitor) {
      out["adminStateUp"] = sa.monitor === true;
      notes.push(
        driftNote(
          instance,
          `probing ${sa.monitor === true ? "on" : "off"}, declared ${want.monitor ? "on" : "off"}`,
        ),
      );
      continue;
    }
    const liveType = sa.probetype ?? "";
    const wantType = want.probetype ?? "";
    if (want.monitor && liveType !== "" && wantType !== "" && liveType !== wantType) {
      out["type"] = TYPE_OF_PROBE[liveType] ?? liveType;
      notes.push(driftNote(instance, `probe type ${liveType}, declared ${wantType}`));
    }
  }
  return { ...out, loxilbDrift: notes.length > 0 ? notes : undefined };
}
