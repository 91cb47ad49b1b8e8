/**
 * Run a compiled Pulumi program under `pulumi.runtime.setMocks` (Pulumi's unit-testing mode: no
 * engine, no provider calls) and collect every resource it registers. One program per process:
 * Pulumi's runtime state is global, and ava runs each test file in its own process.
 */
import * as pulumi from "@pulumi/pulumi";

export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

export interface MockRunOptions {
  readonly project: string;
  readonly config?: Record<string, string>;
  /** Extra output state per resource type (e.g. a Neutron port's `allFixedIps`). */
  readonly stateFor?: (type: string, inputs: Record<string, unknown>) => Record<string, unknown>;
  readonly preview?: boolean;
}

/** Require `programPath` under mocks and resolve with its registrations once they stop arriving. */
export async function runUnderMocks(programPath: string, opts: MockRunOptions): Promise<Registered[]> {
  const registered: Registered[] = [];
  pulumi.runtime.setAllConfig(opts.config ?? {});
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        const extra = opts.stateFor?.(args.type, args.inputs as Record<string, unknown>) ?? {};
        const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>), ...extra };
        return { id: opts.preview === true ? "" : `${args.name}-id`, state };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    opts.project,
    "test",
    opts.preview ?? false,
  );
  require(programPath);
  let seen = -1;
  for (let i = 0; i < 100 && seen !== registered.length; i++) {
    seen = registered.length;
    await new Promise((r) => setTimeout(r, 100));
  }
  return registered;
}

/** The registrations of one dynamic resource type, e.g. `Member`. */
export function ofType(all: readonly Registered[], type: string): Registered[] {
  return all.filter((r) => r.type === `pulumi-nodejs:dynamic/loxilb:${type}`);
}
