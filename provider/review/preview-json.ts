/**
 * The document `pulumi preview --json` prints (the engine's display digest): one step per resource
 * the preview touches, `same` ones included, each with the resource's old and new state as the CLI
 * shows them (secrets as `"[secret]"`, values not known yet as the unknown sentinel). Only the
 * fields the review reads are decoded; everything else passes through.
 */
import * as t from "io-ts";
import { PathReporter } from "io-ts/PathReporter";
import { isLeft } from "fp-ts/Either";

const Bag = t.record(t.string, t.unknown);

/** A resource as the digest shows it (`oldState` or `newState` of a step). */
export const PreviewResourceState = t.partial(
  { urn: t.string, type: t.string, id: t.string, inputs: Bag, outputs: Bag },
  "PreviewResourceState",
);
export type PreviewResourceState = t.TypeOf<typeof PreviewResourceState>;

/** One step: `op` is `same`, `create`, `update`, `delete`, `replace`, `create-replacement`, … */
export const PreviewStep = t.intersection(
  [
    t.type({ op: t.string, urn: t.string }),
    t.partial({ oldState: PreviewResourceState, newState: PreviewResourceState }),
  ],
  "PreviewStep",
);
export type PreviewStep = t.TypeOf<typeof PreviewStep>;

export const PreviewDigest = t.intersection(
  [t.type({ steps: t.array(PreviewStep) }), t.partial({ changeSummary: t.record(t.string, t.number) })],
  "PreviewDigest",
);
export type PreviewDigest = t.TypeOf<typeof PreviewDigest>;

/** The digest in `text`; throws naming what is wrong when it is not JSON or not a preview digest. */
export function parsePreviewDigest(text: string, source = "the preview"): PreviewDigest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source} is not JSON (${(e as Error).message}); expected \`pulumi preview --json\``);
  }
  const decoded = PreviewDigest.decode(value);
  if (isLeft(decoded)) {
    const why = PathReporter.report(decoded).slice(0, 3).join("; ");
    throw new Error(`${source} is not a \`pulumi preview --json\` document: ${why}`);
  }
  return decoded.right;
}
