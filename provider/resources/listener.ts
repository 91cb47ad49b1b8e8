/**
 * `Listener`: one LoxiLB rule key (VIP, port, L4 protocol). It names its rule
 * `octavia-<lbId>-<listenerId>`, refuses a key another rule holds unless `adopt` is set, reports
 * the rule's status, and deletes the rule if it still exists when the listener goes.
 */
import * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "crypto";
import { formatRuleKey, type LoadbalanceEntry } from "../api/model";
import { checkListener } from "../octavia/check";
import { DeclarationError, declarationText, factsOfText, type RuleDeclaration } from "../rules/declaration";
import { ruleName } from "../api/rule-identity";
import { allowedSourcesFor } from "../translate/rule";
import { listenerOperatingStatus } from "../translate/status";
import { ruleActionForOwnChange } from "./rule-effects";
import type { LoxiLBConnectionArgs } from "./connection-args";
import { knownParentSpecs, lbSpecOf, listenerSpecOf } from "./facts";
import type { Bag, Failure, KindHandlers } from "./handler-kit";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import { pick, type Lifecycle } from "./lifecycle";
import type { LoxiLoadBalancer } from "./load-balancer";
import { SealedCollector } from "./pool-slots";
import { requireParent } from "./parent-arg";
import { providerFor } from "./provider-shim";
import type { Lineage } from "./self-dependency";
import { declare, driftNote, keyOfBag, noteDeclaration, rulesPerInstance, withdraw } from "./rule-access";
import { guardRuleKey, listenerKeyText } from "./rule-key-guard";
import { keyText, ruleStatus } from "./status-reads";

export interface ListenerArgs {
  /** The load balancer. Changing it replaces the listener. */
  loadbalancer: LoxiLoadBalancer;
  /** TCP, UDP, SCTP, HTTP or HTTPS (HTTP/HTTPS are L4 pass-through on tcp). Changing it replaces the listener. */
  protocol: pulumi.Input<"TCP" | "UDP" | "SCTP" | "HTTP" | "HTTPS" | "TERMINATED_HTTPS">;
  /** 1..65535: the rule's `port`. Changing it replaces the listener. */
  protocolPort: pulumi.Input<number>;
  /** Last port of a range (LoxiLB `portMax`). Changing it replaces the listener. */
  portMax?: pulumi.Input<number>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** false removes the rule from LoxiLB (default true). */
  adminStateUp?: pulumi.Input<boolean>;
  /** Source CIDRs allowed to reach the VIP (LoxiLB `allowedSources`). */
  allowedCidrs?: pulumi.Input<pulumi.Input<string>[]>;
  /** Only -1 (unlimited) is supported. */
  connectionLimit?: pulumi.Input<number>;
  /** Idle timeouts in ms; the larger data timeout becomes LoxiLB's `inactiveTimeOut` (s, ≤ 86,400). */
  timeoutClientData?: pulumi.Input<number>;
  timeoutMemberConnect?: pulumi.Input<number>;
  timeoutMemberData?: pulumi.Input<number>;
  timeoutTcpInspect?: pulumi.Input<number>;
  /** Take over an existing LoxiLB rule with the same key (Pulumi cannot import dynamic resources). */
  adopt?: pulumi.Input<boolean>;
}

export const LISTENER_SPEC_KEYS = [
  "protocol",
  "protocolPort",
  "portMax",
  "name",
  "description",
  "adminStateUp",
  "allowedCidrs",
  "connectionLimit",
  "timeoutClientData",
  "timeoutMemberConnect",
  "timeoutMemberData",
  "timeoutTcpInspect",
  "adopt",
] as const;

/** The load balancer's fields that reach LoxiLB through this listener's rule (others never update it). */
export const LB_RULE_FIELDS = ["natMode", "bgp", "adminStateUp"] as const;

