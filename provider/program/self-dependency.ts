/**
 * Program-side guard against a declaration that waits for itself. A listener's rule declaration
 * holds every member's arguments, and the listener is registered only once it is complete; so a
 * member argument (or a `Members` list) computed from an output of that listener or its pool would
 * wait forever (the program hangs). Such inputs fail at program time instead. The load balancer's
 * outputs are fine: it is registered without waiting for any declaration.
 */
import * as pulumi from "@pulumi/pulumi";

/** The resources `input` depends on (its Outputs', looking into plain objects and arrays), shallowly. */
function dependencies(input: unknown, depth = 0): pulumi.Resource[] {
  if (pulumi.Output.isInstance(input)) {
    const internal = input as unknown as { resources?: () => Set<pulumi.Resource> | pulumi.Resource[] };
    return [...(internal.resources?.() ?? [])];
  }
  if (depth > 2 || typeof input !== "object" || input === null) return [];
  const values = Array.isArray(input) ? input : Object.values(input as Record<string, unknown>);
  return values.flatMap((v) => dependencies(v, depth + 1));
}

/** A pool and its listener (the resources that wait for the declaration), with names for messages. */
export type Lineage = ReadonlyArray<{ readonly resource: pulumi.Resource; readonly name: string }>;

/** Throws when `input` is computed from an output of one of `ancestors` (named for the message). */
export function refuseSelfDependency(what: string, field: string, input: unknown, ancestors: Lineage): void {
  const deps = new Set(dependencies(input));
  const found = ancestors.find((a) => deps.has(a.resource));
  if (found === undefined) return;
  throw new Error(
    `${what}: ${field} is computed from an output of ${found.name}, but ${found.name} waits for its rule's ` +
      "declaration, which includes this value, so the program would never finish; compute it from plain " +
      "values or from outputs of other resources",
  );
}
