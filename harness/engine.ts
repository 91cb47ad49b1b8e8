/**
 * `EngineHarness`: plays the Pulumi engine for real Pulumi programs against the real shipped
 * dynamic-provider host, over gRPC, with a stack state kept in memory between operations.
 *
 *   const h = await EngineHarness.start({ projectDir, project, stack, config, secretKeys });
 *   const plan = await h.preview(programPath, args);   // Check/Diff only
 *   await h.up(programPath, args);                      // Check/Diff/Create/Update/Delete
 *   await h.refresh(); await h.destroy(); await h.stop();
 *
 * See README.md in this folder for what is and is not reproduced.
 */
import { randomUUID } from "crypto";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import { blankState, computeUrn, Deployment, Semaphore, type ResState } from "./deployment";
import { startProgram, type ProgramRunResult } from "./program-run";
import { loadProto, type Proto } from "./proto";
import { configureProvider, PROVIDER_TYPE } from "./provider-config";
import { ProviderHost, RpcError } from "./provider-host";
import {
  DynamicProviderPlugin,
  MockProviderPlugin,
  type MockResourceHandler,
  type ProviderPlugin,
  type ProviderProtocol,
} from "./provider-plugin";
import type {
  CheckFailure,
  InvokeRequest,
  OperationResult,
  PlanStep,
  StateEntry,
  TranscriptEntry,
} from "./types";
import {
  changedKeys,
  clone,
  encryptSecrets,
  makeSecret,
  plaintextSecrets,
  secretKeysOf,
  UNKNOWN,
  type Wire,
  type WireMap,
} from "./wire";

export interface EngineHarnessOptions {
  /** Working directory of the provider host and of the programs (must resolve `@pulumi/pulumi`). */
  readonly projectDir: string;
  readonly project: string;
  readonly stack: string;
  readonly organization?: string;
  /** Stack config, namespaced keys (`loxilb:apiToken`), string values. */
  readonly config?: Record<string, string>;
  /** Config keys that are secrets. */
  readonly secretKeys?: string[];
  /** Extra environment of the provider host process. */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra environment of the program processes. */
  readonly programEnv?: NodeJS.ProcessEnv;
  /** Steps executed at once (the engine's `--parallel`; default 4 × CPUs). */
  readonly parallel?: number;
  /** Deadline of each gRPC call (default 60 s). */
  readonly callTimeoutMs?: number;
  /** Deadline of one program run (default 120 s). */
  readonly programTimeoutMs?: number;
  /** Start a new provider host before every operation, like separate `pulumi` invocations. */
  readonly freshProviderPerOperation?: boolean;
  /** Serves custom resources that are not `pulumi-nodejs:dynamic*` (e.g. `@pulumi/openstack`). */
  readonly mockResource?: MockResourceHandler;
  /** Serves invokes (data sources) the program makes. */
  readonly invoke?: (req: InvokeRequest) => WireMap | Promise<WireMap>;
}

/** An operation failed the way `pulumi up` fails: the message names the resource and the reason. */
export class EngineOperationError extends Error {
  constructor(
    message: string,
    readonly operation: string,
    readonly steps: PlanStep[],
    readonly failures: CheckFailure[],
    readonly programErrors: string[],
  ) {
    super(message);
    this.name = "EngineOperationError";
  }
}

function isDynamic(type: string): boolean {
  return type.startsWith("pulumi-nodejs:dynamic");
}

export class EngineHarness {
  private readonly proto: Proto;
  private readonly t0 = performance.now();
  private host: ProviderHost | undefined;
  private readonly hostPids: number[] = [];
  private readonly entries: TranscriptEntry[] = [];
  private readonly logs: string[] = [];
  private snapshot: ResState[] = [];
  private providerState: ResState | undefined;
  private config: Record<string, string>;
  private secretKeys: string[];
  private currentOp = "start";
  private busy = false;
  private opConfigured: Promise<void> | undefined;
  private providerId: string | undefined;
  /** The id the provider was configured with in this operation (unknown in a preview of a new one). */
  private configuredId = "";
  private protocol: ProviderProtocol = {
    acceptSecrets: false,
    acceptResources: false,
    supportsPreview: false,
  };
  private readonly dynamicPlugin: DynamicProviderPlugin;
  private readonly mockPlugin: MockProviderPlugin;

