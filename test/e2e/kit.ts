/**
 * Shared pieces of the end-to-end suite on the real `pulumi` CLI (see harness/cli.ts): the
 * gate that runs a test only where the CLI is on PATH and emulators for a stack.
 */
import test from "ava";
import * as path from "path";
import { hasPulumiCli } from "../../harness";
import { formatRuleKey } from "../../provider/api/rule-identity";
import { startEmulator, type LoxilbEmulator } from "../../provider/emulator";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

const cli = hasPulumiCli();
if (!cli) {
  console.log("e2e: skipped, the `pulumi` CLI is not on PATH (`npm run peers` builds it into .peers/bin)");
}

/** `test.serial` where the CLI is on PATH, `test.skip` elsewhere. */
export const e2e = cli ? test.serial : test.skip;

/** The compiled program of an example (examples/NAME/index.ts). */
export const exampleProgram = (name: string): string => path.join(ROOT, "dist", "examples", name, "index.js");

/** `count` fresh emulators, closed when the test ends. */
export async function emulators(
  t: { teardown(fn: () => Promise<void>): void },
  count: number,
): Promise<LoxilbEmulator[]> {
  const all = await Promise.all(Array.from({ length: count }, () => startEmulator({})));
  t.teardown(async () => {
    await Promise.all(all.map((e) => e.close()));
  });
  return all;
}

/** The requests an emulator served that change something (POST, PUT, DELETE). */
export const writes = (e: LoxilbEmulator): string[] =>
  e
    .requests()
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.path.replace("/netlox/v1", "")}`);

/** The rules an emulator holds, as sorted key texts (`tcp:192.0.2.10:80`). */
export const ruleKeys = (e: LoxilbEmulator): string[] =>
  e
    .rules()
    .map(({ serviceArguments: { externalIP, port, protocol } }) =>
      formatRuleKey({ externalIP, port, protocol: protocol ?? "tcp" }),
    )
    .sort();

export { diffOutline, summaryLines } from "./preview-text";
