/**
 * A call tracer for the package's own modules: it wraps every function a compiled module exports
 * (and the methods of exported classes and plain objects) so each call from one module into another
 * is recorded with its caller, callee, and whether a marker value rode in its arguments or its
 * result. Compiled TypeScript calls another module's export through the module object
 * (`x_1.fn(...)`) at call time, so replacing the export in place sees every cross-module call; calls
 * inside one module are not hops and are not seen. A function passed to another module (a callback)
 * is wrapped too, so a module that calls back into its caller is seen as the bounce-back it is.
 * The caller of a call is tracked with AsyncLocalStorage, so it survives awaits and timers.
 */
import { AsyncLocalStorage } from "async_hooks";
import * as fs from "fs";
import * as path from "path";

/** One recorded call from one module into another. */
export interface TracedCall {
  readonly seq: number;
  /** The calling module (a path relative to the package root, without extension), or the driver's label. */
  readonly from: string;
  readonly to: string;
  readonly fn: string;
  /** True for a function handed from `to` to `from` earlier, now called back. */
  readonly callback: boolean;
  /** The modules on the call chain above this call, outermost first (the driver's label first). */
  readonly chain: readonly string[];
  readonly parent: number | undefined;
  argsCarry: boolean;
  resultCarry: boolean;
  endSeq: number | undefined;
}

interface Frame {
  readonly module: string;
  readonly chain: readonly string[];
  readonly call: number | undefined;
}

const WRAPPED = Symbol("traced");

export class CallTracer {
  readonly calls: TracedCall[] = [];
  private readonly als = new AsyncLocalStorage<Frame>();
  private seq = 0;
  private matches: (v: unknown) => boolean = () => false;

  /** `root` is the compiled package root (`dist`); `moduleOf` names modules relative to it. */
  constructor(private readonly root: string) {}

  /** Objects libraries export (io-ts's `t.string`, say): shared by every module, owned by none. */
  private readonly foreign = new Set<unknown>(Object.values(require("io-ts") as Record<string, unknown>));

  /** Wrap every module under `dir` (relative to the root) except those `skip` matches. */
  instrument(dir: string, skip: (rel: string) => boolean): void {
    for (const file of listJs(path.join(this.root, dir))) {
      const rel = path.relative(this.root, file).replace(/\.js$/, "");
      if (skip(rel)) continue;
      const exports = require(file) as Record<string, unknown>;
      this.wrapExports(rel, exports);
    }
  }

  /**
   * Run `fn` as the driver `label` while tracing calls that carry a value `matches` recognizes.
   * Calls made outside a traced run (a server's request handler, say) are not recorded.
   */
  async run<T>(label: string, matches: (v: unknown) => boolean, fn: () => Promise<T>): Promise<T> {
    this.matches = matches;
    return this.als.run({ module: label, chain: [label], call: undefined }, fn);
  }

  private wrapExports(module: string, exports: Record<string, unknown>): void {
    for (const key of Object.keys(exports)) {
      const desc = Object.getOwnPropertyDescriptor(exports, key);
      if (desc === undefined || !("value" in desc) || desc.writable !== true) continue; // re-exports
      const value = desc.value as unknown;
      if (typeof value === "function") {
        if (isClass(value)) {
          this.wrapMethods(module, `${key}.`, (value as { prototype: Record<string, unknown> }).prototype);
          exports[key] = this.wrapClass(module, key, value as new (...a: unknown[]) => unknown);
        } else {
          exports[key] = this.wrapFunction(module, key, value as (...a: unknown[]) => unknown, false);
        }
      } else if (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        !this.foreign.has(value)
      ) {
        // Plain objects of functions (a kind's handlers) and codecs (io-ts keeps validate on the instance).
        this.wrapMethods(module, `${key}.`, value as Record<string, unknown>);
      }
    }
  }

