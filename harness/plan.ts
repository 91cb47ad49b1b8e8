/**
 * What a deployment reports about its steps: the plan step of a resource (what `pulumi preview`
 * prints a line for) and check failures as the engine words them. Mirrors `issueCheckFailures` in
 * `pkg/resource/deploy/step_generator.go` of the engine, re-implemented.
 */
import { urnName, urnType } from "./provider-plugin";
import type { CheckFailure } from "./types";
import { isObject, type Wire, type WireMap } from "./wire";

/** Check failures, formatted the way the engine reports them (`issueCheckFailures`). */
export class CheckFailedError extends Error {
  constructor(
    readonly urn: string,
    readonly failures: CheckFailure[],
    inputs: WireMap,
  ) {
    super(
      failures
        .map((f) =>
          f.property
            ? `${urnType(urn)} resource '${urnName(urn)}': property ${f.property} value ${display(inputs[f.property])} has a problem: ${f.reason}`
            : `${urnType(urn)} resource '${urnName(urn)}' has a problem: ${f.reason}`,
        )
        .join("\n") + `\nresource ${urn} is invalid`,
    );
    this.name = "CheckFailedError";
  }
}

function display(v: Wire | undefined): string {
  if (v === undefined) return "undefined";
  if (isObject(v) && "4dabf18193072939515e22adb298388d" in v) return "[secret]";
  return JSON.stringify(v);
}

/** The fields of a plan step every kind shares; the caller adds `op` and what differs. */
export function stepBase(s: { urn: string; type: string; name: string }) {
  return {
    urn: s.urn,
    type: s.type,
    name: s.name,
    diffKeys: [],
    replaceKeys: [],
    deleteBeforeReplace: false,
  };
}
