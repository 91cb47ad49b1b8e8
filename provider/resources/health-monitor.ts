/**
 * `HealthMonitor`: the pool's probe. LoxiLB keeps probe settings on the rule (and does not return
 * the timing in GET), so the monitor's spec travels to every member, declared before or after them,
 * and members write it; this resource validates it and reports whether the live rule is monitored.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkHealthMonitor } from "../octavia/check";
import { knownParentSpecs } from "./facts";
import { statusOnlyHandlers, type Bag, type KindHandlers } from "./handler-kit";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import { pick, type Lifecycle } from "./lifecycle";
import type { Pool } from "./pool";
import { providerFor } from "./provider-shim";
import { listenerRule } from "./status-reads";

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
    "connection",
    "providerVersion",
  ],
  replaceOn: ["type", "poolId"],
  ignore: ["loadbalancer", "listener", "pool"],
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

  constructor(name: string, args: HealthMonitorArgs, opts?: pulumi.CustomResourceOptions) {
    const own: Record<string, pulumi.Input<unknown>> = {};
    for (const k of MONITOR_SPEC_KEYS) if (args[k] !== undefined) own[k] = args[k];
    args.pool.registerMonitor(pulumi.output(own), `HealthMonitor "${name}"`);
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
        connection: args.pool.connectionInput,
        providerVersion: PROVIDER_VERSION,
        provisioningStatus: undefined,
        operatingStatus: undefined,
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
  check(news) {
    const { listener, pool } = knownParentSpecs(news);
    const r = checkHealthMonitor(pick(news, MONITOR_SPEC_KEYS), {
      ...(listener !== undefined ? { listener } : {}),
      ...(pool !== undefined ? { pool } : {}),
    });
    return { failures: r.ok ? [] : r.failures };
  },
  ...statusOnlyHandlers(status),
  async remove() {
    // Members carry the monitor; they rewrite the rule without it in the same deployment.
  },
};

async function status(bag: Bag): Promise<Bag> {
  const rule = await listenerRule(bag);
  const monitored = rule?.serviceArguments.monitor === true;
  const operatingStatus =
    bag["adminStateUp"] === false ? "OFFLINE" : monitored || rule === undefined ? "ONLINE" : "ERROR";
  return { provisioningStatus: "ACTIVE", operatingStatus };
}
