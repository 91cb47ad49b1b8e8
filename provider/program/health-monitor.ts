/**
 * `HealthMonitor`: the pool's probe. LoxiLB keeps probe settings on the rule (and does not return
 * the timing in GET), so the monitor's spec travels to every member, declared before or after them,
 * and members write it; this resource validates it and reports whether the live rule is monitored.
 */
import * as pulumi from "@pulumi/pulumi";
import { healthMonitorContract as contract } from "../contracts/health-monitor";
import { outputPlaceholders, ownFields, type ArgsOf, type ResourceOutputsOf } from "../contracts/contract";
import { PROVIDER_VERSION, TYPE_MODULE } from "../contracts/kinds";
import type { Pool } from "./pool";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";

export type HealthMonitorArgs = ArgsOf<typeof contract.own> & {
  /** The pool to monitor (one monitor per pool). Changing it replaces the monitor. */
  pool: Pool;
};

// The class's output properties come from the contract (Pulumi sets one per registered prop).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface HealthMonitor extends ResourceOutputsOf<typeof contract> {}

/** An Octavia-shaped health monitor on LoxiLB. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class HealthMonitor extends pulumi.dynamic.Resource {
  constructor(name: string, args: HealthMonitorArgs, opts?: pulumi.CustomResourceOptions) {
    requireParent<Pool>(args.pool, `HealthMonitor "${name}"`, "pool", "the Pool it monitors", "declaration");
    const own = ownFields(contract, args);
    args.pool.declaration.addMonitor(`HealthMonitor "${name}"`, own);
    super(
      providerFor(contract.kind, PROVIDER_VERSION),
      name,
      {
        ...own,
        ...args.pool.childInputs(),
        ...outputPlaceholders(contract),
      },
      opts,
      TYPE_MODULE,
      contract.typeName,
    );
  }
}
