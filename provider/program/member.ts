/**
 * `Member`: one backend of a pool, i.e. one endpoint of the listener's LoxiLB rule. A member's create,
 * update and delete write the whole rule as the program declares it now (its `rule` input), through
 * the per-rule queue, in place (a re-POST) unless loxilb cannot change it in place. Its state keeps
 * only its own facets, and `loxilbWeight`, the weight LoxiLB holds for its endpoint (the provider
 * side is in `resources/member.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { memberContract as contract } from "../contracts/member";
import { outputPlaceholders, ownFields, type ArgsOf, type ResourceOutputsOf } from "../contracts/contract";
import { PROVIDER_VERSION, TYPE_MODULE } from "../contracts/kinds";
import type { Pool } from "./pool";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";

export type MemberArgs = ArgsOf<typeof contract.own> & {
  /** The pool this member belongs to. Changing it replaces the member. */
  pool: Pool;
};

// The class's output properties come from the contract (Pulumi sets one per registered prop).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Member extends ResourceOutputsOf<typeof contract> {}

/** An Octavia-shaped pool member on LoxiLB: one endpoint of the listener's rule. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Member extends pulumi.dynamic.Resource {
  constructor(name: string, args: MemberArgs, opts?: pulumi.CustomResourceOptions) {
    const pool = requireParent<Pool>(
      args.pool,
      `Member "${name}"`,
      "pool",
      "the Pool it belongs to",
      "declaration",
    );
    const own = ownFields(contract, args);
    pool.declaration.addMember(`Member "${name}"`, own);
    super(
      providerFor(contract.kind, PROVIDER_VERSION),
      name,
      {
        ...own,
        ...pool.childInputs(),
        ...outputPlaceholders(contract),
      },
      opts,
      TYPE_MODULE,
      contract.typeName,
    );
  }
}
