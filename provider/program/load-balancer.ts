/**
 * `LoxiLoadBalancer`: the Octavia load balancer (a VIP and its defaults). LoxiLB has no object for
 * it; its listeners' rules carry the VIP, NAT mode and BGP flag (the provider side is in
 * `resources/load-balancer.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { type LoxiLBConnectionArgs, secretConnection } from "./connection-args";
import { loadBalancerContract as contract } from "../contracts/load-balancer";
import { outputPlaceholders, ownFields, type ArgsOf, type ResourceOutputsOf } from "../contracts/contract";
import { PROVIDER_VERSION, TYPE_MODULE } from "../contracts/kinds";
import { providerFor } from "./provider-shim";

export type LoxiLoadBalancerArgs = ArgsOf<typeof contract.own> & {
  /** Overrides the `loxilb:*` stack config for this load balancer and its children. Stored as a secret. */
  connection?: pulumi.Input<LoxiLBConnectionArgs>;
};

// The class's output properties come from the contract (Pulumi sets one per registered prop).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface LoxiLoadBalancer extends ResourceOutputsOf<typeof contract> {}

/** An Octavia-shaped load balancer on LoxiLB. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class LoxiLoadBalancer extends pulumi.dynamic.Resource {
  /** @internal The Octavia args children carry (known at preview). */
  readonly spec: pulumi.Output<unknown>;
  /** @internal The secret connection children inherit. */
  readonly connectionInput: pulumi.Output<LoxiLBConnectionArgs> | undefined;

  constructor(name: string, args: LoxiLoadBalancerArgs, opts?: pulumi.CustomResourceOptions) {
    const connection = secretConnection(args.connection);
    const own = ownFields(contract, args);
    super(
      providerFor(contract.kind, PROVIDER_VERSION),
      name,
      { ...own, connection, providerVersion: PROVIDER_VERSION, ...outputPlaceholders(contract) },
      opts,
      TYPE_MODULE,
      contract.typeName,
    );
    this.spec = pulumi.output(own);
    this.connectionInput = connection;
  }
}
