/**
 * `Members`: every member of a pool as one resource (like `openstack.loadbalancer.Members` and
 * Octavia's batch member update). Its create, update and delete each send the whole endpoint change
 * as one batch to the rule writer, so a pool of any size costs one rule write, whatever the engine's
 * `--parallel`. A pool uses either `Member` resources or one `Members`, never both.
 */
import * as pulumi from "@pulumi/pulumi";
import { membersContract as contract } from "../contracts/members";
import { outputPlaceholders, type ArgsOf, type ResourceOutputsOf } from "../contracts/contract";
import { PROVIDER_VERSION, TYPE_MODULE } from "../contracts/kinds";
import type { Pool } from "./pool";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";

export type { MemberStatusEntry } from "../contracts/members";

/** The args of `Members`: the pool, and every member's args. */
export type MembersArgs = ArgsOf<typeof contract.own> & {
  /** The pool whose whole membership this is. Changing it replaces the resource. */
  pool: Pool;
};

/** One entry of `Members.members`: a `Member`'s arguments without `pool`. */
export type MembersMemberArgs = InputOfEntry<MembersArgs["members"]>;
type InputOfEntry<L> = L extends pulumi.Input<Array<pulumi.Input<infer E>>> ? E : never;

// The class's output properties come from the contract (Pulumi sets one per registered prop).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Members extends ResourceOutputsOf<typeof contract> {}

/** Every member of an Octavia-shaped pool on LoxiLB, managed together: one rule write per change. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Members extends pulumi.dynamic.Resource {
  constructor(name: string, args: MembersArgs, opts?: pulumi.CustomResourceOptions) {
    const pool = requireParent<Pool>(
      args.pool,
      `Members "${name}"`,
      "pool",
      "the Pool whose members these are",
      "declaration",
    );
    pool.declaration.addMemberList(`Members "${name}"`, args.members);
    super(
      providerFor(contract.kind, PROVIDER_VERSION),
      name,
      {
        // The pool's membership, i.e. this list once the program's declarations are done: waiting for
        // it lets a conflicting `Member` stop this resource before anything is written.
        members: pool.declaration.memberArgs,
        ...pool.childInputs(),
        ...outputPlaceholders(contract),
      },
      opts,
      TYPE_MODULE,
      contract.typeName,
    );
  }
}