  private wrapMethods(module: string, prefix: string, target: Record<string, unknown>): void {
    for (const name of Object.getOwnPropertyNames(target)) {
      if (name === "constructor") continue;
      const desc = Object.getOwnPropertyDescriptor(target, name);
      if (desc === undefined || typeof desc.value !== "function" || desc.writable !== true) continue;
      const fn = desc.value as (...a: unknown[]) => unknown;
      if (isClass(fn)) continue;
      target[name] = this.wrapFunction(module, `${prefix}${name}`, fn, false);
    }
  }

  private wrapClass(module: string, name: string, cls: new (...a: unknown[]) => unknown): unknown {
    return new Proxy(cls, {
      construct: (target, args, newTarget) =>
        this.enter(module, `new ${name}`, false, args, () =>
          Reflect.construct(target, args, newTarget as typeof target),
        ) as object,
    });
  }

  private wrapFunction(
    module: string,
    name: string,
    fn: (...a: unknown[]) => unknown,
    callback: boolean,
  ): (...a: unknown[]) => unknown {
    if ((fn as { [WRAPPED]?: boolean })[WRAPPED] === true) return fn;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const tracer = this;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      return tracer.enter(module, name, callback, args, () => fn.apply(this, args));
    };
    Object.defineProperty(wrapped, WRAPPED, { value: true });
    Object.defineProperty(wrapped, "name", { value: fn.name });
    return wrapped;
  }

  private enter(
    module: string,
    fn: string,
    callback: boolean,
    args: unknown[],
    invoke: () => unknown,
  ): unknown {
    const frame = this.als.getStore();
    if (frame === undefined || frame.module === module) return invoke();
    const call: TracedCall = {
      seq: ++this.seq,
      from: frame.module,
      to: module,
      fn,
      callback,
      chain: frame.chain,
      parent: frame.call,
      argsCarry: carries(args, this.matches),
      resultCarry: false,
      endSeq: undefined,
    };
    this.calls.push(call);
    // A function handed to another module runs, when called back, as the module that wrote it.
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a === "function" && !isClass(a) && (a as { [WRAPPED]?: boolean })[WRAPPED] !== true) {
        args[i] = this.wrapFunction(frame.module, `(callback to ${module}.${fn})`, a as () => unknown, true);
      }
    }
    const done = (result: unknown) => {
      call.resultCarry = carries([result], this.matches);
      call.endSeq = ++this.seq;
      return result;
    };
    const inner: Frame = { module, chain: [...frame.chain, module], call: call.seq };
    const result = this.als.run(inner, invoke);
    if (result instanceof Promise) return result.then(done);
    return done(result);
  }
}

/** Whether `value` holds something `matches` recognizes, looking into objects, arrays and maps. */
function carries(values: unknown[], matches: (v: unknown) => boolean): boolean {
  const seen = new Set<unknown>();
  let budget = 20_000;
  const visit = (v: unknown, depth: number): boolean => {
    if (budget-- <= 0) return false;
    if (matches(v)) return true;
    if (typeof v !== "object" || v === null || depth > 12 || seen.has(v)) return false;
    seen.add(v);
    // Maps and sets are process-wide state (caches, queues, registries) here, not a value in transit:
    // a call that returns the state object is not the value travelling.
    if (v instanceof Map || v instanceof Set) return false;
    if (Array.isArray(v)) return v.some((x) => visit(x, depth + 1));
    if (ArrayBuffer.isView(v)) return matches(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString());
    // Pulumi outputs and other class instances are opaque here; plain data is what travels.
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null && !(v instanceof Error)) return false;
    return Object.values(v).some((x) => visit(x, depth + 1));
  };
  return values.some((v) => visit(v, 0));
}

function isClass(fn: unknown): boolean {
  return typeof fn === "function" && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function listJs(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? listJs(path.join(dir, e.name))
        : e.name.endsWith(".js")
          ? [path.join(dir, e.name)]
          : [],
    )
    .sort();
}
