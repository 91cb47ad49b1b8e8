/**
 * The real `pulumi` CLI as a test engine: a stack on a scratch `file://` backend, run through the
 * Automation API with the program inline (in this process, over the Automation API's language
 * server), so the CLI needs no `pulumi-language-nodejs` plugin. `npm run peers` builds the CLI
 * into .peers/bin from its Go modules.
 *
 * Programs have the harness's shape (README.md): a compiled CommonJS module exporting `default`
 * (or `program`), a function `(args) => outputs`, or a plain Pulumi `main` whose exports are the
 * stack outputs. Each operation loads the module afresh, as a new `pulumi` invocation would.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type PreviewResult,
  type Stack,
} from "@pulumi/pulumi/automation";
import { runProgramModule } from "./program-module";

/** True when a `pulumi` CLI answers on PATH. */
export function hasPulumiCli(): boolean {
  return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

/** The CLI's version (`pulumi version`), or undefined without a CLI. */
export function pulumiCliVersion(): string | undefined {
  const r = spawnSync("pulumi", ["version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The folder of @pulumi/pulumi, which holds the `pulumi-resource-pulumi-nodejs` plugin launcher. */
const PULUMI_NODEJS_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

export interface CliStackOptions {
  /**
   * The package root whose node_modules serve the program and the plugins. Each stack gets its own
   * project folder beneath it (`.state/cli-stacks/`, gitignored): the engine starts the
   * dynamic-provider plugin there, and it resolves @pulumi/pulumi upward from there.
   */
  readonly root: string;
  readonly project: string;
  readonly stack: string;
  /** Absolute path of the compiled program module. */
  readonly programPath: string;
  /** Argument of a program function; change it between operations with `setArgs`. */
  readonly args?: unknown;
  /** Plain configuration ("ns:key" → value). */
  readonly config?: Record<string, string>;
  /** Configuration stored as secrets. */
  readonly secrets?: Record<string, string>;
  /** Extra environment of the CLI and the plugins it starts. */
  readonly env?: Record<string, string>;
  /** An existing backend folder to open instead of a fresh one (the caller then owns it). */
  readonly backendDir?: string;
}

/** One digest step of `pulumi preview --json` (only the fields the tests read are typed). */
export interface PreviewJsonStep {
  readonly op: string;
  readonly urn: string;
  readonly diffReasons?: string[];
  readonly replaceReasons?: string[];
  readonly detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
  readonly oldState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  readonly newState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

/** `pulumi preview --json`, as the CLI prints it. */
export interface PreviewJson {
  readonly steps: PreviewJsonStep[];
  readonly changeSummary: Record<string, number>;
  readonly [key: string]: unknown;
}

/**
 * The engine's `--parallel` as the Automation API's language server received it (the Run request),
 * or undefined outside an inline program run.
 */
function engineParallel(): number | undefined {
  type Store = { settings?: { options?: { parallel?: unknown } } };
  const state = require("@pulumi/pulumi/runtime/state") as { getStore?: () => Store };
  const n = state.getStore?.().settings?.options?.parallel;
  return typeof n === "number" && n > 0 ? n : undefined;
}

/** Runs `fn` with one environment variable set (or left alone when `value` is undefined). */
async function withEnv<T>(key: string, value: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (value === undefined) return fn();
  const before = process.env[key];
  process.env[key] = value;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env[key];
    else process.env[key] = before;
  }
}

/**
 * Loads a harness-shaped program module afresh and runs it; its result is the stack outputs. Like
 * the Node.js language host (`cmd/run`), it tells the program the engine's `--parallel` through
 * `PULUMI_NODEJS_PARALLEL` (the provider reads it when a resource is declared).
 */
function inlineProgram(programPath: string, args: () => unknown): () => Promise<Record<string, unknown>> {
  return () =>
    withEnv("PULUMI_NODEJS_PARALLEL", engineParallel()?.toString(), async () => {
      delete require.cache[require.resolve(programPath)];
      const out = await runProgramModule(require(programPath) as Record<string, unknown>, args());
      return out !== null && typeof out === "object" ? { ...(out as Record<string, unknown>) } : {};
    });
}

/**
 * The CLI command with one switch: while `json` is set, `preview` also gets `--json`, so its
 * stdout is the CLI's JSON digest (the Automation API has no option for it).
 */
function jsonCapableCommand(real: PulumiCommand): { command: PulumiCommand; json: { on: boolean } } {
  // `run` is the method every Automation API operation goes through (not in the public typings).
  type Run = (args: string[], ...rest: unknown[]) => Promise<unknown>;
  const json = { on: false };
  const realRun = (real as unknown as { run: Run }).run.bind(real);
  const command = Object.create(real) as PulumiCommand & { run: Run };
  command.run = (args, ...rest) =>
    realRun(json.on && args[0] === "preview" ? [...args, "--json"] : args, ...rest);
  return { command, json };
}

export class CliStack {
  private constructor(
    readonly stack: Stack,
    /** The `file://` backend folder (state at rest). */
    readonly backendDir: string,
    /** The project folder the CLI runs in. */
    readonly workDir: string,
    private readonly ownsBackend: boolean,
    private readonly json: { on: boolean },
    private readonly argsBox: { value: unknown },
    private readonly opts: CliStackOptions,
  ) {}

  static async open(opts: CliStackOptions): Promise<CliStack> {
    const backendDir = opts.backendDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-loxilb-cli-"));
    const stacks = path.join(opts.root, ".state", "cli-stacks");
    fs.mkdirSync(stacks, { recursive: true });
    const workDir = fs.mkdtempSync(path.join(stacks, `${opts.project}-`));
    const { command, json } = jsonCapableCommand(await PulumiCommand.get({ skipVersionCheck: true }));
    const argsBox = { value: opts.args };
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        stackName: opts.stack,
        projectName: opts.project,
        program: inlineProgram(opts.programPath, () => argsBox.value),
      },
      {
        workDir,
        pulumiCommand: command,
        envVars: {
          PATH: [PULUMI_NODEJS_DIR, process.env["PATH"] ?? ""].join(path.delimiter),
          PULUMI_HOME: path.join(backendDir, "home"),
          PULUMI_BACKEND_URL: `file://${backendDir}`,
          PULUMI_CONFIG_PASSPHRASE: "pulumi-loxilb-cli-stack",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          ...opts.env,
        },
      },
    );
    const config: ConfigMap = {};
    for (const [k, v] of Object.entries(opts.config ?? {})) config[k] = { value: v };
    for (const [k, v] of Object.entries(opts.secrets ?? {})) config[k] = { value: v, secret: true };
    if (Object.keys(config).length > 0) await stack.setAllConfig(config);
    return new CliStack(stack, backendDir, workDir, opts.backendDir === undefined, json, argsBox, opts);
  }

  /** The argument the program function gets from the next operation on. */
  setArgs(args: unknown): void {
    this.argsBox.value = args;
  }

  /**
   * Log every gRPC call of the following operations to `file` as JSON lines (the CLI's
   * `PULUMI_DEBUG_GRPC`; grpc-log.ts reads it), or stop logging with undefined.
   */
  traceGrpc(file: string | undefined): void {
    const env = this.stack.workspace.envVars;
    if (file === undefined) delete env["PULUMI_DEBUG_GRPC"];
    else env["PULUMI_DEBUG_GRPC"] = file;
  }

  async setConfig(key: string, value: string, secret = false): Promise<void> {
    await this.stack.setConfig(key, { value, secret });
  }

  /** `pulumi preview --diff`: the text a reviewer reads, and the change summary. */
  async previewDiff(opts: { expectNoChanges?: boolean } = {}): Promise<PreviewResult> {
    return this.stack.preview({ diff: true, ...opts });
  }

  /** `pulumi preview --json`, parsed. */
  async previewJson(): Promise<PreviewJson> {
    this.json.on = true;
    try {
      const r = await this.stack.preview();
      return JSON.parse(r.stdout) as PreviewJson;
    } finally {
      this.json.on = false;
    }
  }

  async up(): ReturnType<Stack["up"]> {
    return this.stack.up();
  }

  async refresh(): ReturnType<Stack["refresh"]> {
    return this.stack.refresh();
  }

  async destroy(): ReturnType<Stack["destroy"]> {
    return this.stack.destroy();
  }

  /** The checkpoint as `pulumi stack export` prints it (secrets stay encrypted). */
  exportText(): string {
    const r = spawnSync("pulumi", ["stack", "export", "--stack", this.opts.stack], {
      cwd: this.workDir,
      env: { ...process.env, ...this.stack.workspace.envVars },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`pulumi stack export failed: ${r.stderr}`);
    return r.stdout;
  }

  /** `pulumi stack import`: replaces the stack's state with a checkpoint (`stack export`'s form). */
  async importState(exported: { version: number; deployment: unknown }): Promise<void> {
    await this.stack.importStack(exported);
  }

  /** Every file the backend holds, with its text (the state at rest, history and backups included). */
  backendFiles(): Array<{ file: string; text: string }> {
    const root = path.join(this.backendDir, ".pulumi");
    if (!fs.existsSync(root)) return [];
    return (fs.readdirSync(root, { recursive: true }) as string[])
      .map((f) => path.join(root, f))
      .filter((f) => fs.statSync(f).isFile())
      .map((file) => ({ file, text: fs.readFileSync(file, "utf8") }));
  }

  /** Removes the stack, its project folder and (if this opened it) the backend. */
  async close(): Promise<void> {
    await this.stack.workspace.removeStack(this.opts.stack, { force: true }).catch(() => undefined);
    fs.rmSync(this.workDir, { recursive: true, force: true });
    if (this.ownsBackend) fs.rmSync(this.backendDir, { recursive: true, force: true });
  }
}
