/**
 * The workflow's Pulumi steps (workflows/preview.yml), run through the Automation API with this
 * folder's program inline: `pulumi up` and `pulumi preview --json` in a project folder need the
 * Node.js language host, and an inline program does not (the engine talks to this process). The
 * stack is `ci` on the backend `PULUMI_BACKEND_URL` names; run it from the project folder.
 *
 *   node ci.js up            # LOXILB_URL: the LoxiLB API (the emulator in CI); sets loxilb:apiEndpoints
 *   node ci.js preview-json  # prints `pulumi preview --json`
 *   node ci.js config-json   # prints `pulumi config --json` (for `pulumi-loxilb review --config`)
 */
import * as path from "path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";

const STACK = "ci";
const PROGRAM = path.join(__dirname, "index.js");

/** Runs index.js afresh (as a new `pulumi` invocation would); its exports are the stack outputs. */
function program(): Promise<Record<string, unknown>> {
  delete require.cache[require.resolve(PROGRAM)];
  const mod = require(PROGRAM) as Record<string, unknown>;
  return Promise.resolve(Object.fromEntries(Object.entries(mod).filter(([k]) => k !== "__esModule")));
}

/** The CLI, with `--json` added to `preview` while `json.on` (the Automation API has no such option). */
async function command(json: { on: boolean }): Promise<PulumiCommand> {
  type Run = (args: string[], ...rest: unknown[]) => Promise<unknown>;
  const real = await PulumiCommand.get({ skipVersionCheck: true });
  const run = (real as unknown as { run: Run }).run.bind(real);
  const cmd = Object.create(real) as PulumiCommand & { run: Run };
  cmd.run = (args, ...rest) => run(json.on && args[0] === "preview" ? [...args, "--json"] : args, ...rest);
  return cmd;
}

async function openStack(json: { on: boolean }): Promise<Stack> {
  // The dynamic-provider plugin (pulumi-resource-pulumi-nodejs) ships in @pulumi/pulumi's folder.
  const plugin = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return LocalWorkspace.createOrSelectStack(
    { stackName: STACK, projectName: "loxilb-gitops", program },
    {
      workDir: process.cwd(),
      pulumiCommand: await command(json),
      envVars: { PATH: [plugin, process.env["PATH"] ?? ""].join(path.delimiter) },
    },
  );
}

async function main(op: string | undefined): Promise<void> {
  const json = { on: false };
  const stack = await openStack(json);
  if (op === "up") {
    const url = process.env["LOXILB_URL"];
    if (url === undefined || url === "") throw new Error("ci.js up: set LOXILB_URL to the LoxiLB API URL");
    await stack.setConfig("loxilb:apiEndpoints", { value: JSON.stringify([url]) });
    const r = await stack.up();
    process.stderr.write(`up: ${JSON.stringify(r.summary.resourceChanges)}\n`);
  } else if (op === "preview-json") {
    json.on = true;
    process.stdout.write((await stack.preview()).stdout);
  } else if (op === "config-json") {
    // As `pulumi config --json` prints it: secret values left out.
    const config = Object.entries(await stack.getAllConfig()).map(([k, v]) => [
      k,
      v.secret === true ? { secret: true } : { value: v.value, secret: false },
    ]);
    process.stdout.write(`${JSON.stringify(Object.fromEntries(config), null, 2)}\n`);
  } else {
    throw new Error(
      `ci.js: unknown command ${JSON.stringify(op ?? "")}: use up, preview-json or config-json`,
    );
  }
}

main(process.argv[2]).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
