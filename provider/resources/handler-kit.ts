/**
 * The contract each resource file implements on the provider side, and the generic glue that
 * turns it into Pulumi's dynamic-provider methods: outputs always carry every input, errors get one
 * message pattern (`<verb> <Type> <name>: <cause>`), and `read` reports a vanished object as gone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "crypto";
import { ConfigError } from "../api/errors";
import { containsUnknown } from "../octavia/unknown";
import { clientFor } from "../runtime/connection";
import { diffInputs, pick, stored, withoutUndefined, type Lifecycle } from "./lifecycle";

/** A `check` failure: the input path as the user wrote it, and why. */
export interface Failure {
  readonly property: string;
  readonly reason: string;
}

export interface CheckOutcome {
  readonly failures: readonly Failure[];
  /** Extra inputs to record (e.g. `loxilbRuleAction`), merged into the checked inputs. */
  readonly extra?: Record<string, unknown>;
}

export type Bag = Record<string, unknown>;

export interface KindHandlers {
  readonly lifecycle: Lifecycle;
  /** Resource type name in messages, e.g. `Member`. */
  readonly resourceType: string;
  check(news: Bag, olds: Bag): CheckOutcome;
  create(inputs: Bag): Promise<{ id: string; outs: Bag }>;
  /** Computed outputs after an update. */
  update(id: string, olds: Bag, news: Bag): Promise<Bag>;
  /** Computed outputs from live state, or undefined when the object is gone. */
  read(id: string, props: Bag): Promise<Bag | undefined>;
  remove(id: string, props: Bag): Promise<void>;
  /** What the resource is in LoxiLB terms, for messages when it has no name (e.g. `10.0.0.1:8080`). */
  label?(bag: Bag): string | undefined;
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
  const diff = diffInputs(h.lifecycle, before, asBag(news));
  const drift = before["loxilbDrift"];
  return Array.isArray(drift) && drift.length > 0 ? { ...diff, changes: true } : diff;
}

export async function runCreate(h: KindHandlers, inputs: unknown): Promise<pulumi.dynamic.CreateResult> {
  const bag = asBag(inputs);
  const { id, outs } = await labelled("create", h, bag, undefined, () => h.create(bag));
  return { id, outs: stored(h.lifecycle, { ...bag, ...outs }) };
}

export async function runUpdate(
  h: KindHandlers,
  id: string,
  olds: unknown,
  news: unknown,
): Promise<pulumi.dynamic.UpdateResult> {
  const bag = asBag(news);
  const outs = await labelled("update", h, bag, id, () => h.update(id, asBag(olds), bag));
  return { outs: stored(h.lifecycle, { ...bag, ...outs }) };
}

export async function runRead(
  h: KindHandlers,
  id: string,
  props: unknown,
): Promise<pulumi.dynamic.ReadResult> {
  const bag = asBag(props);
  const outs = await labelled("read", h, bag, id, () => h.read(id, bag));
  if (outs === undefined) return {};
  // A read may correct an input to what exists (e.g. members whose endpoints vanished).
  const merged = stored(h.lifecycle, { ...bag, ...outs });
  return { id, props: merged, inputs: pick(merged, h.lifecycle.inputKeys) } as pulumi.dynamic.ReadResult;
}

export async function runRemove(h: KindHandlers, id: string, props: unknown): Promise<void> {
  const bag = asBag(props);
  await labelled("delete", h, bag, id, () => h.remove(id, bag));
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
    const err = new Error(`${verb} ${h.resourceType} ${what}: ${cause}`);
    (err as Error & { cause?: unknown }).cause = e;
    throw err;
  }
}

/** How an unnamed resource is called in messages: what it is in LoxiLB terms, else its id. */
function labelOf(h: KindHandlers, bag: Bag, id: string | undefined): string {
  let label: string | undefined;
  try {
    label = h.label?.(bag);
  } catch {
    label = undefined;
  }
  return label ?? id ?? "(new)";
}

/**
 * create/update/read for a resource whose only computed outputs are statuses derived from the live
 * rule (pools, health monitors): a new UUID on create, the same derivation everywhere.
 */
export function statusOnlyHandlers(
  status: (bag: Bag) => Promise<Bag>,
): Pick<KindHandlers, "create" | "update" | "read"> {
  return {
    async create(inputs) {
      return { id: randomUUID(), outs: await status(inputs) };
    },
    update: (_id, _olds, news) => status(news),
    read: (_id, props) => status(props),
  };
}