  private constructor(private readonly opts: EngineHarnessOptions) {
    this.proto = loadProto(opts.projectDir);
    this.config = { ...(opts.config ?? {}) };
    this.secretKeys = [...(opts.secretKeys ?? [])];
    this.dynamicPlugin = new DynamicProviderPlugin(
      this.proto,
      () => this.requireHost(),
      () => this.protocol,
    );
    this.mockPlugin = new MockProviderPlugin(opts.mockResource, (method, urn, request, response) => {
      const now = this.now();
      this.record({ method, urn, startedAt: now, endedAt: now, request, response });
    });
  }

  /** Launch the provider host and handshake with it (GetPluginInfo, Handshake). */
  static async start(opts: EngineHarnessOptions): Promise<EngineHarness> {
    const h = new EngineHarness(opts);
    try {
      await h.startHost();
    } catch (e) {
      await h.stop();
      throw e;
    }
    return h;
  }

  // ---------------------------------------------------------------- operations

  /** `pulumi preview`: Check and Diff only; never Create, Update or Delete. State is unchanged. */
  preview(programPath: string, args?: unknown): Promise<OperationResult> {
    return this.operation("preview", () => this.deploy(true, programPath, args));
  }

  /** `pulumi up --skip-preview`: the full deployment; the state is updated (also on failure). */
  up(programPath: string, args?: unknown): Promise<OperationResult> {
    return this.operation("up", () => this.deploy(false, programPath, args));
  }

  /** `pulumi refresh`: Read every custom resource; an empty id removes it from the state. */
  refresh(): Promise<OperationResult> {
    return this.operation("refresh", async () => {
      const prev = clone(this.snapshot);
      const steps: PlanStep[] = [];
      const gone = new Set<ResState>();
      const sem = new Semaphore(this.parallel);
      let failure: Error | undefined;
      await Promise.all(
        prev.map((r) =>
          sem.run(async () => {
            if (!r.custom || r.pendingReplacement || failure) return;
            const base = {
              urn: r.urn,
              type: r.type,
              name: r.name,
              replaceKeys: [],
              deleteBeforeReplace: false,
            };
            try {
              const plugin = await this.pluginFor(r.type);
              const res = await plugin.plugin.read({
                urn: r.urn,
                id: r.id,
                inputs: r.inputs,
                state: r.outputs,
              });
              if (!res.id) {
                gone.add(r);
                steps.push({ ...base, op: "delete", diffKeys: [] });
                return;
              }
              const keys = changedKeys(r.outputs, res.outputs);
              const oldInputs = r.inputs;
              r.id = res.id;
              r.outputs = res.outputs;
              if (res.inputs) r.inputs = res.inputs;
              if (!r.external) {
                // The refresh diff the engine shows: the diff an `up` of an unchanged program would
                // make right after this refresh, asked with the refreshed state as the old side.
                await plugin.plugin.diff({
                  urn: r.urn,
                  id: r.id,
                  oldInputs: r.inputs,
                  oldOutputs: r.outputs,
                  newInputs: oldInputs,
                  allowUnknowns: false,
                  ignoreChanges: r.ignoreChanges,
                });
              }
              steps.push({ ...base, op: keys.length > 0 ? "update" : "same", diffKeys: keys });
            } catch (e) {
              failure ??= e instanceof Error ? e : new Error(String(e));
              steps.push({ ...base, op: "refresh", diffKeys: [], error: failure.message });
            }
          }),
        ),
      );
      // The default provider stays as it is: a refresh never removes provider resources.
      this.snapshot = rebuildBaseState(prev, gone);
      if (failure) throw new EngineOperationError(failure.message, "refresh", steps, [], []);
      return { steps, outputs: {}, programLogs: [] };
    });
  }

  /** `pulumi destroy`: Delete every resource, dependents first (antichains in parallel). */
  destroy(): Promise<OperationResult> {
    return this.operation("destroy", async () => {
      const d = this.newDeployment(false);
      await d.performDeletes();
      await d.drain();
      this.snapshot = d.result();
      this.syncProviderState(false, !d.failure);
      if (d.failure) throw new EngineOperationError(d.failure.message, "destroy", d.steps, [], []);
      return { steps: d.steps, outputs: {}, programLogs: [] };
    });
  }

  /** Simulate a new `pulumi` invocation: a new provider host process; the state is kept. */
  async restartProvider(): Promise<void> {
    if (this.busy) throw new Error("cannot restart the provider during an operation");
    await this.stopHost();
    await this.startHost();
  }

  /** Replace the stack config (used by the next operation's Configure). */
  setConfig(config: Record<string, string>, secretKeys?: string[]): void {
    this.config = { ...config };
    if (secretKeys) this.secretKeys = [...secretKeys];
  }

