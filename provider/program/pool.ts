/**
 * `Pool`: the listener's default pool (algorithm, persistence). Its settings reach LoxiLB through
 * its members, whose inputs carry the pool spec; the per-rule queue coalesces their writes. It also
 * gathers, program-side, its health monitor and members so every member knows all of them (the
 * provider side is in `resources/pool.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { checkPool } from "../octavia/check";
import { DECLARED_BY } from "../rules/declaration";
import { ignoredWeightsReason } from "../translate/weights";
import { poolContract as contract } from "../contracts/pool";
import {
  outputPlaceholders,
  ownFields,
  type ArgsOf,
  type Bag,
  type ResourceOutputsOf,
} from "../contracts/contract";
import { PROVIDER_VERSION, TYPE_MODULE } from "../contracts/kinds";
import type { LoxiLBConnectionArgs } from "./connection-args";
import type { Listener, PoolDeclaration } from "./listener";
import { SealedCollector } from "./pool-slots";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";
import { refuseSelfDependency, type Lineage } from "./self-dependency";

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
  /** @internal Facts for members and the health monitor. */
  readonly spec: pulumi.Output<unknown>;
  /** @internal */ readonly lbSpec: pulumi.Output<unknown>;
  /** @internal */ readonly listenerSpec: pulumi.Output<unknown>;
  /** @internal */ readonly connectionInput: pulumi.Output<LoxiLBConnectionArgs> | undefined;
  /** @internal This resource and the ones above it, whose outputs its rule declaration must not use. */
  readonly lineage: Lineage;

  /** @internal The pool's health monitor spec (or null), whatever the declaration order. */
  readonly monitorSpec: pulumi.Output<Record<string, unknown> | null>;
  /** @internal Every member's spec. */
  readonly memberSpecs: pulumi.Output<Array<Record<string, unknown>>>;
  /** @internal Every member's args with the resource that declared it, for messages. */
  readonly declaredMembers: pulumi.Output<Bag[]>;
  private readonly monitors: SealedCollector<Record<string, unknown>>;
  private readonly members: SealedCollector<Record<string, unknown>>;
  private readonly memberLists: SealedCollector<Array<Record<string, unknown>>>;
  /** Who declared this pool's members: `Member "a"` resources, or one `Members "b"`. */
  private memberOwner: { readonly batch: boolean; readonly what: string } | undefined;

  constructor(name: string, args: PoolArgs, opts?: pulumi.CustomResourceOptions) {
    requireParent<Listener>(
      args.listener,
      `Pool "${name}"`,
      "listener",
      "the Listener whose default pool this is",
      "registerPool",
    );
    const own = ownFields(contract, args);
    // The listener's declaration waits for this pool's part, which exists once the pool does.
    let declarePool: (d: pulumi.Output<PoolDeclaration>) => void = () => undefined;
    const part = new Promise<pulumi.Output<PoolDeclaration>>((resolve) => (declarePool = resolve));
    args.listener.registerPool(`Pool "${name}"`, pulumi.output(part));
    super(
      providerFor(contract.kind, PROVIDER_VERSION),
      name,
      {
        ...own,
        listenerId: args.listener.id,
        loadbalancerId: args.listener.loadbalancerId,
        loadbalancer: args.listener.lbSpec,
        listener: args.listener.spec,
        rule: args.listener.rule,
        connection: args.listener.connectionInput,
        providerVersion: PROVIDER_VERSION,
        ...outputPlaceholders(contract),
      },
      opts,
      TYPE_MODULE,
      contract.typeName,
    );
    this.rule = args.listener.rule;
    this.lineage = [...args.listener.lineage, { resource: this, name: `Pool "${name}"` }];
    this.spec = pulumi.output(own);
    this.lbSpec = args.listener.lbSpec;
    this.listenerSpec = args.listener.spec;
    this.connectionInput = args.listener.connectionInput;
    this.monitors = new SealedCollector(`the health monitor of Pool "${name}"`);
    this.members = new SealedCollector(`the member list of Pool "${name}"`);
    this.memberLists = new SealedCollector(`the member list of Pool "${name}"`);
    this.monitorSpec = this.monitors.all.apply((list) => list[0] ?? null);
    this.memberSpecs = pulumi
      .all([this.members.all, this.memberLists.all])
      .apply(([single, lists]): Array<Record<string, unknown>> => [...single, ...lists.flat()]);
    const owners = this.ownerNames;
    this.declaredMembers = pulumi
      .all([this.members.all, this.memberLists.all])
      .apply(([single, lists]): Bag[] => [
        ...single.map((m) => m as Bag).map((m, i) => ({ ...m, [DECLARED_BY]: owners.single[i] ?? "" })),
        ...lists.flatMap((l, j) =>
          l.map((m) => m as Bag).map((m, i) => ({ ...m, [DECLARED_BY]: `${owners.lists[j] ?? ""}[${i}]` })),
        ),
      ]);
    this.warnIgnoredWeights(name);
    declarePool(
      pulumi.all([this.spec, this.monitorSpec, this.declaredMembers]).apply(([pool, monitor, members]) => ({
        pool: { ...(pool as Bag), [DECLARED_BY]: `Pool "${name}"` },
        healthMonitor:
          monitor === null || monitor === undefined
            ? null
            : { ...(monitor as Bag), [DECLARED_BY]: this.monitorOwner ?? "" },
        members: members,
      })),
    );
  }

  /**
   * Unequal weights LoxiLB cannot honour are accepted (as Octavia configs carry them) but said out
   * loud: a warning on this pool in `preview` and `up`, naming the field and the reason.
   */
  private warnIgnoredWeights(name: string): void {
    pulumi.all([this.spec, this.declaredMembers]).apply(([spec, members]) => {
      const pool = checkPool(spec, {});
      if (!pool.ok || !pool.known) return;
      const enabled = members.filter((m) => m["adminStateUp"] !== false && m["weight"] !== 0);
      const weights = enabled.map((m) => (typeof m["weight"] === "number" ? m["weight"] : 1));
      const why = ignoredWeightsReason(pool.spec, weights);
      if (why !== undefined) void pulumi.log.warn(`Pool "${name}": members' weight: ${why}.`, this);
    });
  }

  /** Who declared the health monitor (for messages). */
  private monitorOwner: string | undefined;

  /** Who declared each collected member, in collection order (for messages). */
  private readonly ownerNames: { single: string[]; lists: string[] } = { single: [], lists: [] };

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

  /** @internal Called by `Member`'s constructor. */
  registerMember(spec: Record<string, pulumi.Input<unknown>>, what: string): void {
    refuseSelfDependency(what, "an argument", spec, this.lineage);
    this.claimMembers(false, what);
    this.members.add(pulumi.output(spec), what);
    this.ownerNames.single.push(what);
  }

  /** @internal Called by `Members`' constructor: the pool's whole membership. */
  registerMemberList(list: pulumi.Input<pulumi.Input<object>[]>, what: string): void {
    refuseSelfDependency(what, "the member list", list, this.lineage);
    this.claimMembers(true, what);
    const resolved = pulumi.output(list).apply((l) => (Array.isArray(l) ? l : [])) as pulumi.Output<
      Array<Record<string, unknown>>
    >;
    this.memberLists.add(resolved, what);
    this.ownerNames.lists.push(what);
  }

  /** One writer per pool's membership: `Member` resources, or a single `Members`. */
  private claimMembers(batch: boolean, what: string): void {
    const owner = this.memberOwner;
    if (owner !== undefined && (batch || owner.batch)) {
      const error = new Error(
        `${what}: the members of this pool are already declared by ${owner.what}; ` +
          "a pool takes either Member resources or one Members resource, not both",
      );
      // Members declared earlier wait for this collection: none of them reaches LoxiLB.
      this.members.fail(error);
      this.memberLists.fail(error);
      throw error;
    }
    this.memberOwner ??= { batch, what };
  }

  /** @internal Called by `HealthMonitor`'s constructor. */
  registerMonitor(spec: Record<string, pulumi.Input<unknown>>, what: string): void {
    refuseSelfDependency(what, "an argument", spec, this.lineage);
    if (this.monitors.count > 0)
      throw new Error(`${what}: the pool already has a health monitor (Octavia allows one).`);
    this.monitors.add(pulumi.output(spec), what);
    this.monitorOwner = what;
  }
}
