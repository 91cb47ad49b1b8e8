/**
 * The generated gRPC stubs, `@grpc/grpc-js` and `google-protobuf`, all loaded from the directory of
 * the `@pulumi/pulumi` that the project uses, so client, stubs and message classes share one copy
 * (two copies of google-protobuf reject each other's messages).
 */
import * as path from "path";
import type * as GrpcModule from "@grpc/grpc-js";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb";
import type * as ProviderGrpcPb from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as PluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as StatusPb from "@pulumi/pulumi/proto/status_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";

export interface Proto {
  readonly pulumiDir: string;
  readonly grpc: typeof GrpcModule;
  readonly provider: typeof ProviderPb;
  readonly providerGrpc: typeof ProviderGrpcPb;
  readonly plugin: typeof PluginPb;
  readonly status: typeof StatusPb;
  readonly struct: typeof StructPb;
  readonly empty: typeof EmptyPb;
}

const cache = new Map<string, Proto>();

/** Directory of the `@pulumi/pulumi` package that `fromDir` resolves. */
export function pulumiDirFrom(fromDir: string): string {
  return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir] }));
}

export function loadProto(projectDir: string): Proto {
  const pulumiDir = pulumiDirFrom(projectDir);
  const hit = cache.get(pulumiDir);
  if (hit) return hit;
  const load = <T>(id: string): T => require(require.resolve(id, { paths: [pulumiDir] })) as T;
  const proto: Proto = {
    pulumiDir,
    grpc: load<typeof GrpcModule>("@grpc/grpc-js"),
    provider: require(path.join(pulumiDir, "proto", "provider_pb")) as typeof ProviderPb,
    providerGrpc: require(path.join(pulumiDir, "proto", "provider_grpc_pb")) as typeof ProviderGrpcPb,
    plugin: require(path.join(pulumiDir, "proto", "plugin_pb")) as typeof PluginPb,
    status: require(path.join(pulumiDir, "proto", "status_pb")) as typeof StatusPb,
    struct: load<typeof StructPb>("google-protobuf/google/protobuf/struct_pb"),
    empty: load<typeof EmptyPb>("google-protobuf/google/protobuf/empty_pb"),
  };
  cache.set(pulumiDir, proto);
  return proto;
}
