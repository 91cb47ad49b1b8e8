/**
 * `Listener`: one LoxiLB rule key (VIP, port, L4 protocol). It names its rule
 * `octavia-<lbId>-<listenerId>`, refuses a key another rule holds unless `adopt` is set, reports
 * the rule's status, and deletes the rule if it still exists when the listener goes.
 */
import * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "crypto";
import { formatRuleKey } from "../api/model";
import { checkListener } from "../octavia/check";
import { findRule } from "../rules/find-rule";
import { KeyHeldError } from "../rules/rule-writer";
import { ruleKeyFor, ruleName } from "../translate/rule";
import type { LoxiLBConnectionArgs } from "./connection-args";
import { knownParentSpecs, lbSpecOf, listenerSpecOf } from "./facts";
import type { Bag, KindHandlers } from "./handler-kit";
import { PROVIDER_VERSION, TYPE_MODULE } from "./kinds";
import { pick, type Lifecycle } from "./lifecycle";
import type { LoxiLoadBalancer } from "./load-balancer";
import { providerFor } from "./provider-shim";
import { allRules, removeRules, ruleStatus } from "./status-reads";

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

export const listenerLifecycle: Lifecycle = {
  inputKeys: [...LISTENER_SPEC_KEYS, "loadbalancerId", "loadbalancer", "connection", "providerVersion"],
  replaceOn: ["protocol", "protocolPort", "portMax", "loadbalancerId"],
  ignore: ["loadbalancer"],
  deleteBeforeReplace: true,
};

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
  /** @internal */ readonly spec: pulumi.Output<unknown>;
  /** @internal */ readonly lbSpec: pulumi.Output<unknown>;
  /** @internal */ readonly connectionInput: pulumi.Output<LoxiLBConnectionArgs> | undefined;
  private poolName: string | undefined;

  constructor(name: string, args: ListenerArgs, opts?: pulumi.CustomResourceOptions) {
    const own: Record<string, pulumi.Input<unknown>> = {};
    for (const k of LISTENER_SPEC_KEYS) if (args[k] !== undefined) own[k] = args[k];
    super(
      providerFor("listener", PROVIDER_VERSION),
      name,
      {
        ...own,
        loadbalancerId: args.loadbalancer.id,
        loadbalancer: args.loadbalancer.spec,
        connection: args.loadbalancer.connectionInput,
        providerVersion: PROVIDER_VERSION,
        ruleKey: undefined,
        ruleName: undefined,
        provisioningStatus: undefined,
        operatingStatus: undefined,
      },
      opts,
      TYPE_MODULE,
      "Listener",
    );
    this.spec = pulumi.output(own);
    this.lbSpec = args.loadbalancer.spec;
    this.connectionInput = args.loadbalancer.connectionInput;
  }

  /** @internal A listener has one default pool. */
  registerPool(what: string): void {
    if (this.poolName !== undefined) {
      throw new Error(
        `${what}: the listener already has a pool (${this.poolName}); LoxiLB rules have one endpoint set.`,
      );
    }
    this.poolName = what;
  }
}

/** Provider-side handlers. */
export const listenerHandlers: KindHandlers = {
  lifecycle: listenerLifecycle,
  resourceType: "Listener",
  check(news) {
    const { loadbalancer } = knownParentSpecs(news);
    const r = checkListener(
      pick(news, LISTENER_SPEC_KEYS),
      loadbalancer !== undefined ? { loadbalancer } : {},
    );
    return { failures: r.ok ? [] : r.failures };
  },
  async create(inputs) {
    const id = randomUUID();
    return { id, outs: await describe(id, inputs, true) };
  },
  async update(id, _olds, news) {
    return describe(id, news, false);
  },
  async read(id, props) {
    return describe(id, props, false);
  },
  async remove(id, props) {
    const { rule, name } = await ownRule(id, props);
    if (rule !== undefined && (rule.serviceArguments.name === name || props["adopt"] === true)) {
      await removeRules(props, [rule]);
    }
  },
};

async function ownRule(id: string, bag: Bag) {
  const key = ruleKeyFor(lbSpecOf(bag), listenerSpecOf({ listener: pick(bag, LISTENER_SPEC_KEYS) }));
  const name = ruleName(String(bag["loadbalancerId"]), id);
  return { key, name, rule: findRule(await allRules(bag), key) };
}

async function describe(id: string, bag: Bag, creating: boolean): Promise<Bag> {
  const { key, name, rule } = await ownRule(id, bag);
  const heldBy = rule?.serviceArguments.name ?? name;
  if (creating && rule !== undefined && heldBy !== name && bag["adopt"] !== true)
    throw new KeyHeldError(key, heldBy);
  return {
    ruleKey: formatRuleKey(key),
    ruleName: bag["adopt"] === true && rule !== undefined ? heldBy : name,
    provisioningStatus: "ACTIVE",
    operatingStatus: ruleStatus(rule, bag["adminStateUp"] !== false),
  };
}
