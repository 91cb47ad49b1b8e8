/**
 * The object Pulumi serializes into every resource's `__provider`. It captures plain data only
 * (the resource kind, the provider version and the engine's `--parallel` as the program saw it) and
 * loads the package's compiled handlers by name at run time, so no codec, client, config or secret
 * is ever copied into the stack state, and the serialized text stays small. Keep its methods plain
 * (no arrow properties, no `this` beyond the three fields): Pulumi's closure serializer rebuilds it
 * without running the constructor.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../contracts/kinds";
import type * as Handlers from "../resources/handlers";

/**
 * A dynamic provider for one resource kind; all logic lives in `resources/handlers.ts`. Every byte of its
 * methods is serialized into each resource's inputs and outputs (about 3 KB for the whole object)
 * and the file backend rewrites the whole state after every step, so the methods stay one line
 * each: no `async` (each would add a wrapper), no comments inside them.
 */
export class LoxiProvider implements pulumi.dynamic.ResourceProvider {
  // `parallel`: the engine's `--parallel`, or 0 when the program was not told (rules/batch-queue.ts).
  constructor(
    readonly kind: ResourceKind,
    readonly version: string,
    readonly parallel: number,
  ) {}

  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    return handlers().configure(req);
  }

  check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
    return handlers().check(this.kind, olds, news);
  }

  diff(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
    return handlers().diff(this.kind, id, olds, news);
  }

  create(inputs: unknown): Promise<pulumi.dynamic.CreateResult> {
    return handlers(this.parallel).create(this.kind, inputs);
  }

  read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
    return handlers().read(this.kind, id, props);
  }

  update(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult> {
    return handlers(this.parallel).update(this.kind, id, olds, news);
  }

  delete(id: string, props: unknown): Promise<void> {
    return handlers(this.parallel).remove(this.kind, id, props);
  }
}

const shared = new Map<string, LoxiProvider>();

/**
 * The provider object for `kind`, one per kind and version in a process. Pulumi serializes a
 * dynamic provider once per provider *object* (it caches by identity), and serializing one takes
 * ~10 ms of closure inspection: one object per resource made a 281-resource program spend ~3 s
 * before its first registration.
 */
export function providerFor(kind: ResourceKind, version: string): LoxiProvider {
  const parallel = engineParallel();
  const key = `${kind}@${version}@${parallel}`;
  let p = shared.get(key);
  if (p === undefined) {
    p = new LoxiProvider(kind, version, parallel);
    shared.set(key, p);
  }
  return p;
}

/**
 * The engine's `--parallel` as the Node.js language host passes it to the program
 * (`PULUMI_NODEJS_PARALLEL`), or 0 when it did not (mocks, some automation set-ups). The provider
 * process is not told, so the program hands it over inside the serialized provider.
 */
export function engineParallel(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env["PULUMI_NODEJS_PARALLEL"]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * The handlers, loaded from the installed package (the provider host resolves modules from the
 * program directory; inside this repository the package resolves as itself). A write passes the
 * engine's `--parallel` first.
 */
function handlers(parallel?: number): typeof Handlers {
  const h = require("pulumi-loxilb/dist/provider/resources/handlers.js") as typeof Handlers;
  if (parallel !== undefined) h.noteEngineParallel(parallel);
  return h;
}
