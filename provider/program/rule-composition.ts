/**
 * Program side: one listener's rule declaration, composed in one place. The listener creates it with
 * the load balancer's and its own args; its pool, the pool's health monitor and every member add
 * their own args here directly, whatever order the program declares them in. The declaration text
 * (the `rule` input every rule-writing resource carries) resolves once the program's synchronous
 * declarations are done: the first macrotask after the last addition. An addition after that, a
 * second pool or monitor, or `Member` resources mixed with a `Members`, fails at program time with a
 * message that says what to change, and nothing of the rule reaches the engine.
 */
import * as pulumi from "@pulumi/pulumi";
import { argsOf, DECLARED_BY, declarationText } from "../rules/declaration";
import type { Bag } from "../contracts/contract";
import { refuseSelfDependency, type Lineage } from "./self-dependency";

/** One part of the declaration as the program adds it: what it is, who declared it, its args. */
type Part =
  | { readonly kind: "pool" | "monitor" | "member"; readonly what: string; readonly args: Bag }
  | { readonly kind: "members"; readonly what: string; readonly args: readonly Bag[] };

/** Which kind of resource declares a pool's membership: `Member` resources or one `Members`. */
type MemberOwner = { readonly batch: boolean; readonly what: string };

/** The parts of a declaration once every one is known, in the order they were added. */
interface Composed {
  readonly pool: Bag | null;
  readonly healthMonitor: Bag | null;
  /** Each member's args with the resource that declared it (`Member "a"`, `Members "b"[2]`). */
  readonly members: Bag[];
}

export class RuleComposition {
  /** The whole declaration as JSON text, once the program's declarations are done. */
  readonly text: pulumi.Output<string>;
  /** Every member's args as declared (without who declared them), in declaration order. */
  readonly memberArgs: pulumi.Output<Bag[]>;

  private readonly parts: Array<pulumi.Output<Part>> = [];
  private readonly waiters: Array<Lineage[number]> = [];
  private sealed = false;
  private timer: NodeJS.Immediate | undefined;
  private settle: { resolve(parts: Array<pulumi.Output<Part>>): void; reject(e: Error): void } = {
    resolve: () => undefined,
    reject: () => undefined,
  };
  private pool: string | undefined;
  private monitor: string | undefined;
  private memberOwner: MemberOwner | undefined;

  /**
   * `owner` names the listener in messages; `loadbalancer` and `listener` are their own args;
   * `ready` must resolve before the text does (the listener's rule-key guard).
   */
  constructor(
    private readonly owner: string,
    loadbalancer: pulumi.Input<unknown>,
    listener: pulumi.Input<unknown>,
    ready: pulumi.Input<unknown>,
  ) {
    const parts = new Promise<Array<pulumi.Output<Part>>>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    const composed = pulumi
      .output(parts)
      .apply((list) => pulumi.all(list))
      .apply((list) => compose(list as Part[]));
    this.memberArgs = composed.apply((c) => c.members.map(argsOf));
    this.text = pulumi
      .all([ready, loadbalancer, listener, composed])
      .apply(([, lb, l, c]) => declarationText({ loadbalancer: lb, listener: l, ...(c as Composed) }));
    this.arm();
  }

  /**
   * @internal `resource` (the listener, then its pool) waits for this declaration: a part computed
   * from its outputs would wait for itself, so such a part is refused.
   */
  waitedOnBy(resource: pulumi.Resource, name: string): void {
    this.waiters.push({ resource, name });
  }

  /** @internal Called by `Pool`'s constructor: a listener has one default pool. */
  addPool(what: string, args: pulumi.Input<Bag>): void {
    if (this.pool !== undefined) {
      this.refuse(
        `${what}: the listener already has a pool (${this.pool}); LoxiLB rules have one endpoint set.`,
      );
    }
    this.addOne("pool", what, args);
    this.pool = what;
  }

  /** @internal Called by `HealthMonitor`'s constructor: Octavia allows one per pool. */
  addMonitor(what: string, args: Record<string, pulumi.Input<unknown>>): void {
    refuseSelfDependency(what, "an argument", args, this.waiters);
    if (this.monitor !== undefined)
      this.refuse(`${what}: the pool already has a health monitor (Octavia allows one).`);
    this.addOne("monitor", what, args);
    this.monitor = what;
  }

  /** @internal Called by `Member`'s constructor. */
  addMember(what: string, args: Record<string, pulumi.Input<unknown>>): void {
    refuseSelfDependency(what, "an argument", args, this.waiters);
    this.claimMembers(false, what);
    this.addOne("member", what, args);
  }

  /** @internal Called by `Members`' constructor: the pool's whole membership. */
  addMemberList(what: string, list: pulumi.Input<pulumi.Input<object>[]>): void {
    refuseSelfDependency(what, "the member list", list, this.waiters);
    this.claimMembers(true, what);
    const part = pulumi
      .output(list)
      .apply((l): Part => ({ kind: "members", what, args: Array.isArray(l) ? (l as Bag[]) : [] }));
    this.add(what, part);
  }

  /** One writer per pool's membership: `Member` resources, or a single `Members`. */
  private claimMembers(batch: boolean, what: string): void {
    const owner = this.memberOwner;
    if (owner !== undefined && (batch || owner.batch)) {
      this.refuse(
        `${what}: the members of this pool are already declared by ${owner.what}; ` +
          "a pool takes either Member resources or one Members resource, not both",
      );
    }
    this.memberOwner ??= { batch, what };
  }

  private addOne(kind: "pool" | "monitor" | "member", what: string, args: pulumi.Input<object>): void {
    this.add(
      what,
      pulumi.output(args).apply((a): Part => ({ kind, what, args: a as Bag })),
    );
  }

  private add(what: string, part: pulumi.Output<Part>): void {
    if (this.sealed) {
      throw new Error(
        `${what} was declared after the rule of ${this.owner} was finalized. Declare the listener's pool, ` +
          "its health monitor and its members in the same synchronous block as the listener (before the " +
          "program's first await, and not inside an apply callback).",
      );
    }
    this.parts.push(part);
    this.arm();
  }

  /**
   * Refuse a part: the declaration fails with `message`, so every resource that waits for it (the
   * parts added earlier included) fails instead of reaching the engine, and the caller throws it.
   */
  private refuse(message: string): never {
    const error = new Error(message);
    if (!this.sealed) {
      this.sealed = true;
      if (this.timer !== undefined) clearImmediate(this.timer);
      this.settle.reject(error);
    }
    throw error;
  }

  private arm(): void {
    if (this.timer !== undefined) clearImmediate(this.timer);
    this.timer = setImmediate(() => {
      this.sealed = true;
      this.settle.resolve(this.parts);
    });
  }
}

function compose(parts: readonly Part[]): Composed {
  let pool: Bag | null = null;
  let healthMonitor: Bag | null = null;
  const members: Bag[] = [];
  for (const part of parts) {
    if (part.kind === "members") {
      members.push(...part.args.map((m, i) => ({ ...m, [DECLARED_BY]: `${part.what}[${i}]` })));
      continue;
    }
    const entry = { ...part.args, [DECLARED_BY]: part.what };
    if (part.kind === "pool") pool = entry;
    else if (part.kind === "monitor") healthMonitor = entry;
    else members.push(entry);
  }
  return { pool, healthMonitor, members };
}
