/**
 * The two engines a comparison runs a scenario through: the harness (a fresh provider host per
 * operation, as every `pulumi` command gets one) and the real CLI (`CliStack`, with
 * `PULUMI_DEBUG_GRPC` on for each operation). Each operation yields the provider calls it made and
 * the checkpoint after it, as `pulumi stack export --show-secrets` prints it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliStack } from "../../../harness/cli";
import { EngineHarness } from "../../../harness/engine";
import {
  cliProviderCalls,
  harnessProviderCalls,
  readGrpcLog,
  type ProviderCall,
} from "../../../harness/grpc-log";
import type { WireMap } from "../../../harness/wire";

export type Operation = "preview" | "up" | "refresh" | "destroy";

/** What one engine did in one operation. */
export interface OperationRecord {
  readonly calls: ProviderCall[];
  /** The checkpoint's resources after the operation (secrets in clear, as `--show-secrets`). */
  readonly resources: WireMap[];
  /** The operation's error message, when it failed. */
  readonly error?: string;
}

export interface EngineSetup {
  /** The package root (programs resolve `pulumi-loxilb` and `@pulumi/pulumi` from it). */
  readonly root: string;
  readonly project: string;
  readonly stack: string;
  readonly programPath: string;
  readonly config: Record<string, string>;
  readonly secrets: Record<string, string>;
}

export interface ComparedEngine {
  readonly name: "harness" | "cli";
  /** Set config keys (plain) for the next operations. */
  setConfig(config: Record<string, string>): Promise<void>;
  run(op: Operation, args: unknown): Promise<OperationRecord>;
  close(): Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class HarnessEngine implements ComparedEngine {
  readonly name = "harness";
  private seen = 0;
  private config: Record<string, string>;

  private constructor(
    private readonly h: EngineHarness,
    private readonly setup: EngineSetup,
  ) {
    this.config = { ...setup.config, ...setup.secrets };
  }

  static async start(setup: EngineSetup): Promise<HarnessEngine> {
    const h = await EngineHarness.start({
      projectDir: setup.root,
      project: setup.project,
      stack: setup.stack,
      config: { ...setup.config, ...setup.secrets },
      secretKeys: Object.keys(setup.secrets),
      freshProviderPerOperation: true,
    });
    return new HarnessEngine(h, setup);
  }

  async setConfig(config: Record<string, string>): Promise<void> {
    this.config = { ...this.config, ...config };
    this.h.setConfig(this.config);
  }

  async run(op: Operation, args: unknown): Promise<OperationRecord> {
    let error: string | undefined;
    try {
      if (op === "preview" || op === "up") await this.h[op](this.setup.programPath, args);
      else await this.h[op]();
    } catch (e) {
      error = message(e);
    }
    const entries = this.h.transcript().slice(this.seen);
    this.seen += entries.length;
    return {
      calls: harnessProviderCalls(entries, op),
      resources: this.h.exportState({ showSecrets: true }).deployment.resources,
      ...(error !== undefined ? { error } : {}),
    };
  }

  close(): Promise<void> {
    return this.h.stop();
  }
}

export class CliEngine implements ComparedEngine {
  readonly name = "cli";
  private ops = 0;

  private constructor(
    private readonly cli: CliStack,
    private readonly logDir: string,
  ) {}

  static async start(setup: EngineSetup): Promise<CliEngine> {
    const cli = await CliStack.open({
      root: setup.root,
      project: setup.project,
      stack: setup.stack,
      programPath: setup.programPath,
      config: setup.config,
      secrets: setup.secrets,
    });
    return new CliEngine(cli, fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-loxilb-grpc-")));
  }

  async setConfig(config: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(config)) await this.cli.setConfig(k, v);
  }

  async run(op: Operation, args: unknown): Promise<OperationRecord> {
    const log = path.join(this.logDir, `${++this.ops}-${op}.jsonl`);
    this.cli.setArgs(args);
    this.cli.traceGrpc(log);
    let error: string | undefined;
    try {
      if (op === "preview") await this.cli.stack.preview();
      else await this.cli[op]();
    } catch (e) {
      error = message(e);
    } finally {
      this.cli.traceGrpc(undefined);
    }
    const exported = await this.cli.stack.exportStack();
    const deployment = exported.deployment as { resources?: WireMap[] } | undefined;
    return {
      calls: cliProviderCalls(readGrpcLog(log)),
      resources: deployment?.resources ?? [],
      ...(error !== undefined ? { error } : {}),
    };
  }

  async close(): Promise<void> {
    await this.cli.close();
    fs.rmSync(this.logDir, { recursive: true, force: true });
  }
}
