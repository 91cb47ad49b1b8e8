/**
 * The differences between the harness and the real engine that stay, each with its reason. Each
 * entry takes its difference out of both engines' normalized records; the comparison test checks
 * that every entry still applies somewhere (an entry nothing needs any more must go).
 */
import type { ProviderCall } from "../../../harness/grpc-log";
import type { WireMap } from "../../../harness/wire";
import { asText } from "../../helpers/text";

export type EngineName = "harness" | "cli";

export interface AllowedDifference {
  readonly name: string;
  /** Why the difference stays. */
  readonly reason: string;
  readonly calls?: (engine: EngineName, calls: ProviderCall[]) => ProviderCall[];
  readonly resources?: (engine: EngineName, resources: WireMap[]) => WireMap[];
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Every call with these request fields removed (they are left as they are elsewhere). */
function withoutRequestFields(methods: readonly string[] | "all", fields: readonly string[]) {
  return (_: EngineName, calls: ProviderCall[]): ProviderCall[] =>
    calls.map((c) =>
      methods !== "all" && !methods.includes(c.method)
        ? c
        : {
            ...c,
            request: Object.fromEntries(Object.entries(c.request).filter(([k]) => !fields.includes(k))),
          },
    );
}

/** Every resource with these fields removed. */
function withoutResourceFields(fields: readonly string[]) {
  return (_: EngineName, resources: WireMap[]): WireMap[] =>
    resources.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !fields.includes(k))));
}

export const ALLOWED: readonly AllowedDifference[] = [
  {
    name: "stack resource",
    reason:
      "The real engine registers the stack (`pulumi:pulumi:Stack`, holding the stack outputs) and parents " +
      "every resource without an explicit parent to it; the harness registers no stack resource (its " +
      "programs' outputs are computed in the program process), so its resources have no parent. The " +
      "stack resource is a component: no provider call is made for it.",
    resources: (_, resources) => {
      const stacks = new Set(resources.filter((r) => r["type"] === STACK_TYPE).map((r) => asText(r["urn"])));
      return resources
        .filter((r) => r["type"] !== STACK_TYPE)
        .map((r) => {
          if (!stacks.has(asText(r["parent"]))) return r;
          const { parent: _parent, ...rest } = r;
          return rest;
        });
    },
  },
  {
    name: "timestamps",
    reason:
      "The real checkpoint records when each resource was created and last modified; the harness keeps no " +
      "clock in its state. Nothing reads them back into a provider call.",
    resources: withoutResourceFields(["created", "modified"]),
  },
  {
    name: "source positions",
    reason:
      "The real engine records where the program declared each resource (`sourcePosition` and the " +
      "`stackTrace` of the registration, relative to the project folder); the harness does not record " +
      "them. Display only: no provider call carries them.",
    resources: withoutResourceFields(["sourcePosition", "stackTrace"]),
  },
  {
    name: "engine services in Handshake",
    reason:
      "The real engine offers the plugin its loader, mapper and resolver gRPC services in Handshake " +
      "(`loaderTarget`, `mapperTarget`, `resolverTarget`); the harness runs none of them. The dynamic " +
      "host does not implement Handshake, so it never reads them.",
    calls: withoutRequestFields(["Handshake"], ["loadertarget", "mappertarget", "resolvertarget"]),
  },
  {
    name: "resource status service",
    reason:
      "The real engine gives Create, Read, Update and Delete the address of its resource status service and " +
      "a token (`resourceStatusAddress`, `resourceStatusToken`) for providers that publish views; the " +
      "harness runs no such service, and the dynamic host ignores both fields.",
    calls: withoutRequestFields(
      ["Create", "Read", "Update", "Delete"],
      ["resourcestatusaddress", "resourcestatustoken"],
    ),
  },
];
