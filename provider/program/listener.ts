/**
 * `Listener`: one LoxiLB rule key (VIP, port, L4 protocol). It names its rule
 * `octavia-<lbId>-<listenerId>`, refuses a key another rule holds unless `adopt` is set, reports
 * the rule's status, and deletes the rule if it still exists when the listener goes (the provider
 * side is in `resources/listener.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
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
import { RuleComposition } from "./rule-composition";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";
import { guardRuleKey, listenerKeyText } from "./rule-key-guard";

export type ListenerArgs = ArgsOf<typeof contract.own> & {
  /** The load balancer. Changing it replaces the listener. */
  loadbalancer: LoxiLoadBalancer;
};

// The class's output properties come from the contract (Pulumi sets one per registered prop).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Listener extends ResourceOutputsOf<typeof contract> {}

/** An Octavia-shaped listener on LoxiLB: the key of one rule. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Listener extends pulumi.dynamic.Resource {
  /** @internal */ readonly spec: pulumi.Output<unknown>;
  /** @internal */ readonly lbSpec: pulumi.Output<unknown>;
  /** @internal */ readonly connectionInput: pulumi.Output<LoxiLBConnectionArgs> | undefined;

  /**
   * @internal The whole rule as the program declares it now (JSON text): the load balancer, this
   * listener, its pool, health monitor and members. Every resource that writes the rule carries it.
   */
  readonly rule: pulumi.Output<string>;
  /** @internal Where the pool, its monitor and its members add their parts of the declaration. */
  readonly declaration: RuleComposition;

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
    const declaration = new RuleComposition(what, args.loadbalancer.spec, ownSpec, guardRuleKey(what, key));
    const rule = declaration.text;
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
    this.declaration = declaration;
    this.rule = rule;
    // The load balancer does not wait: it is registered before, and without, the rule declaration.
    declaration.waitedOnBy(this, what);
    this.spec = ownSpec;
    this.lbSpec = args.loadbalancer.spec;
    this.connectionInput = args.loadbalancer.connectionInput;
  }
}
