/**
 * `Pool`: the listener's default pool (algorithm, persistence). Its settings reach LoxiLB through
 * its members, whose inputs carry the pool spec; the per-rule queue coalesces their writes. It also
 * gathers, program-side, its health monitor and members so every member knows all of them.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkPool } from "../octavia/check";
import type { LoxiLBConnectionArgs } from "./connection-args";
import { knownParentSpecs } from "./facts";
import { statusOnlyHandlers, type Bag, type KindHandlers } from "./handler-kit";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import { pick, type Lifecycle } from "./lifecycle";
import type { Listener } from "./listener";
import { SealedCollector } from "./pool-slots";
import { providerFor } from "./provider-shim";
import { listenerRule, removeRules, ruleStatus } from "./status-reads";

export interface PoolArgs {
  /** The listener whose default pool this is (one pool per listener). Changing it replaces the pool. */
  listener: Listener;
  /** TCP, UDP, SCTP, HTTP, HTTPS or PROXYV2, compatible with the listener protocol. Changing it replaces the pool. */
  protocol: pulumi.Input<"TCP" | "UDP" | "SCTP" | "HTTP" | "HTTPS" | "PROXY" | "PROXYV2">;
  /** ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP or SOURCE_IP_PORT (see docs/resources/pool.md). */
  lbMethod: pulumi.Input<"ROUND_ROBIN" | "LEAST_CONNECTIONS" | "SOURCE_IP" | "SOURCE_IP_PORT">;
  /** Only `{type: "SOURCE_IP"}` is supported; cookie persistence is rejected. */
  persistence?: pulumi.Input<{ type: pulumi.Input<string>; cookieName?: pulumi.Input<string> }>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** false removes the listener's rule from LoxiLB (default true). */
  adminStateUp?: pulumi.Input<boolean>;
}

export const POOL_SPEC_KEYS = [
  "protocol",
  "lbMethod",
  "persistence",
  "name",
  "description",
  "adminStateUp",
] as const;

export const poolLifecycle: Lifecycle = {
  inputKeys: [
    ...POOL_SPEC_KEYS,
    "listenerId",
    "loadbalancerId",
    "loadbalancer",
    "listener",
    "connection",
    "providerVersion",
  ],
  replaceOn: ["protocol", "listenerId"],
  ignore: ["loadbalancer", "listener"],
};

/** An Octavia-shaped pool on LoxiLB. */
export class Pool extends pulumi.dynamic.Resource {
  declare readonly protocol: pulumi.Output<string>;
  declare readonly lbMethod: pulumi.Output<string>;
  declare readonly persistence: pulumi.Output<{ type: string; cookieName?: string } | undefined>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly adminStateUp: pulumi.Output<boolean | undefined>;
  declare readonly listenerId: pulumi.Output<string>;
  declare readonly loadbalancerId: pulumi.Output<string>;
  declare readonly provisioningStatus: pulumi.Output<string>;
  declare readonly operatingStatus: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;
  /** @internal Facts for members and the health monitor. */
  readonly spec: pulumi.Output<unknown>;
  /** @internal */ readonly lbSpec: pulumi.Output<unknown>;
  /** @internal */ readonly listenerSpec: pulumi.Output<unknown>;
  /** @internal */ readonly connectionInput: pulumi.Output<LoxiLBConnectionArgs> | undefined;
  /** @internal The pool's health monitor spec (or null), whatever the declaration order. */
  readonly monitorSpec: pulumi.Output<Record<string, unknown> | null>;
  /** @internal Every member's spec. */
  readonly memberSpecs: pulumi.Output<Array<Record<string, unknown>>>;
  /**
   * @internal The same list as JSON text, made once per pool: each `Member` carries it as one string,
   * so the program, the engine and the provider serialize one value per member instead of the
   * pool's whole list of objects (which made a pool of n members cost O(n²) to register).
   */
  readonly memberFacts: pulumi.Output<string>;
  private readonly monitors: SealedCollector<Record<string, unknown>>;
  private readonly members: SealedCollector<Record<string, unknown>>;
  private readonly memberLists: SealedCollector<Array<Record<string, unknown>>>;
  /** Who declared this pool's members: `Member "a"` resources, or one `Members "b"`. */
  private memberOwner: { readonly batch: boolean; readonly what: string } | undefined;

  constructor(name: string, args: PoolArgs, opts?: pulumi.CustomResourceOptions) {
    const own: Record<string, pulumi.Input<unknown>> = {};
    for (const k of POOL_SPEC_KEYS) if (args[k] !== undefined) own[k] = args[k];
    args.listener.registerPool(`Pool "${name}"`);
    super(
      providerFor("pool", PROVIDER_VERSION),
      name,
      {
        ...own,
        listenerId: args.listener.id,
        loadbalancerId: args.listener.loadbalancerId,
        loadbalancer: args.listener.lbSpec,
        listener: args.listener.spec,
        connection: args.listener.connectionInput,
        providerVersion: PROVIDER_VERSION,
        provisioningStatus: undefined,
        operatingStatus: undefined,
      },
      opts,
      TYPE_MODULE,
      "Pool",
    );
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
      .apply(
        ([single, lists]) => [...single, ...lists.flat()] as Array<Record<string, unknown>>,
      ) as pulumi.Output<Array<Record<string, unknown>>>;
    this.memberFacts = this.memberSpecs.apply((list) => JSON.stringify(list));
  }

  /** @internal Called by `Member`'s constructor. */
  registerMember(spec: pulumi.Input<Record<string, unknown>>, what: string): void {
    this.claimMembers(false, what);
    this.members.add(spec, what);
  }

  /** @internal Called by `Members`' constructor: the pool's whole membership. */
  registerMemberList(list: pulumi.Input<pulumi.Input<object>[]>, what: string): void {
    this.claimMembers(true, what);
    const resolved = pulumi.output(list).apply((l) => (Array.isArray(l) ? l : [])) as pulumi.Output<
      Array<Record<string, unknown>>
    >;
    this.memberLists.add(resolved, what);
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
  registerMonitor(spec: pulumi.Input<Record<string, unknown>>, what: string): void {
    if (this.monitors.count > 0)
      throw new Error(`${what}: the pool already has a health monitor (Octavia allows one).`);
    this.monitors.add(spec, what);
  }
}

/** Provider-side handlers. */
export const poolHandlers: KindHandlers = {
  lifecycle: poolLifecycle,
  resourceType: "Pool",
  check(news) {
    const { loadbalancer, listener } = knownParentSpecs(news);
    const r = checkPool(pick(news, POOL_SPEC_KEYS), {
      ...(loadbalancer !== undefined ? { loadbalancer } : {}),
      ...(listener !== undefined ? { listener } : {}),
    });
    return { failures: r.ok ? [] : r.failures };
  },
  ...statusOnlyHandlers(status),
  async remove(_id, props) {
    const rule = await listenerRule(props);
    if (
      rule !== undefined &&
      rule.serviceArguments.name ===
        `octavia-${String(props["loadbalancerId"])}-${String(props["listenerId"])}`
    ) {
      await removeRules(props, [rule]);
    }
  },
};

async function status(bag: Bag): Promise<Bag> {
  const rule = await listenerRule(bag);
  return { provisioningStatus: "ACTIVE", operatingStatus: ruleStatus(rule, bag["adminStateUp"] !== false) };
}