  /** Cancel and kill the provider host (its whole process group). */
  async stop(): Promise<void> {
    this.currentOp = "stop";
    await this.stopHost();
  }

  // ---------------------------------------------------------------- inspection

  /** The stack's resources (the default provider resource excluded), secrets kept as wrappers. */
  state(): StateEntry[] {
    return this.snapshot.map(toEntry);
  }

  /**
   * Like `pulumi stack export`: every resource including the provider, secrets encrypted (or, with
   * `showSecrets`, in clear as `--show-secrets` prints them).
   */
  exportState(opts: { showSecrets?: boolean } = {}): {
    version: number;
    deployment: { resources: WireMap[] };
  } {
    const all = [...(this.providerState ? [this.providerState] : []), ...this.snapshot];
    const secrets = opts.showSecrets === true ? plaintextSecrets : encryptSecrets;
    return {
      version: 3,
      deployment: {
        resources: all.map((r) =>
          omitEmpty({
            urn: r.urn,
            custom: r.custom,
            id: r.id,
            type: r.type,
            inputs: secrets(r.inputs),
            outputs: secrets(r.outputs),
            parent: r.parent,
            dependencies: r.dependencies,
            provider: r.provider,
            propertyDependencies: r.propertyDependencies,
            protect: r.protect,
            delete: r.pendingDelete,
            pendingReplacement: r.pendingReplacement,
            external: r.external,
          }),
        ),
      },
    };
  }

  /** Every gRPC call made so far (and mocked provider calls), in completion order. */
  transcript(): TranscriptEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Lines the provider host printed after its port (provider `console.log`/`console.error`). */
  providerLogs(): string[] {
    return [...this.logs];
  }

  /** pid of the current provider host (`sh` group leader); -1 when stopped. */
  providerPid(): number {
    return this.host?.pid ?? -1;
  }

  /** pids of every provider host this harness started, in order. */
  providerPids(): number[] {
    return [...this.hostPids];
  }

  /** The URN the engine gives a resource. */
  urn(type: string, name: string, parent = ""): string {
    return computeUrn(this.opts.stack, this.opts.project, parent, type, name);
  }

  // ---------------------------------------------------------------- internals

  private get parallel(): number {
    return this.opts.parallel ?? 4 * Math.max(1, os.cpus().length);
  }

  private now(): number {
    return performance.now() - this.t0;
  }

  private record(e: Omit<TranscriptEntry, "seq" | "operation">): TranscriptEntry {
    const entry: TranscriptEntry = { seq: this.entries.length, operation: this.currentOp, ...e };
    this.entries.push(entry);
    return entry;
  }

  private requireHost(): ProviderHost {
    if (!this.host) throw new Error("the provider host is not running");
    return this.host;
  }

  private get providerUrn(): string {
    return `urn:pulumi:${this.opts.stack}::${this.opts.project}::${PROVIDER_TYPE}::default`;
  }

  private configWire(): WireMap {
    const out: WireMap = {};
    for (const [k, v] of Object.entries(this.config))
      out[k] = this.secretKeys.includes(k) ? makeSecret(v) : v;
    return out;
  }

  private struct(map: WireMap): StructPb.Struct {
    return this.proto.struct.Struct.fromJavaScript(clone<{ [k: string]: StructPb.JavaScriptValue }>(map));
  }

