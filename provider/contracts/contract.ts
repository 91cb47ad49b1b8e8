/**
 * One input contract per resource kind, as io-ts codecs: the fields the user writes (`own`, the
 * Octavia args codec), the parent ids the program wires in (`ids`, public outputs), the internal
 * wiring (`wiring`: parents' args, the rule declaration), what `check` adds to the inputs
 * (`computed`), and what the provider reports (`outputs`). Everything else is derived from it:
 *
 * - the program's Args type ({@link ArgsOf}) and the class's output properties ({@link OutputsOf});
 * - the key lists (`ownKeys`) and the lifecycle data `diff` uses (`lifecycle`);
 * - the typed state handlers receive ({@link StateOf}), decoded once at the handler boundary
 *   ({@link decodeState}); tests build their input bags against the same type.
 */
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import type * as pulumi from "@pulumi/pulumi";
import { loosened, shapeOf } from "../octavia/codecs";
import { uniqueFailures, type CheckFailure } from "../octavia/check-engine";
import type { Lifecycle } from "./lifecycle";
import type { ResourceKind } from "./kinds";

/** A resource's inputs or outputs before they are decoded (what the engine passes around). */
export type Bag = Record<string, unknown>;

/** `T` as a program may pass it: `pulumi.Input` at every level of objects and lists. */
export type InputOf<T> = T extends string | number | boolean
  ? T
  : T extends ReadonlyArray<infer E>
    ? pulumi.Input<InputOf<E>>[]
    : { [K in keyof T]: pulumi.Input<InputOf<T[K]>> };

/** A program's args for the codec `C`: each field a `pulumi.Input`, optional fields optional. */
export type ArgsOf<C extends t.Mixed> = { [K in keyof t.TypeOf<C>]: pulumi.Input<InputOf<t.TypeOf<C>[K]>> };

/** The output properties Pulumi sets for the fields of `T` (optional fields may be undefined). */
export type OutputsOf<T> = {
  readonly [K in keyof T]-?: pulumi.Output<object extends Pick<T, K> ? T[K] | undefined : T[K]>;
};

/** Inputs every kind carries: the LoxiLB connection (secret) and the behaviour version. */
const common = { connection: t.unknown, providerVersion: t.string };

/**
 * A provider-produced value, typed but not checked: outputs are written by this package's own code
 * (never by users), so their codec documents the type only.
 */
export function produced<A>(name: string): t.Type<A, A, unknown> {
  return new t.Type<A, A, unknown>(
    name,
    (_u): _u is A => true,
    t.success as (u: unknown) => t.Validation<A>,
    t.identity,
  );
}

/** The args a parent passes down (its own args as the program wrote them), checked where used. */
export const ParentArgs = t.UnknownRecord;

export interface ContractSpec<
  Own extends t.Mixed,
  Ids extends t.Props,
  Wiring extends t.Props,
  Computed extends t.Props,
  Outputs extends t.Props,
> {
  readonly kind: ResourceKind;
  /** The type name in `pulumi-nodejs:dynamic/loxilb:<Type>` and in messages. */
  readonly typeName: string;
  /** The user's fields: an `objectOf` codec (octavia/*-spec.ts). */
  readonly own: Own;
  /** Parent ids the program wires in (public outputs, e.g. `poolId`). */
  readonly ids: Ids;
  /** Internal inputs the program wires in (parents' args, `rule`). */
  readonly wiring: Wiring;
  /** Inputs `check` computes and `diff` compares (e.g. `loxilbWeight`). */
  readonly computed: Computed;
  /** What the provider reports (statuses, drift, the rule action `check` notes). */
  readonly outputs: Outputs;
  readonly replaceOn: readonly (keyof t.TypeOf<Own> | (keyof Ids & string))[];
  readonly ignore?: readonly (keyof Wiring & string)[];
  readonly compareOnly?: Lifecycle["compareOnly"];
  readonly transient?: readonly (keyof Wiring & string)[];
  readonly deleteBeforeReplace?: boolean;
}

/** What a resource holds in state (and receives from the engine after `check`), typed. */
export type StateOf<C extends AnyContract> = t.TypeOf<C["own"]> &
  t.TypeOf<t.TypeC<C["ids"]>> &
  Partial<t.TypeOf<t.TypeC<C["wiring"] & C["computed"] & C["outputs"] & typeof common>>>;

/** The user-visible fields of a kind as the class exposes them. */
export type ResourceOutputsOf<C extends AnyContract> = OutputsOf<
  t.TypeOf<C["own"]> &
    t.TypeOf<t.TypeC<C["ids"]>> &
    Partial<t.TypeOf<t.TypeC<C["computed"] & C["outputs"]>>> & { providerVersion: string }
>;

