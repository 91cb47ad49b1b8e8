/**
 * The object Pulumi serializes into every resource's `__provider`. It captures plain data only
 * (the resource kind, the provider version and the engine's `--parallel` as the program saw it) and
 * loads the package's compiled handlers by name at run time, so no codec, client, config or secret
 * is ever copied into the stack state, and the serialized text stays small. Keep its methods plain
 * (no arrow properties, no `this` beyond the three fields): Pulumi's closure serializer rebuilds it
 * without running the constructor.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "./kinds";

type Handlers = typeof import("./handlers");

/** A dynamic provider for one resource kind; all logic lives in `./handlers`. */
export class LoxiProvider implements pulumi.dynamic.ResourceProvider {
  constructor(
    readonly kind: ResourceKind,
    readonly version: string,
    /** The engine's `--parallel`, or 0 when the program was not told (see rules/batch-queue.ts). */
    readonly parallel: number,
  ) {}

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    return loadHandlers().configure(req);
  }

  async check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
    return loadHandlers().check(this.kind, olds, news);
  }

  async diff(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
    return loadHandlers().diff(this.kind, id, olds, news);
  }

  async create(inputs: unknown): Promise<pulumi.dynamic.CreateResult> {
    return writer(this.parallel).create(this.kind, inputs);
  }

  async read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
    return loadHandlers().read(this.kind, id, props);
  }

  async update(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult> {
    return writer(this.parallel).update(this.kind, id, olds, news);
  }

  async delete(id: string, props: unknown): Promise<void> {
    return writer(this.parallel).remove(this.kind, id, props);
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
 * Load the handlers from the installed package (the provider host resolves modules from the
 * program directory). Inside this repository the package is linked into node_modules as itself.
 */
function loadHandlers(): Handlers {
  return require("pulumi-loxilb/dist/provider/resources/handlers.js") as Handlers;
}

/** The handlers for a create, update or delete, told the engine's `--parallel` first. */
function writer(parallel: number): Handlers {
  const h = loadHandlers();
  h.noteEngineParallel(parallel);
  return h;
}