  private async startHost(): Promise<void> {
    // PULUMI_CONFIG holds only the `pulumi-nodejs` namespace, without the namespace (host.go).
    const nodejsConfig: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.config)) {
      if (k.startsWith("pulumi-nodejs:")) nodejsConfig[k.slice("pulumi-nodejs:".length)] = v;
    }
    const host = await ProviderHost.start({
      proto: this.proto,
      cwd: this.opts.projectDir,
      env: {
        ...process.env,
        PULUMI_NODEJS_PROJECT: this.opts.project,
        PULUMI_PROJECT: this.opts.project,
        PULUMI_CONFIG: JSON.stringify(nodejsConfig),
        ...this.opts.env,
      },
      onLog: (line) => this.logs.push(line),
      record: (e) => this.record(e),
      now: () => this.now(),
      callTimeoutMs: this.opts.callTimeoutMs ?? 60_000,
      startTimeoutMs: 30_000,
    });
    this.host = host;
    this.hostPids.push(host.pid);
    await this.handshake(host);
    const empty = new this.proto.empty.Empty();
    await host.call("GetPluginInfo", host.client.getPluginInfo.bind(host.client), empty, {
      request: {},
      response: (r) => ({ version: r.getVersion() }),
    });
  }

  /**
   * The engine's first call to a plugin (before GetPluginInfo), with the engine's capabilities. Its
   * directories are the plugin's install folder (the folder of `pulumi-resource-pulumi-nodejs`, i.e.
   * @pulumi/pulumi's). The dynamic host answers UNIMPLEMENTED; the engine then negotiates through
   * Configure (and, for example, does not send old outputs to Check after all).
   */
  private async handshake(host: ProviderHost): Promise<void> {
    const dir = this.proto.pulumiDir;
    const hs = new this.proto.provider.ProviderHandshakeRequest();
    hs.setEngineAddress("127.0.0.1:1");
    hs.setRootDirectory(dir);
    hs.setProgramDirectory(dir);
    hs.setConfigureWithUrn(true);
    hs.setSupportsViews(true);
    hs.setSupportsRefreshBeforeUpdate(true);
    hs.setInvokeWithPreview(true);
    hs.setAcceptsByteString(true);
    hs.setSendsOldOutputsToCheck(true);
    hs.setAcceptsOutputsInInvoke(true);
    hs.setAcceptsOutputsInCall(true);
    try {
      await host.call("Handshake", host.client.handshake.bind(host.client), hs, {
        request: { engineAddress: "127.0.0.1:1", rootDirectory: dir },
        response: (r) => r.toObject() as Wire,
      });
    } catch (e) {
      if (!(e instanceof RpcError && e.code === this.proto.grpc.status.UNIMPLEMENTED)) throw e;
    }
  }

  private async stopHost(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    this.opConfigured = undefined;
    if (host) await host.stop();
  }

  private async operation<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy) throw new Error(`cannot start ${name}: another operation is in progress`);
    this.busy = true;
    this.opConfigured = undefined;
    try {
      // A host left from `start` (or `restartProvider`) ends before the command gets its own.
      if (this.opts.freshProviderPerOperation && this.host) await this.stopHost();
      this.currentOp = name;
      if (!this.host) await this.startHost();
      return await fn();
    } finally {
      // Like the CLI at the end of a command: Cancel, then the plugin exits.
      if (this.opts.freshProviderPerOperation) await this.stopHost().catch(() => undefined);
      this.busy = false;
      this.currentOp = "idle";
    }
  }

  /** The default `pulumi-nodejs` provider: CheckConfig, DiffConfig, Configure, once per operation. */
  private ensureConfigured(): Promise<void> {
    if (!this.opConfigured) this.opConfigured = this.configure();
    return this.opConfigured;
  }

  private async configure(): Promise<void> {
    // A provider a preview would create has no id yet: the engine configures it with the unknown id.
    const id =
      this.providerState?.id ?? (this.currentOp === "preview" ? UNKNOWN : (this.providerId ??= randomUUID()));
    this.protocol = await configureProvider({
      proto: this.proto,
      host: this.requireHost(),
      urn: this.providerUrn,
      config: this.configWire(),
      state: this.providerState,
      fromState: this.currentOp === "refresh" || this.currentOp === "destroy",
      id,
    });
    this.configuredId = id;
    if (id !== UNKNOWN) this.providerId = id;
  }

  private async pluginFor(type: string): Promise<{ plugin: ProviderPlugin; providerRef: string }> {
    if (isDynamic(type)) {
      await this.ensureConfigured();
      return { plugin: this.dynamicPlugin, providerRef: `${this.providerUrn}::${this.configuredId}` };
    }
    const pkg = type.split(":")[0] ?? type;
    const ref = `urn:pulumi:${this.opts.stack}::${this.opts.project}::pulumi:providers:${pkg}::default::mock`;
    return { plugin: this.mockPlugin, providerRef: ref };
  }

  private newDeployment(preview: boolean): Deployment {
    return new Deployment({
      preview,
      stack: this.opts.stack,
      project: this.opts.project,
      parallel: this.parallel,
      snapshot: this.snapshot,
      pluginFor: (type) => this.pluginFor(type),
    });
  }

  private async deploy(preview: boolean, programPath: string, args: unknown): Promise<OperationResult> {
    const d = this.newDeployment(preview);
    const run = startProgram({
      programPath: path.resolve(programPath),
      ...(args !== undefined ? { args } : {}),
      project: this.opts.project,
      stack: this.opts.stack,
      ...(this.opts.organization !== undefined ? { organization: this.opts.organization } : {}),
      preview,
      config: this.config,
      secretKeys: this.secretKeys,
      cwd: this.opts.projectDir,
      // The Node.js language host tells the program the engine's --parallel (cmd/run/index.ts).
      env: { PULUMI_NODEJS_PARALLEL: String(this.parallel), ...this.opts.programEnv },
      timeoutMs: this.opts.programTimeoutMs ?? 120_000,
      onRegister: (reg) => d.onRegister(reg),
      onRead: (reg) => d.onRead(reg),
      onInvoke: async (req) => {
        if (!this.opts.invoke) throw new Error(`unexpected invoke ${req.token} (pass an invoke handler)`);
        return this.opts.invoke(req);
      },
    });
    const first = await Promise.race([run.done, d.failed.then(() => undefined)]);
    let prog: ProgramRunResult;
    if (first === undefined) {
      // The engine bails at the first failed step: in-flight steps finish, nothing new starts.
      await d.drain();
      run.kill();
      prog = await run.done;
    } else {
      prog = first;
    }
    if (!d.failure && !prog.ok) d.fail(new Error(`the program failed:\n${prog.errors.join("\n")}`));
    if (!d.failure) await d.performDeletes();
    await d.drain();
    if (!preview) {
      this.snapshot = d.result();
      this.syncProviderState(this.opConfigured !== undefined, !d.failure);
    }
    if (d.failure) {
      throw new EngineOperationError(
        d.failure.message,
        preview ? "preview" : "up",
        d.steps,
        d.failures,
        prog.errors,
      );
    }
    return { steps: d.steps, outputs: prog.outputs, programLogs: prog.logs };
  }

  /**
   * The default provider resource in the state after an up or a destroy, as the engine keeps it: an
   * up in which a dynamic resource needed it registers it with the current config, and it stays
   * even if the up then failed; an up or destroy that succeeded leaves no provider that no resource
   * uses; a failed one leaves it otherwise as it was. Refresh and preview never change it.
   */
  private syncProviderState(configured: boolean, succeeded: boolean): void {
    const used = this.snapshot.some((r) => r.custom && isDynamic(r.type));
    if (succeeded && !used) {
      this.providerState = undefined;
      this.providerId = undefined;
    } else if (configured || (used && !this.providerState)) {
      const wire = this.configWire();
      this.providerState = {
        ...blankState(this.providerUrn, PROVIDER_TYPE, "default", true, ""),
        id: this.providerId ?? randomUUID(),
        inputs: wire,
        outputs: clone(wire),
      };
    }
  }
}