export interface Contract<
  Own extends t.Mixed,
  Ids extends t.Props,
  Wiring extends t.Props,
  Computed extends t.Props,
  Outputs extends t.Props,
> extends ContractSpec<Own, Ids, Wiring, Computed, Outputs> {
  /** The user's field names, in declaration order. */
  readonly ownKeys: readonly (keyof t.TypeOf<Own> & string)[];
  /** What `check` computes and the provider reports, each registered as undefined by the program so Pulumi exposes it. */
  readonly outputKeys: readonly string[];
  readonly lifecycle: Lifecycle;
  /** The stored-state codec: the fields' types without their value rules (see `loosened`). */
  readonly state: t.Mixed;
}

/** What every contract has, whatever its codecs: the constraint of code generic over kinds. */
export interface AnyContract {
  readonly kind: ResourceKind;
  readonly typeName: string;
  readonly own: t.Mixed;
  readonly ids: t.Props;
  readonly wiring: t.Props;
  readonly computed: t.Props;
  readonly outputs: t.Props;
  readonly ownKeys: readonly string[];
  readonly outputKeys: readonly string[];
  readonly lifecycle: Lifecycle;
  readonly state: t.Mixed;
}

/** Build a kind's contract: its key lists, lifecycle and state codec, all from the codecs. */
export function defineContract<
  Own extends t.Mixed,
  Ids extends t.Props,
  Wiring extends t.Props,
  Computed extends t.Props,
  Outputs extends t.Props,
>(spec: ContractSpec<Own, Ids, Wiring, Computed, Outputs>): Contract<Own, Ids, Wiring, Computed, Outputs> {
  const shape = shapeOf(spec.own);
  if (shape === undefined) throw new Error(`${spec.typeName}: the own codec must be built with objectOf`);
  const ownKeys = [...Object.keys(shape.required), ...Object.keys(shape.optional)] as Array<
    keyof t.TypeOf<Own> & string
  >;
  const inputKeys = [
    ...ownKeys,
    ...Object.keys(spec.ids),
    ...Object.keys(spec.wiring),
    ...Object.keys(spec.computed),
    ...Object.keys(common),
  ];
  const lifecycle: Lifecycle = {
    inputKeys,
    replaceOn: spec.replaceOn as readonly string[],
    ...(spec.ignore !== undefined ? { ignore: spec.ignore } : {}),
    ...(spec.compareOnly !== undefined ? { compareOnly: spec.compareOnly } : {}),
    ...(spec.transient !== undefined ? { transient: spec.transient } : {}),
    ...(spec.deleteBeforeReplace === true ? { deleteBeforeReplace: true } : {}),
  };
  const state = t.intersection([
    loosened(spec.own),
    t.type(spec.ids),
    t.partial({ ...spec.wiring, ...spec.computed, ...spec.outputs, ...common }),
  ]);
  return {
    ...spec,
    ownKeys,
    outputKeys: [...Object.keys(spec.computed), ...Object.keys(spec.outputs)],
    lifecycle,
    state,
  };
}

/** A stored-state field that does not decode: its path and why (never its value: it may be secret). */
export type StateProblem = CheckFailure;

/**
 * Decode what the engine hands a handler (checked inputs, or stored state) into the kind's typed
 * state, or the list of fields that do not decode. Stored state is decoded by the fields' types
 * only, so state an earlier version wrote under looser value rules still reads, updates and deletes.
 */
export function decodeState<C extends AnyContract>(
  contract: C,
  raw: unknown,
): { ok: true; state: StateOf<C> } | { ok: false; problems: StateProblem[] } {
  const r = contract.state.decode(raw);
  if (!isLeft(r)) return { ok: true, state: r.right as StateOf<C> };
  const problems = r.left.map((e) => ({
    // The dotted path as the user wrote it: an intersection's member index is not part of it.
    property:
      e.context
        .filter((c, i) => i > 0 && !(e.context[i - 1]?.type instanceof t.IntersectionType))
        .map((c) => c.key)
        .join(".") || "(inputs)",
    reason: e.message ?? `must be ${e.context[e.context.length - 1]?.type.name ?? "a value"}`,
  }));
  return { ok: false, problems: uniqueFailures(problems) };
}

/** The registered props of a kind's outputs: each undefined, so Pulumi creates the output property. */
export function outputPlaceholders(contract: AnyContract): Record<string, undefined> {
  return Object.fromEntries(contract.outputKeys.map((k) => [k, undefined]));
}

/** The user's own fields present in `args` (what the resource passes down to its children). */
export function ownFields<C extends AnyContract>(
  contract: C,
  args: Partial<Record<string, pulumi.Input<unknown>>>,
): Record<string, pulumi.Input<unknown>> {
  const out: Record<string, pulumi.Input<unknown>> = {};
  for (const k of contract.ownKeys) {
    const v = args[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
