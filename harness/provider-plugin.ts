/**
 * The engine's side of the provider protocol (what `provider_plugin.go` does around each RPC):
 * marshal property maps for a provider that answered `acceptSecrets=false`, keep or drop unknowns,
 * short-circuit Create/Update in preview for a provider without `supportsPreview`, re-mark secrets
 * on the way back, and turn partial failures into init errors.
 */
import { randomBytes } from "crypto";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import type { Proto } from "./proto";
import { RpcError, structToJs, type ProviderHost } from "./provider-host";
import type { CheckFailure } from "./types";
import {
  annotateSecrets,
  changedKeys,
  clone,
  containsUnknowns,
  marshalForProvider,
  unwrapSecrets,
  type Wire,
  type WireMap,
} from "./wire";

export interface DiffResult {
  readonly changes: "unknown" | "none" | "some";
  readonly replaceKeys: string[];
  /** The provider's `diffs` (empty from the dynamic host) or, for DIFF_UNKNOWN, the engine's own. */
  readonly changedKeys: string[];
  readonly stableKeys: string[];
  readonly deleteBeforeReplace: boolean;
}

export interface ProviderPlugin {
  check(req: {
    urn: string;
    olds: WireMap;
    news: WireMap;
    /** The old outputs of an existing resource ({} for a new or re-created one). */
    oldOutputs: WireMap;
    allowUnknowns: boolean;
  }): Promise<{
    inputs: WireMap;
    failures: CheckFailure[];
  }>;
  diff(req: {
    urn: string;
    id: string;
    oldInputs: WireMap;
    oldOutputs: WireMap;
    newInputs: WireMap;
    allowUnknowns: boolean;
    ignoreChanges: string[];
  }): Promise<DiffResult>;
  create(req: {
    urn: string;
    properties: WireMap;
    preview: boolean;
  }): Promise<{ id: string; outputs: WireMap }>;
  update(req: {
    urn: string;
    id: string;
    oldInputs: WireMap;
    oldOutputs: WireMap;
    newInputs: WireMap;
    preview: boolean;
    ignoreChanges: string[];
  }): Promise<{ outputs: WireMap }>;
  read(req: {
    urn: string;
    id: string;
    inputs: WireMap | undefined;
    state: WireMap;
  }): Promise<{ id: string; outputs: WireMap; inputs: WireMap | undefined }>;
  delete(req: { urn: string; id: string; inputs: WireMap; outputs: WireMap }): Promise<void>;
}

/** A Create/Update/Read that failed after the object came to exist (`ErrorResourceInitFailed`). */
export class InitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly outputs: WireMap,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "InitError";
  }
}

export interface ProviderProtocol {
  readonly acceptSecrets: boolean;
  readonly acceptResources: boolean;
  readonly supportsPreview: boolean;
}

