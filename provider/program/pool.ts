/**
 * `Pool`: the listener's default pool (algorithm, persistence). Its settings reach LoxiLB through
 * the rule declaration, which its members' writes carry; the per-rule queue coalesces them. Its
 * health monitor and members add their parts to the listener's declaration directly
 * (`rule-composition.ts`); the provider side is in `resources/pool.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkPool } from "../octavia/check";
import { ignoredWeightsReason } from "../translate/weights";
import { poolContract as contract } from "../contracts/pool";
import { outputPlaceholders, ownFields, type ArgsOf, type ResourceOutputsOf } from "../contracts/contract";
import { PROVIDER_VERSION, TYPE_MODULE } from "../contracts/kinds";
import type { LoxiLBConnectionArgs } from "./connection-args";
import type { Listener } from "./listener";
import type { RuleComposition } from "./rule-composition";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";

export type PoolArgs = ArgsOf<typeof contract.own> & {
  /** The listener whose default pool this is (one pool per listener). Changing it replaces the pool. */
  listener: Listener;
};

// The class's output properties come from the contract (Pulumi sets one per registered prop).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Pool extends ResourceOutputsOf<typeof contract> {}

/** An Octavia-shaped pool on LoxiLB. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Pool extends pulumi.dynamic.Resource {
  /** @internal The listener's whole rule declaration (JSON text). */
  readonly rule: pulumi.Output<string>;
  /** @internal Where this pool's monitor and members add their parts: the listener's declaration. */
  readonly declaration: RuleComposition;
  /** @internal Own args, for members and the health monitor. */
  readonly spec: pulumi.Output<unknown>;
  /** @internal */ readonly lbSpec: pulumi.Output<unknown>;
  /** @internal */ readonly listenerSpec: pulumi.Output<unknown>;
  /** @internal */ readonly connectionInput: pulumi.Output<LoxiLBConnectionArgs> | undefined;

  constructor(name: string, args: PoolArgs, opts?: pulumi.CustomResourceOptions) {
    const what = `Pool "${name}"`;
    const listener = requireParent<Listener>(
      args.listener,
      what,
      "listener",
      "the Listener whose default pool this is",
      "declaration",
    );
    const own = ownFields(contract, args);
    listener.declaration.addPool(what, pulumi.output(own));
    super(
      providerFor(contract.kind, PROVIDER_VERSION),
      name,
      {
        ...own,
        listenerId: listener.id,
        loadbalancerId: listener.loadbalancerId,
        loadbalancer: listener.lbSpec,
        listener: listener.spec,
        rule: listener.rule,
        connection: listener.connectionInput,
        providerVersion: PROVIDER_VERSION,
        ...outputPlaceholders(contract),
      },
      opts,
      TYPE_MODULE,
      contract.typeName,
    );
    this.rule = listener.rule;
    this.declaration = listener.declaration;
    this.declaration.waitedOnBy(this, what);
    this.spec = pulumi.output(own);
    this.lbSpec = listener.lbSpec;
    this.listenerSpec = listener.spec;
    this.connectionInput = listener.connectionInput;
    this.warnIgnoredWeights(what);
  }

  /**
   * Unequal weights LoxiLB cannot honour are accepted (as Octavia configs carry them) but said out
   * loud: a warning on this pool in `preview` and `up`, naming the field and the reason.
   */
  private warnIgnoredWeights(what: string): void {
    pulumi.all([this.spec, this.declaration.memberArgs]).apply(([spec, members]) => {
      const pool = checkPool(spec, {});
      if (!pool.ok || !pool.known) return;
      const enabled = members.filter((m) => m["adminStateUp"] !== false && m["weight"] !== 0);
      const weights = enabled.map((m) => (typeof m["weight"] === "number" ? m["weight"] : 1));
      const why = ignoredWeightsReason(pool.spec, weights);
      if (why !== undefined) void pulumi.log.warn(`${what}: members' weight: ${why}.`, this);
    });
  }

  /**
   * @internal What a child of this pool (member, members, health monitor) registers besides its own
   * fields: the parents' ids and args, the listener's rule declaration, the connection and the
   * provider version (the `ids` and `wiring` of its contract).
   */
  childInputs(): Record<string, pulumi.Input<unknown>> {
    return {
      poolId: this.id,
      listenerId: this.listenerId,
      loadbalancerId: this.loadbalancerId,
      loadbalancer: this.lbSpec,
      listener: this.listenerSpec,
      pool: this.spec,
      rule: this.rule,
      connection: this.connectionInput,
      providerVersion: PROVIDER_VERSION,
    };
  }
}
