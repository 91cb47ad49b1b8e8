/**
 * The handlers each resource file implements on the provider side, and the generic glue that turns
 * them into Pulumi's dynamic-provider methods. The glue decodes what the engine passes with the
 * kind's contract once, so create, update, read and delete receive typed state; `check` receives
 * the raw inputs, because deciding what they are (and refusing them field by field, with unknowns
 * skipped) is its job. Outputs always carry every input, errors get one message pattern
 * (`<verb> <Type> <name>: <cause>`), and `read` reports a vanished object as gone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../api/errors";
import { containsUnknown } from "../octavia/unknown";
import type { CheckFailure } from "../octavia/check-engine";
import { clientFor } from "../runtime/connection";
import { decodeState, type AnyContract, type Bag, type StateOf } from "../contracts/contract";
import { diffInputs, pick, stored, withoutUndefined } from "../contracts/lifecycle";

/** A `check` failure: the input path as the user wrote it, and why (the check walker's shape). */
export type Failure = CheckFailure;

export interface CheckOutcome {
  readonly failures: readonly Failure[];
  /** Extra inputs to record (e.g. `loxilbRuleAction`), merged into the checked inputs. */
  readonly extra?: Record<string, unknown>;
}

export type { Bag };

export interface KindHandlers<C extends AnyContract = AnyContract> {
  /** The kind's contract: its type name, lifecycle and state codec. */
  readonly contract: C;
  /** Refuse invalid new inputs (raw: unknowns allowed) and compute the inputs `check` adds. */
  check(news: Bag, olds: Bag): CheckOutcome;
  create(inputs: StateOf<C>): Promise<{ id: string; outs: Bag }>;
  /** Computed outputs after an update. */
  update(id: string, olds: StateOf<C>, news: StateOf<C>): Promise<Bag>;
  /** Computed outputs from live state, or undefined when the object is gone. */
  read(id: string, props: StateOf<C>): Promise<Bag | undefined>;
  remove(id: string, props: StateOf<C>): Promise<void>;
  /** What the resource is in LoxiLB terms, for messages when it has no name (e.g. `10.0.0.1:8080`). */
  label?(state: StateOf<C>): string | undefined;
}

/** A kind's handlers, typed by its contract. */
export function defineHandlers<C extends AnyContract>(handlers: KindHandlers<C>): KindHandlers<C> {
  return handlers;
}

const asBag = (v: unknown): Bag => (typeof v === "object" && v !== null ? (v as Bag) : {});

export function runCheck(h: KindHandlers, olds: unknown, news: unknown): pulumi.dynamic.CheckResult {
  const inputs = asBag(news);
  const outcome = h.check(inputs, asBag(olds));
  return {
    inputs: withoutUndefined({ ...inputs, ...(outcome.extra ?? {}) }),
    failures: [...outcome.failures, ...connectionFailures(inputs)],
  };
}

/**
 * A connection that cannot be resolved (no endpoint in the resource's `connection`, the `loxilb:*`
 * stack config or the `LOXILB_*` environment, or an invalid option) fails `check`, so `preview`
 * says so before `up` records anything. Builds the client only (no request is sent).
 */
function connectionFailures(inputs: Bag): Failure[] {
  const connection = inputs["connection"];
  if (containsUnknown(connection)) return [];
  try {
    clientFor(connection);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [{ property: "connection", reason: e.message }];
  }
}

/**
 * The engine's diff: the inputs as the lifecycle compares them, and drift. A resource whose last read
 * recorded drift (`loxilbDrift`) always updates, even when the program now asks for the value the
 * read recorded: with HA the instances can disagree (one drifted, one not), and the recorded value
 * then hides the instances that hold another one. The update writes the declared rule to every
 * instance and clears the record.
 */
export function runDiff(h: KindHandlers, olds: unknown, news: unknown): pulumi.dynamic.DiffResult {
  const before = asBag(olds);
  const diff = diffInputs(h.contract.lifecycle, before, asBag(news));
  const drift = before["loxilbDrift"];
  return Array.isArray(drift) && drift.length > 0 ? { ...diff, changes: true } : diff;
}

export async function runCreate(h: KindHandlers, inputs: unknown): Promise<pulumi.dynamic.CreateResult> {
  const bag = asBag(inputs);
  const { id, outs } = await labelled("create", h, bag, undefined, () => h.create(decoded(h, bag)));
  return { id, outs: stored(h.contract.lifecycle, { ...bag, ...outs }) };
}

export async function runUpdate(
  h: KindHandlers,
  id: string,
  olds: unknown,
  news: unknown,
): Promise<pulumi.dynamic.UpdateResult> {
  const bag = asBag(news);
  const outs = await labelled("update", h, bag, id, () =>
    h.update(id, decoded(h, asBag(olds), "old "), decoded(h, bag)),
  );
  return { outs: stored(h.contract.lifecycle, { ...bag, ...outs }) };
}

export async function runRead(
  h: KindHandlers,
  id: string,
  props: unknown,
): Promise<pulumi.dynamic.ReadResult> {
  const bag = asBag(props);
  const outs = await labelled("read", h, bag, id, () => h.read(id, decoded(h, bag)));
  if (outs === undefined) return {};
  // A read may correct an input to what exists (e.g. members whose endpoints vanished).
  const { lifecycle } = h.contract;
  const merged = stored(lifecycle, { ...bag, ...outs });
  return { id, props: merged, inputs: pick(merged, lifecycle.inputKeys) } as pulumi.dynamic.ReadResult;
}

export async function runRemove(h: KindHandlers, id: string, props: unknown): Promise<void> {
  const bag = asBag(props);
  await labelled("delete", h, bag, id, () => h.remove(id, decoded(h, bag)));
}

/**
 * `bag` decoded with the kind's contract, or an error naming every field that does not decode and
 * why (never the value). `what` qualifies the inputs in the message (`old ` for an update's olds).
 */
function decoded<C extends AnyContract>(h: KindHandlers<C>, bag: Bag, what = ""): StateOf<C> {
  const r = decodeState(h.contract, bag);
  if (r.ok) return r.state;
  const fields = r.problems.map((p) => `${p.property}: ${p.reason}`).join("; ");
  throw new Error(`the ${what}inputs do not decode (${fields})`);
}

/** Run `fn`, prefixing any error with the verb, the resource type and its name or id. */
async function labelled<T>(
  verb: string,
  h: KindHandlers,
  bag: Bag,
  id: string | undefined,
  fn: () => Promise<T>,
) {
  try {
    return await fn();
  } catch (e) {
    const what =
      typeof bag["name"] === "string" && bag["name"] !== "" ? `"${bag["name"]}"` : labelOf(h, bag, id);
    const cause = e instanceof Error ? e.message : String(e);
    const err = new Error(`${verb} ${h.contract.typeName} ${what}: ${cause}`);
    (err as Error & { cause?: unknown }).cause = e;
    throw err;
  }
}

/** How an unnamed resource is called in messages: what it is in LoxiLB terms, else its id. */
function labelOf(h: KindHandlers, bag: Bag, id: string | undefined): string {
  let label: string | undefined;
  try {
    // A label only formats values, so it takes the bag as it is, decodable or not.
    label = h.label?.(bag as StateOf<AnyContract>);
  } catch {
    label = undefined;
  }
  return label ?? id ?? "(new)";
}