export function urnName(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

export function urnType(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

type StructInput = { [key: string]: StructPb.JavaScriptValue };

/** The real dynamic-provider host behind the protocol. */
export class DynamicProviderPlugin implements ProviderPlugin {
  constructor(
    private readonly proto: Proto,
    private readonly host: () => ProviderHost,
    private readonly protocol: () => ProviderProtocol,
  ) {}

  private struct(map: WireMap): StructPb.Struct {
    return this.proto.struct.Struct.fromJavaScript(clone<StructInput>(map));
  }

  private marshal(map: WireMap, keepUnknowns: boolean): WireMap {
    // acceptSecrets/acceptResources are false for the dynamic host; a host answering true would
    // need secrets kept, which this harness does not model.
    return marshalForProvider(map, { keepUnknowns });
  }

  async check(req: {
    urn: string;
    olds: WireMap;
    news: WireMap;
    oldOutputs: WireMap;
    allowUnknowns: boolean;
  }) {
    const pb = this.proto.provider;
    const olds = this.marshal(req.olds, req.allowUnknowns);
    const news = this.marshal(req.news, req.allowUnknowns);
    const oldOutputs = this.marshal(req.oldOutputs, req.allowUnknowns);
    const r = new pb.CheckRequest();
    identify(r, req.urn);
    r.setOlds(this.struct(olds));
    r.setNews(this.struct(news));
    r.setRandomseed(randomBytes(32));
    r.setOldOutputs(this.struct(oldOutputs));
    const host = this.host();
    const res = await host.call("Check", host.client.check.bind(host.client), r, {
      urn: req.urn,
      request: { urn: req.urn, name: urnName(req.urn), type: urnType(req.urn), olds, news, oldOutputs },
      response: (x) => ({
        inputs: structToJs(x.getInputs()),
        failures: x.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      }),
    });
    let inputs = (structToJs(res.getInputs()) ?? {}) as WireMap;
    if (!req.allowUnknowns && containsUnknowns(inputs)) {
      throw new Error(`Check of ${req.urn} returned unknown values outside of a preview`);
    }
    if (!this.protocol().acceptSecrets) inputs = annotateSecrets(inputs, req.news);
    const failures = res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    return { inputs, failures };
  }

  async diff(req: {
    urn: string;
    id: string;
    oldInputs: WireMap;
    oldOutputs: WireMap;
    newInputs: WireMap;
    allowUnknowns: boolean;
    ignoreChanges: string[];
  }): Promise<DiffResult> {
    const pb = this.proto.provider;
    const oldInputs = this.marshal(req.oldInputs, req.allowUnknowns);
    const olds = this.marshal(req.oldOutputs, req.allowUnknowns);
    const news = this.marshal(req.newInputs, req.allowUnknowns);
    const r = new pb.DiffRequest();
    r.setId(req.id);
    identify(r, req.urn);
    r.setOldInputs(this.struct(oldInputs));
    r.setOlds(this.struct(olds));
    r.setNews(this.struct(news));
    r.setIgnorechangesList(req.ignoreChanges);
    const host = this.host();
    const res = await host.call("Diff", host.client.diff.bind(host.client), r, {
      urn: req.urn,
      request: { id: req.id, urn: req.urn, olds, news, oldInputs, ignoreChanges: req.ignoreChanges },
      response: (x) => ({
        changes: ["DIFF_UNKNOWN", "DIFF_NONE", "DIFF_SOME"][x.getChanges()] ?? x.getChanges(),
        replaces: x.getReplacesList(),
        stables: x.getStablesList(),
        diffs: x.getDiffsList(),
        deleteBeforeReplace: x.getDeletebeforereplace(),
      }),
    });
    const code = res.getChanges();
    const Changes = pb.DiffResponse.DiffChanges;
    return {
      changes: code === Changes.DIFF_SOME ? "some" : code === Changes.DIFF_NONE ? "none" : "unknown",
      replaceKeys: res.getReplacesList(),
      changedKeys: res.getDiffsList(),
      stableKeys: res.getStablesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  async create(req: { urn: string; properties: WireMap; preview: boolean }) {
    if (req.preview && !this.protocol().supportsPreview) {
      return { id: "", outputs: clone(req.properties) };
    }
    const pb = this.proto.provider;
    const properties = this.marshal(req.properties, req.preview);
    const r = new pb.CreateRequest();
    identify(r, req.urn);
    r.setProperties(this.struct(properties));
    r.setTimeout(0);
    r.setPreview(req.preview);
    const host = this.host();
    try {
      const res = await host.call("Create", host.client.create.bind(host.client), r, {
        urn: req.urn,
        request: { urn: req.urn, properties, timeout: 0, preview: req.preview },
        response: (x) => ({ id: x.getId(), properties: structToJs(x.getProperties()) }),
      });
      const id = res.getId();
      if (id === "" && !req.preview) {
        throw new Error(
          `plugin for package 'pulumi-nodejs' returned empty resource.ID from create '${req.urn}'`,
        );
      }
      const outs = (structToJs(res.getProperties()) ?? {}) as WireMap;
      return { id, outputs: this.annotate(outs, req.properties) };
    } catch (e) {
      throw this.initError(e, req.properties);
    }
  }

  async update(req: {
    urn: string;
    id: string;
    oldInputs: WireMap;
    oldOutputs: WireMap;
    newInputs: WireMap;
    preview: boolean;
    ignoreChanges: string[];
  }) {
    if (req.preview && !this.protocol().supportsPreview) {
      return { outputs: clone(req.newInputs) };
    }
    const pb = this.proto.provider;
    const oldInputs = this.marshal(req.oldInputs, false);
    const olds = this.marshal(req.oldOutputs, false);
    const news = this.marshal(req.newInputs, req.preview);
    const r = new pb.UpdateRequest();
    r.setId(req.id);
    identify(r, req.urn);
    r.setOlds(this.struct(olds));
    r.setNews(this.struct(news));
    r.setOldInputs(this.struct(oldInputs));
    r.setTimeout(0);
    r.setIgnorechangesList(req.ignoreChanges);
    r.setPreview(req.preview);
    const host = this.host();
    try {
      const res = await host.call("Update", host.client.update.bind(host.client), r, {
        urn: req.urn,
        request: { id: req.id, urn: req.urn, olds, news, oldInputs, timeout: 0, preview: req.preview },
        response: (x) => ({ properties: structToJs(x.getProperties()) }),
      });
      const outs = (structToJs(res.getProperties()) ?? {}) as WireMap;
      return { outputs: this.annotate(outs, req.newInputs) };
    } catch (e) {
      throw this.initError(e, req.newInputs, req.id);
    }
  }

  async read(req: { urn: string; id: string; inputs: WireMap | undefined; state: WireMap }) {
    const pb = this.proto.provider;
    const inputs = req.inputs ? this.marshal(req.inputs, false) : undefined;
    const properties = this.marshal(req.state, false);
    const r = new pb.ReadRequest();
    r.setId(req.id);
    identify(r, req.urn);
    r.setProperties(this.struct(properties));
    if (inputs) r.setInputs(this.struct(inputs));
    const host = this.host();
    const res = await host.call("Read", host.client.read.bind(host.client), r, {
      urn: req.urn,
      request: { id: req.id, urn: req.urn, properties, ...(inputs ? { inputs } : {}) },
      response: (x) => ({
        id: x.getId(),
        properties: structToJs(x.getProperties()),
        inputs: structToJs(x.getInputs()),
      }),
    });
    let outputs = (structToJs(res.getProperties()) ?? {}) as WireMap;
    const rawInputs = res.getInputs();
    let newInputs = rawInputs ? ((structToJs(rawInputs) ?? {}) as WireMap) : undefined;
    if (!this.protocol().acceptSecrets) {
      if (newInputs && req.inputs) newInputs = annotateSecrets(newInputs, req.inputs);
      outputs = annotateSecrets(outputs, req.state);
    }
    return { id: res.getId(), outputs, inputs: newInputs };
  }

  async delete(req: { urn: string; id: string; inputs: WireMap; outputs: WireMap }) {
    const pb = this.proto.provider;
    const oldInputs = this.marshal(req.inputs, false);
    const properties = this.marshal(req.outputs, false);
    const r = new pb.DeleteRequest();
    r.setId(req.id);
    identify(r, req.urn);
    r.setProperties(this.struct(properties));
    r.setOldInputs(this.struct(oldInputs));
    r.setTimeout(0);
    const host = this.host();
    await host.call("Delete", host.client.delete.bind(host.client), r, {
      urn: req.urn,
      request: { id: req.id, urn: req.urn, properties, oldInputs, timeout: 0 },
      response: () => ({}),
    });
  }

  private annotate(outs: WireMap, ins: WireMap): WireMap {
    return this.protocol().acceptSecrets ? outs : annotateSecrets(outs, ins);
  }

  /** Decode `grpc-status-details-bin` into an InitError when the host reported a partial failure. */
  private initError(e: unknown, ins: WireMap, fallbackId = ""): unknown {
    if (!(e instanceof RpcError) || !e.metadata) return e;
    const raw = e.metadata.get("grpc-status-details-bin")[0];
    if (!raw || typeof raw === "string") return e;
    try {
      const status = this.proto.status.Status.deserializeBinary(new Uint8Array(raw));
      for (const any of status.getDetailsList()) {
        if (!any.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
        const detail = this.proto.provider.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
        const outs = (structToJs(detail.getProperties()) ?? {}) as WireMap;
        return new InitError(
          e.message,
          detail.getId() || fallbackId,
          this.annotate(outs, ins),
          detail.getReasonsList(),
        );
      }
    } catch {
      return e;
    }
    return e;
  }
}

/** What a test supplies for resources that are not dynamic (e.g. `@pulumi/openstack` ports). */
export type MockResourceHandler = (req: {
  readonly op: "create" | "update" | "delete" | "read";
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly id: string;
  /** Inputs with secrets unwrapped. */
  readonly inputs: WireMap;
  readonly preview: boolean;
}) =>
  | { id?: string; outputs?: WireMap }
  | void
  | undefined
  | Promise<{ id?: string; outputs?: WireMap } | void | undefined>;

/**
 * A provider for non-dynamic custom resources, served in-process by a test callback: Check passes
 * inputs through, Diff is the engine's legacy input diff, Create/Update/Delete call the handler.
 */
export class MockProviderPlugin implements ProviderPlugin {
  constructor(
    private readonly handler: MockResourceHandler | undefined,
    private readonly record: (method: string, urn: string, request: Wire, response: Wire) => void,
  ) {}

  private async call(op: "create" | "update" | "delete" | "read", urn: string, id: string, inputs: WireMap) {
    if (!this.handler) {
      throw new Error(
        `no provider for ${urnType(urn)} (${urn}): the engine harness serves pulumi-nodejs dynamic resources; ` +
          `pass a mockResource handler for other types`,
      );
    }
    const plain = unwrapSecrets(inputs) as WireMap;
    const res =
      (await this.handler({
        op,
        urn,
        type: urnType(urn),
        name: urnName(urn),
        id,
        inputs: plain,
        preview: false,
      })) ?? {};
    this.record(`mock:${op}`, urn, { id, inputs: plain }, clone(res));
    return res;
  }

  async check(req: { urn: string; olds: WireMap; news: WireMap; allowUnknowns: boolean }) {
    return { inputs: clone(req.news), failures: [] };
  }

  async diff(req: { oldInputs: WireMap; newInputs: WireMap }): Promise<DiffResult> {
    return {
      changes: "unknown",
      replaceKeys: [],
      changedKeys: changedKeys(req.oldInputs, req.newInputs),
      stableKeys: [],
      deleteBeforeReplace: false,
    };
  }

  async create(req: { urn: string; properties: WireMap; preview: boolean }) {
    if (req.preview) return { id: "", outputs: clone(req.properties) };
    const res = await this.call("create", req.urn, "", req.properties);
    const id = res.id ?? `${urnName(req.urn)}-id`;
    return { id, outputs: annotateSecrets(res.outputs ?? clone(req.properties), req.properties) };
  }

  async update(req: { urn: string; id: string; newInputs: WireMap; preview: boolean }) {
    if (req.preview) return { outputs: clone(req.newInputs) };
    const res = await this.call("update", req.urn, req.id, req.newInputs);
    return { outputs: annotateSecrets(res.outputs ?? clone(req.newInputs), req.newInputs) };
  }

  async read(req: { urn: string; id: string; inputs: WireMap | undefined; state: WireMap }) {
    const res = await this.call("read", req.urn, req.id, req.inputs ?? req.state);
    return { id: res.id ?? req.id, outputs: res.outputs ?? clone(req.state), inputs: req.inputs };
  }

  async delete(req: { urn: string; id: string; inputs: WireMap }) {
    await this.call("delete", req.urn, req.id, req.inputs);
  }
}

/** The resource a provider request is about: its URN, and the name and type the URN holds. */
function identify(
  r: { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown },
  urn: string,
): void {
  r.setUrn(urn);
  r.setName(urnName(urn));
  r.setType(urnType(urn));
}
