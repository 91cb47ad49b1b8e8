/**
 * The engine's configuration of the default `pulumi-nodejs` provider, once per operation, as the
 * real engine's gRPC log shows it (v3.276.0):
 *
 * - an operation that runs the program (preview, up): `CheckConfig{urn, name, type, olds, news}`
 *   (no random seed), then `DiffConfig{urn, name, type, olds, oldInputs, news}` (no id) when the
 *   provider is already in the state, both with secrets stripped (the provider has not said yet
 *   that it accepts them), then `Configure` with the stack config;
 * - refresh and destroy (no program): only `Configure`, with the provider's inputs from the state.
 *
 * `Configure` gets the config with secrets wrapped, its `pulumi-nodejs:config:<key>` variables, the
 * provider's id (the unknown sentinel for a provider a preview would create) and the engine's
 * protocol flags. The answer says how the provider wants properties marshalled.
 */
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import type { ResState } from "./deployment";
import type { ProviderProtocol } from "./provider-plugin";
import { RpcError, structToJs, type ProviderHost } from "./provider-host";
import type { Proto } from "./proto";
import { clone, marshalForProvider, unwrapSecrets, type WireMap } from "./wire";

export const PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

export interface ProviderConfigRequest {
  readonly proto: Proto;
  readonly host: ProviderHost;
  readonly urn: string;
  /** The stack config (namespaced keys, secrets wrapped). */
  readonly config: WireMap;
  /** The provider resource in the state, if any. */
  readonly state: ResState | undefined;
  /** Refresh and destroy: configure from the state, without CheckConfig or DiffConfig. */
  readonly fromState: boolean;
  /** The id Configure gets. */
  readonly id: string;
}

type StructInput = { [key: string]: StructPb.JavaScriptValue };

/** CheckConfig, DiffConfig (both UNIMPLEMENTED by the dynamic host) and Configure. */
export async function configureProvider(req: ProviderConfigRequest): Promise<ProviderProtocol> {
  const { proto, host, urn } = req;
  const struct = (m: WireMap) => proto.struct.Struct.fromJavaScript(clone<StructInput>(m));
  const plain = (m: WireMap) => marshalForProvider(m, { keepUnknowns: true });
  const ignoreUnimplemented = (e: unknown) => {
    if (!(e instanceof RpcError && e.code === proto.grpc.status.UNIMPLEMENTED)) throw e;
  };
  const args = req.fromState && req.state ? req.state.inputs : req.config;
  if (!req.fromState) {
    const [olds, news] = [plain(req.state?.inputs ?? {}), plain(req.config)];
    const check = new proto.provider.CheckRequest();
    check.setUrn(urn);
    check.setName("default");
    check.setType(PROVIDER_TYPE);
    check.setOlds(struct(olds));
    check.setNews(struct(news));
    await host
      .call("CheckConfig", host.client.checkConfig.bind(host.client), check, {
        urn,
        request: { urn, olds, news },
        response: (r) => ({ inputs: structToJs(r.getInputs()) }),
      })
      .catch(ignoreUnimplemented);
    if (req.state) {
      const outputs = plain(req.state.outputs);
      const diff = new proto.provider.DiffRequest();
      diff.setUrn(urn);
      diff.setName("default");
      diff.setType(PROVIDER_TYPE);
      diff.setOlds(struct(outputs));
      diff.setOldInputs(struct(olds));
      diff.setNews(struct(news));
      await host
        .call("DiffConfig", host.client.diffConfig.bind(host.client), diff, {
          urn,
          request: { urn, olds: outputs, news, oldInputs: olds },
          response: (r) => ({ changes: r.getChanges(), replaces: r.getReplacesList() }),
        })
        .catch(ignoreUnimplemented);
    }
  }
  return configure(req, args);
}

async function configure(req: ProviderConfigRequest, args: WireMap): Promise<ProviderProtocol> {
  const { proto, host, urn, id } = req;
  const r = new proto.provider.ConfigureRequest();
  r.setArgs(proto.struct.Struct.fromJavaScript(clone<StructInput>(args)));
  const variables: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) {
    const value = unwrapSecrets(v);
    variables[`pulumi-nodejs:config:${k}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  const vars = r.getVariablesMap();
  for (const [k, v] of Object.entries(variables)) vars.set(k, v);
  r.setAcceptsecrets(true);
  r.setAcceptresources(true);
  r.setSendsOldInputs(true);
  r.setSendsOldInputsToDelete(true);
  r.setUrn(urn);
  r.setName("default");
  r.setType(PROVIDER_TYPE);
  r.setId(id);
  const res = await host.call("Configure", host.client.configure.bind(host.client), r, {
    urn,
    request: {
      args,
      variables,
      acceptSecrets: true,
      acceptResources: true,
      sendsOldInputs: true,
      sendsOldInputsToDelete: true,
      urn,
      name: "default",
      type: PROVIDER_TYPE,
      id,
    },
    response: (x) => ({
      acceptSecrets: x.getAcceptsecrets(),
      acceptResources: x.getAcceptresources(),
      supportsPreview: x.getSupportspreview(),
      acceptOutputs: x.getAcceptoutputs(),
    }),
  });
  return {
    acceptSecrets: res.getAcceptsecrets(),
    acceptResources: res.getAcceptresources(),
    supportsPreview: res.getSupportspreview(),
  };
}
