/**
 * The stack config as `pulumi config --json` prints it (`{"loxilb:apiEndpoints": {"value": "…",
 * "secret": false}}`; secrets without `--show-secrets` have no value), and the LoxiLB connection
 * the review reads from it and the environment (the provider's own resolution, docs/configuration.md).
 */
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import { PathReporter } from "io-ts/PathReporter";
import { resolveLoxilbOptions, type LoxiLBClientOptions } from "../api/options";

export const StackConfigJson = t.record(
  t.string,
  t.partial({ value: t.string, secret: t.boolean }),
  "StackConfigJson",
);
export type StackConfigJson = t.TypeOf<typeof StackConfigJson>;

/** Decodes `pulumi config --json` output; throws naming the source and the problem. */
export function parseStackConfig(text: string, source: string): StackConfigJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source} is not JSON (${(e as Error).message}); expected \`pulumi config --json\``);
  }
  const decoded = StackConfigJson.decode(value);
  if (isLeft(decoded)) {
    throw new Error(
      `${source} is not \`pulumi config --json\` output: ${PathReporter.report(decoded)[0] ?? ""}`,
    );
  }
  return decoded.right;
}

/** The LoxiLB client options from the stack config and `LOXILB_*` variables; throws a ConfigError without endpoints. */
export function connectionOptions(config: StackConfigJson, env: NodeJS.ProcessEnv): LoxiLBClientOptions {
  return resolveLoxilbOptions({ config: (key) => config[key]?.value, env });
}