/** Like the checkpoint's JSON: fields that are false or empty are left out (`custom` stays). */
function omitEmpty(r: WireMap): WireMap {
  const empty = (v: Wire | undefined) =>
    v === false ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
  return Object.fromEntries(Object.entries(r).filter(([k, v]) => k === "custom" || !empty(v)));
}

function toEntry(r: ResState): StateEntry {
  return clone({
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    id: r.id,
    parent: r.parent,
    inputs: r.inputs,
    outputs: r.outputs,
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
    secretOutputKeys: secretKeysOf(r.outputs),
    provider: r.provider,
    external: r.external,
    pendingDelete: r.pendingDelete,
    pendingReplacement: r.pendingReplacement,
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    initErrors: r.initErrors,
  });
}

/**
 * The engine's `rebuildBaseState` after a refresh: the resources the refresh removed leave the
 * state, and every dependency list is rebuilt from the resources listed before it (a list that was
 * empty stays as it was; a property dependency left without a resource loses its key); a removed
 * parent is replaced by its own parent, a removed `deletedWith` is cleared.
 */
function rebuildBaseState(prev: readonly ResState[], gone: ReadonlySet<ResState>): ResState[] {
  const parentOf = new Map(prev.map((r) => [r.urn, r.parent]));
  const goneUrns = new Set([...gone].map((r) => r.urn));
  const referenceable = new Set<string>();
  const out: ResState[] = [];
  for (const r of prev) {
    if (gone.has(r)) continue;
    const propertyDependencies: Record<string, string[]> = {};
    for (const [k, urns] of Object.entries(r.propertyDependencies)) {
      const kept = urns.filter((u) => referenceable.has(u));
      if (kept.length > 0) propertyDependencies[k] = kept;
    }
    let parent = r.parent;
    while (parent !== "" && goneUrns.has(parent) && !referenceable.has(parent))
      parent = parentOf.get(parent) ?? "";
    out.push({
      ...r,
      dependencies: r.dependencies.filter((u) => referenceable.has(u)),
      propertyDependencies:
        Object.keys(r.propertyDependencies).length > 0 ? propertyDependencies : r.propertyDependencies,
      parent,
      deletedWith: referenceable.has(r.deletedWith) ? r.deletedWith : "",
    });
    referenceable.add(r.urn);
  }
  return out;
}