export const listenerLifecycle: Lifecycle = {
  inputKeys: [
    ...LISTENER_SPEC_KEYS,
    "loadbalancerId",
    "loadbalancer",
    "rule",
    "connection",
    "providerVersion",
  ],
  replaceOn: ["protocol", "protocolPort", "portMax", "loadbalancerId"],
  compareOnly: { loadbalancer: LB_RULE_FIELDS },
  transient: ["rule"],
  deleteBeforeReplace: true,
};

/** What a pool contributes to its listener's rule declaration. */
export type PoolDeclaration = Pick<RuleDeclaration, "pool" | "healthMonitor" | "members">;

/** An Octavia-shaped listener on LoxiLB: the key of one rule. */
export class Listener extends pulumi.dynamic.Resource {
  declare readonly protocol: pulumi.Output<string>;
  declare readonly protocolPort: pulumi.Output<number>;
  declare readonly portMax: pulumi.Output<number | undefined>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly adminStateUp: pulumi.Output<boolean | undefined>;
  declare readonly allowedCidrs: pulumi.Output<string[] | undefined>;
  declare readonly connectionLimit: pulumi.Output<number | undefined>;
  declare readonly timeoutClientData: pulumi.Output<number | undefined>;
  declare readonly timeoutMemberConnect: pulumi.Output<number | undefined>;
  declare readonly timeoutMemberData: pulumi.Output<number | undefined>;
  declare readonly timeoutTcpInspect: pulumi.Output<number | undefined>;
  declare readonly adopt: pulumi.Output<boolean | undefined>;
  declare readonly loadbalancerId: pulumi.Output<string>;
  /** The rule's key, e.g. `tcp:192.0.2.10:80`. */
  declare readonly ruleKey: pulumi.Output<string>;
  /** The rule's LoxiLB name, `octavia-<loadbalancerId>-<listenerId>` (or the adopted rule's name). */
  declare readonly ruleName: pulumi.Output<string>;
  declare readonly provisioningStatus: pulumi.Output<string>;
  declare readonly operatingStatus: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;
  /** `recreate` when the last change needed the rule deleted and created again. */
  declare readonly loxilbRuleAction: pulumi.Output<string | undefined>;
  /** Differences a refresh found between the rule LoxiLB holds and this listener (per instance). */
  declare readonly loxilbDrift: pulumi.Output<string[] | undefined>;
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
    const own: Record<string, pulumi.Input<unknown>> = {};
    for (const k of LISTENER_SPEC_KEYS) if (args[k] !== undefined) own[k] = args[k];
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
      providerFor("listener", PROVIDER_VERSION),
      name,
      {
        ...own,
        loadbalancerId: args.loadbalancer.id,
        loadbalancer: args.loadbalancer.spec,
        rule,
        connection: args.loadbalancer.connectionInput,
        providerVersion: PROVIDER_VERSION,
        ruleKey: undefined,
        ruleName: undefined,
        provisioningStatus: undefined,
        operatingStatus: undefined,
        loxilbRuleAction: undefined,
        loxilbDrift: undefined,
      },
      opts,
      TYPE_MODULE,
      "Listener",
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

/** Provider-side handlers. */
export const listenerHandlers: KindHandlers = {
  lifecycle: listenerLifecycle,
  resourceType: "Listener",
  label: (bag) => keyText(located(bag)),
  check(news, olds) {
    const { loadbalancer } = knownParentSpecs(news);
    const r = checkListener(
      pick(news, LISTENER_SPEC_KEYS),
      loadbalancer !== undefined ? { loadbalancer } : {},
    );
    // The listener's own id is not known before create: children record the declaration with it.
    const failures = [...(r.ok ? [] : r.failures), ...declarationFailures(news)];
    return { failures, extra: ruleActionForOwnChange("listener", LISTENER_SPEC_KEYS, olds, news) };
  },
  async create(inputs) {
    const id = randomUUID();
    const outcome = await declare(located(inputs), idsOf(id, inputs), [], {});
    return { id, outs: describe(id, inputs, outcome?.live) };
  },
  async update(id, olds, news) {
    noteDeclaration(located(news), idsOf(id, news));
    const outcome = await declare(located(news), idsOf(id, news), unseenOwnChanges(olds, news), {});
    return describe(id, news, outcome?.live);
  },
  async read(id, props) {
    const seen = await rulesPerInstance(located(props));
    const drift = listenerDrift(located(props), seen);
    return { ...describe(id, props, seen[0]?.rule), ...drift };
  },
  async remove(id, props) {
    await withdraw(located(props), idsOf(id, props), "all", {});
  },
};

const idsOf = (id: string, bag: Bag) => ({ lbId: String(bag["loadbalancerId"]), listenerId: id });

/** The listener's bag in the shape its children's have (its own spec under `listener`), to locate the rule. */
const located = (bag: Bag): Bag => ({ ...bag, listener: pick(bag, LISTENER_SPEC_KEYS) });

/**
 * The listener is the first writer the engine reaches, so its check refuses a declaration whose pool,
 * monitor or members LoxiLB could not take, naming the resource that declared the value, the field
 * and the value, before anything is written (the load balancer's and its own fields are reported by
 * their own checks).
 */
function declarationFailures(news: Bag): Failure[] {
  try {
    factsOfText(news["rule"], "-", "-");
    return [];
  } catch (e) {
    if (!(e instanceof DeclarationError))
      return [{ property: "rule", reason: String(e instanceof Error ? e.message : e) }];
    return e.problems
      .filter((p) => /^(pool|healthMonitor|members)\b/.test(p.property))
      .map((p) => ({ property: `rule.${p.property}`, reason: p.message }));
  }
}

/** Idle-timeout changes are invisible in GET; this listener's own record says whether they changed. */
function unseenOwnChanges(olds: Bag, news: Bag): string[] {
  const fields = ["timeoutClientData", "timeoutMemberData"] as const;
  return fields.some((f) => olds[f] !== news[f]) ? ["listener idle timeout"] : [];
}

function describe(id: string, bag: Bag, rule: LoadbalanceEntry | undefined): Bag {
  const key = keyOfBag(located(bag));
  const name = ruleName(String(bag["loadbalancerId"]), id);
  const heldBy = rule?.serviceArguments.name ?? name;
  return {
    ruleKey: formatRuleKey(key),
    ruleName: bag["adopt"] === true && rule !== undefined ? heldBy : name,
    provisioningStatus: "ACTIVE",
    // Octavia: a listener is ONLINE while its rule is programmed, whatever its pool's health.
    operatingStatus: listenerOperatingStatus(
      rule === undefined ? [] : [ruleStatus(rule, true)],
      bag["adminStateUp"] !== false,
    ),
  };
}

/**
 * The listener's facets as LoxiLB holds them, where they differ: allowed sources and the NAT mode
 * (the load balancer's, written through this listener). An undrifted rule reads back as the inputs.
 */
function listenerDrift(
  props: Bag,
  seen: ReadonlyArray<{ instance: string | undefined; rule: LoadbalanceEntry | undefined }>,
): Bag {
  const listener = listenerSpecOf(props);
  const lb = lbSpecOf(props);
  const want = allowedSourcesFor(listener).map((s) => s.prefix);
  const notes: string[] = [];
  const out: Bag = {};
  for (const { instance, rule } of seen) {
    if (rule === undefined) continue;
    const have = (rule.allowedSources ?? []).map((s) => s.prefix);
    if (JSON.stringify([...have].sort()) !== JSON.stringify([...want].sort())) {
      out["allowedCidrs"] = have;
      notes.push(
        driftNote(instance, `allowed sources ${JSON.stringify(have)}, declared ${JSON.stringify(want)}`),
      );
    }
    const mode = rule.serviceArguments.mode ?? "dnat";
    if (mode !== lb.natMode) {
      out["loadbalancer"] = { ...(props["loadbalancer"] as Bag), natMode: mode };
      notes.push(driftNote(instance, `NAT mode ${mode}, declared ${lb.natMode}`));
    }
  }
  return notes.length > 0 ? { ...out, loxilbDrift: notes } : { loxilbDrift: undefined };
}
