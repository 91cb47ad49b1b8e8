/**
 * `Listener`: one LoxiLB rule key (VIP, port, L4 protocol). It names its rule
 * `octavia-<lbId>-<listenerId>`, refuses a key another rule holds unless `adopt` is set, reports
 * the rule's status, and deletes the rule if it still exists when the listener goes (the provider
 * side is in `resources/listener.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { declarationText, type RuleDeclaration } from "../rules/declaration";
import { listenerContract as contract } from "../contracts/listener";
import {
  outputPlaceholders,
  ownFields,
  type ArgsOf,
  type Bag,
  type ResourceOutputsOf,
} from "../contracts/contract";
import { PROVIDER_VERSION, TYPE_MODULE } from "../contracts/kinds";
import type { LoxiLBConnectionArgs } from "./connection-args";
import type { LoxiLoadBalancer } from "./load-balancer";
import { SealedCollector } from "./pool-slots";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";
import type { Lineage } from "./self-dependency";
import { guardRuleKey, listenerKeyText } from "./rule-key-guard";

export type ListenerArgs = ArgsOf<typeof contract.own> & {
  /** The load balancer. Changing it replaces the listener. */
  loadbalancer: LoxiLoadBalancer;
};

/** What a pool contributes to its listener's rule declaration. */
export type PoolDeclaration = Pick<RuleDeclaration, "pool" | "healthMonitor" | "members">;

// The class's output properties come from the contract (Pulumi sets one per registered prop).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Listener extends ResourceOutputsOf<typeof contract> {}

/** An Octavia-shaped listener on LoxiLB: the key of one rule. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Listener extends pulumi.dynamic.Resource {
  /** @internal */ readonly spec: pulumi.Output<unknown>;
  /** @internal */ readonly lbSpec: pulumi.Output<unknown>;
  /** @internal */ readonly connectionInput: pulumi.Output<LoxiLBConnectionArgs> | undefined;
  /** @internal This resource and the ones above it, whose outputs its rule declaration must not use. */
  readonly lineage: Lineage;

  /**
   * @internal The whole rule as the program declares it now (JSON text): the load balancer, this
   * listener, its pool, health monitor and members. Every resource that writes the rule carries it.
   */
  readonly rule: pulumi.Output<string>;
  private poolName: string | undefined;
  private readonly pools: SealedCollector<PoolDeclaration>;

  constructor(name: string, args: ListenerArgs, opts?: pulumi.CustomResourceOptions) {
    const what = `Listener "${name}"`;
    requireParent<LoxiLoadBalancer>(
      args.loadbalancer,
      what,
      "loadbalancer",
      "the LoxiLoadBalancer it listens on",
      "vipAddress",
    );
    const own = ownFields(contract, args);
    const pools = new SealedCollector<PoolDeclaration>(`the pool of ${what}`);
    const ownSpec = pulumi.output(own);
    const key = pulumi
      .all([args.loadbalancer.spec, ownSpec])
      .apply(([lb, l]) =>
        listenerKeyText(
          (lb as Bag)["vipAddress"],
          (l as Bag)["protocol"],
          (l as Bag)["protocolPort"],
          (l as Bag)["portMax"],
        ),
      );
    const rule = pulumi
      .all([guardRuleKey(what, key), args.loadbalancer.spec, ownSpec, pools.all])
      .apply(([, lb, l, declared]) =>
        declarationText({
          loadbalancer: lb,
          listener: l,
          pool: declared[0]?.pool ?? null,
          healthMonitor: declared[0]?.healthMonitor ?? null,
          members: declared[0]?.members ?? [],
        }),
      );
    super(
      providerFor(contract.kind, PROVIDER_VERSION),
      name,
      {
        ...own,
        loadbalancerId: args.loadbalancer.id,
        loadbalancer: args.loadbalancer.spec,
        rule,
        connection: args.loadbalancer.connectionInput,
        providerVersion: PROVIDER_VERSION,
        ...outputPlaceholders(contract),
      },
      opts,
      TYPE_MODULE,
      contract.typeName,
    );
    this.pools = pools;
    this.rule = rule;
    // The load balancer is not here: it is registered before, and without, the rule declaration.
    this.lineage = [{ resource: this, name: what }];
    this.spec = ownSpec;
    this.lbSpec = args.loadbalancer.spec;
    this.connectionInput = args.loadbalancer.connectionInput;
  }

  /** @internal A listener has one default pool; its part of the rule declaration arrives with it. */
  registerPool(what: string, declaration: pulumi.Input<PoolDeclaration>): void {
    if (this.poolName !== undefined) {
      throw new Error(
        `${what}: the listener already has a pool (${this.poolName}); LoxiLB rules have one endpoint set.`,
      );
    }
    this.poolName = what;
    this.pools.add(declaration, what);
  }
}
