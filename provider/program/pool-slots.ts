/**
 * Program-side collection of what a pool's members must all know: the pool's health monitor and
 * every member's spec, whatever order the program declares them in. Each slot resolves once the
 * program's synchronous declarations are done (the first macrotask after the last registration);
 * a registration after that fails at program time with a message that says what to move.
 */
import * as pulumi from "@pulumi/pulumi";

/** Collects items for a parent and resolves them all at once. */
export class SealedCollector<T> {
  private readonly items: Array<pulumi.Input<T>> = [];
  private sealed = false;
  private timer: NodeJS.Immediate | undefined;
  private resolveItems: (items: Array<pulumi.Input<T>>) => void = () => undefined;
  private rejectItems: (e: Error) => void = () => undefined;
  /** Every collected item, resolved. */
  readonly all: pulumi.Output<T[]>;

  constructor(private readonly owner: string) {
    const items = new Promise<Array<pulumi.Input<T>>>((resolve, reject) => {
      this.resolveItems = resolve;
      this.rejectItems = reject;
    });
    this.all = pulumi.output(items).apply((list) => pulumi.all(list)) as pulumi.Output<T[]>;
    this.arm();
  }

  /** Add an item; throws if the collection was already finalized. */
  add(item: pulumi.Input<T>, what: string): void {
    if (this.sealed) {
      throw new Error(
        `${what} was declared after ${this.owner} was finalized. Declare it in the same synchronous block ` +
          `as ${this.owner} (before the program's first await, and not inside an apply callback).`,
      );
    }
    this.items.push(item);
    this.arm();
  }

  /**
   * Fail the collection: everything that waits for it (every registration taking `all` as an input)
   * fails with `error` instead of reaching the engine.
   */
  fail(error: Error): void {
    this.sealed = true;
    if (this.timer !== undefined) clearImmediate(this.timer);
    this.rejectItems(error);
  }

  get count(): number {
    return this.items.length;
  }

  private arm(): void {
    if (this.timer !== undefined) clearImmediate(this.timer);
    this.timer = setImmediate(() => {
      this.sealed = true;
      this.resolveItems(this.items);
    });
  }
}
