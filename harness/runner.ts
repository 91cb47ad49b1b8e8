/**
 * Child process that runs one Pulumi program under `pulumi.runtime.setMocks`, forwarding every
 * resource registration to the parent (the harness engine) over Node IPC and answering the program
 * with what the parent says: so dependents see the real ids and outputs the provider returned.
 *
 * Started by `program-run.ts` with `fork`; never imported. The Pulumi runtime keeps global state,
 * hence one process per program run.
 */
import * as path from "path";
import type * as ResourcePb from "@pulumi/pulumi/proto/resource_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import { runProgramModule } from "./program-module";
import type { InvokeRequest, ReadRegistration, Registration, RegistrationAnswer } from "./types";
import type { WireMap } from "./wire";

/** Parent → child: start the program. */
export interface RunMessage {
  readonly t: "run";
  readonly programPath: string;
  readonly args: unknown;
  readonly project: string;
  readonly stack: string;
  readonly organization: string;
  readonly preview: boolean;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

/** Parent → child: the answer to request `rid`. */
export interface AnswerMessage {
  readonly t: "answer";
  readonly rid: number;
  readonly answer: RegistrationAnswer | { ok: true; object: WireMap } | { ok: false; error: string };
}

/** Child → parent. */
export type ChildMessage =
  | { readonly t: "register"; readonly rid: number; readonly reg: Registration }
  | { readonly t: "read"; readonly rid: number; readonly reg: ReadRegistration }
  | { readonly t: "invoke"; readonly rid: number; readonly req: InvokeRequest }
  | { readonly t: "done"; readonly ok: boolean; readonly errors: string[]; readonly outputs: WireMap };

type Cb<T> = (err: Error | null, res?: T) => void;

interface MockMonitorProto {
  registerResource(
    req: ResourcePb.RegisterResourceRequest,
    cb: Cb<ResourcePb.RegisterResourceResponse>,
  ): void;
  readResource(req: ResourcePb.ReadResourceRequest, cb: Cb<ResourcePb.ReadResourceResponse>): void;
  resources: Map<string, { urn: string; id: string | null; state: unknown }>;
}

interface PulumiModules {
  readonly runtime: {
    setAllConfig(c: Record<string, string>, secretKeys?: string[]): void;
    setMocks(mocks: object, project?: string, stack?: string, preview?: boolean, org?: string): Promise<void>;
  };
  readonly mocks: { MockMonitor: { prototype: MockMonitorProto } };
  readonly settings: { waitForRPCs(): Promise<void> };
  readonly rpc: { serializeProperties(label: string, props: object): Promise<Record<string, unknown>> };
  readonly resourcePb: typeof ResourcePb;
  readonly struct: typeof StructPb;
}

let nextRid = 1;
const pending = new Map<number, (a: AnswerMessage["answer"]) => void>();

function send(msg: ChildMessage): void {
  process.send?.(msg);
}

function ask(build: (rid: number) => ChildMessage): Promise<AnswerMessage["answer"]> {
  const rid = nextRid++;
  return new Promise((resolve) => {
    pending.set(rid, resolve);
    send(build(rid));
  });
}

function loadPulumi(programPath: string): PulumiModules {
  const pkg = require.resolve("@pulumi/pulumi/package.json", { paths: [path.dirname(programPath)] });
  const dir = path.dirname(pkg);
  const load = <T>(rel: string): T => require(path.join(dir, rel)) as T;
  return {
    runtime: load<PulumiModules["runtime"]>("runtime"),
    mocks: load<PulumiModules["mocks"]>("runtime/mocks"),
    settings: load<PulumiModules["settings"]>("runtime/settings"),
    rpc: load<PulumiModules["rpc"]>("runtime/rpc"),
    resourcePb: load<typeof ResourcePb>("proto/resource_pb"),
    struct: require(
      require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [dir] }),
    ) as typeof StructPb,
  };
}

function newUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  let qualified = type;
  if (parent) {
    const parentType = (parent.split("::")[2] ?? "").split("$").pop() ?? "";
    // The engine does not prefix children of the root stack resource.
    if (parentType !== "pulumi:pulumi:Stack") qualified = `${parent.split("::")[2]}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * One program run, in the phases of a language host's: load the program's @pulumi/pulumi, hook its
 * registrations, reads and invokes up to the parent, start the mocks, run the program and wait for
 * its RPCs, then report the outcome.
 */
async function run(msg: RunMessage): Promise<void> {
  const { errors, onError } = collectErrors();
  const p = loadPulumi(msg.programPath);
  forwardRegistrations(p);
  forwardReads(p, msg);
  await startMocks(p, msg);
  const outputs = await runProgram(p, msg, onError);
  send({ t: "done", ok: errors.length === 0, errors, outputs });
}

/** Errors the program raises outside its promise chain (rejections, exceptions) are collected too. */
function collectErrors(): { errors: string[]; onError: (e: unknown) => void } {
  const errors: string[] = [];
  const onError = (e: unknown) => {
    errors.push(errorText(e));
  };
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  return { errors, onError };
}

const errorText = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));
const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** A RegisterResource request as the engine gets it: the exact wire object, dependencies and options. */
function registrationOf(req: ResourcePb.RegisterResourceRequest, seq: number): Registration {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    propertyDependencies[key] = deps.getUrnsList();
  });
  return {
    seq,
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent(),
    custom: req.getCustom(),
    object: req.getObject()?.toJavaScript() ?? {},
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    provider: req.getProvider(),
    ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    retainOnDelete: req.getRetainondelete() ?? false,
    protect: req.getProtect() ?? false,
    importId: req.getImportid(),
    deletedWith: req.getDeletedwith(),
    version: req.getVersion(),
  };
}

/** Registrations go to the parent, which runs the engine's steps; the program gets its answer. */
function forwardRegistrations(p: PulumiModules): void {
  const { resourcePb, struct } = p;
  let seq = 0;
  p.mocks.MockMonitor.prototype.registerResource = function (this: MockMonitorProto, req, cb) {
    const reg = registrationOf(req, seq++);
    ask((rid) => ({ t: "register", rid, reg })).then(
      (answer) => {
        if (!answer.ok) {
          cb(new Error(answer.error));
          return;
        }
        const a = answer as Extract<RegistrationAnswer, { ok: true }>;
        this.resources.set(a.urn, { urn: a.urn, id: a.id || null, state: a.object });
        const resp = new resourcePb.RegisterResourceResponse();
        resp.setUrn(a.urn);
        resp.setId(a.id);
        resp.setObject(struct.Struct.fromJavaScript(a.object));
        resp.setResult(resourcePb.Result.SUCCESS);
        cb(null, resp);
      },
      (e: unknown) => cb(toError(e)),
    );
  };
}

/** `get` of an existing resource (ReadResource) goes to the parent as a Read. */
function forwardReads(p: PulumiModules, msg: RunMessage): void {
  const { resourcePb, struct } = p;
  p.mocks.MockMonitor.prototype.readResource = function (this: MockMonitorProto, req, cb) {
    const reg: ReadRegistration = {
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      id: req.getId(),
      object: req.getProperties()?.toJavaScript() ?? {},
      dependencies: req.getDependenciesList(),
      provider: req.getProvider(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    };
    ask((rid) => ({ t: "read", rid, reg })).then(
      (answer) => {
        if (!answer.ok) {
          cb(new Error(answer.error));
          return;
        }
        const urn = newUrn(msg.stack, msg.project, reg.parent, reg.type, reg.name);
        const object = (answer as { object: WireMap }).object;
        this.resources.set(urn, { urn, id: reg.id, state: object });
        const resp = new resourcePb.ReadResourceResponse();
        resp.setUrn(urn);
        resp.setProperties(struct.Struct.fromJavaScript(object));
        cb(null, resp);
      },
      (e: unknown) => cb(toError(e)),
    );
  };
}

/** The stack config, and Pulumi's mocks in the engine's place; invokes go to the parent. */
async function startMocks(p: PulumiModules, msg: RunMessage): Promise<void> {
  p.runtime.setAllConfig(msg.config, msg.secretKeys);
  await p.runtime.setMocks(
    {
      newResource() {
        throw new Error("engine harness: newResource must not be reached (registerResource is replaced)");
      },
      async call(args: { token: string; inputs: unknown; provider?: string }) {
        const serialized = (await p.rpc.serializeProperties("invoke", args.inputs ?? {})) as WireMap;
        const answer = await ask((rid) => ({
          t: "invoke",
          rid,
          req: { token: args.token, args: serialized, provider: args.provider ?? "" },
        }));
        if (!answer.ok) throw new Error(answer.error);
        return (answer as { object: WireMap }).object;
      },
    },
    msg.project,
    msg.stack,
    msg.preview,
    msg.organization,
  );
}

/**
 * Runs the program and waits for its outstanding RPCs (the registrations' answers included).
 * Returns its stack outputs in wire form; errors go to `onError`.
 */
async function runProgram(
  p: PulumiModules,
  msg: RunMessage,
  onError: (e: unknown) => void,
): Promise<WireMap> {
  let outputs: WireMap = {};
  try {
    const result = await runProgramModule(require(msg.programPath) as Record<string, unknown>, msg.args);
    await p.settings.waitForRPCs();
    outputs = await stackOutputs(p, result, onError);
    await p.settings.waitForRPCs();
  } catch (e) {
    onError(e);
    try {
      await p.settings.waitForRPCs();
    } catch (e2) {
      onError(e2);
    }
  }
  return outputs;
}

/** The program's result serialized as the stack outputs (`{}` when it returned none). */
async function stackOutputs(
  p: PulumiModules,
  result: unknown,
  onError: (e: unknown) => void,
): Promise<WireMap> {
  if (result === null || typeof result !== "object") return {};
  try {
    return JSON.parse(JSON.stringify(await p.rpc.serializeProperties("stack-outputs", result))) as WireMap;
  } catch (e) {
    onError(e);
    return {};
  }
}

process.on("message", (raw: unknown) => {
  const msg = raw as RunMessage | AnswerMessage;
  if (msg.t === "run") {
    run(msg).catch((e: unknown) => {
      send({
        t: "done",
        ok: false,
        errors: [errorText(e)],
        outputs: {},
      });
    });
  } else if (msg.t === "answer") {
    const resolve = pending.get(msg.rid);
    pending.delete(msg.rid);
    resolve?.(msg.answer);
  }
});
