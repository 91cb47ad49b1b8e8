/**
 * The real dynamic-provider host: `pulumi-resource-pulumi-nodejs` (a sh script that runs
 * `@pulumi/pulumi/cmd/dynamic-provider`), launched the way the engine launches it, plus a typed
 * unary gRPC client that records every call.
 */
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as readline from "readline";
import type * as GrpcModule from "@grpc/grpc-js";
import type { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import type { Proto } from "./proto";
import { messageJson } from "./message-json";
import type { TranscriptEntry } from "./types";
import { summarize, type Wire } from "./wire";

export interface ProviderHostOptions {
  readonly proto: Proto;
  /** Working directory of the host (the program directory: it must see `node_modules`). */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Each stdout/stderr line the host prints after the port line. */
  readonly onLog: (line: string) => void;
  /** Called with each finished (or failed) call. */
  readonly record: (entry: Omit<TranscriptEntry, "seq" | "operation">) => TranscriptEntry;
  readonly now: () => number;
  /** Deadline of each call, in ms. */
  readonly callTimeoutMs: number;
  /** How long to wait for the port line. */
  readonly startTimeoutMs: number;
}

/** An error returned by a gRPC call, with its status code. */
export class RpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number | undefined,
    readonly details: string,
    readonly metadata: GrpcModule.Metadata | undefined,
  ) {
    super(`${method} failed: ${details}`);
    this.name = "RpcError";
  }
}

type Callback<Res> = (err: GrpcModule.ServiceError | null, res: Res) => void;
type UnaryFn<Req, Res> = (
  req: Req,
  md: GrpcModule.Metadata,
  opts: Partial<GrpcModule.CallOptions>,
  cb: Callback<Res>,
) => unknown;

export class ProviderHost {
  private constructor(
    private readonly opts: ProviderHostOptions,
    private readonly child: ChildProcess,
    readonly port: number,
    readonly client: ResourceProviderClient,
    private readonly exited: Promise<void>,
  ) {}

  /** pid of the launched `sh` (the process group leader; the node server is its child). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(opts: ProviderHostOptions): Promise<ProviderHost> {
    const launcher = path.join(opts.proto.pulumiDir, "pulumi-resource-pulumi-nodejs");
    // The engine passes its own address; the dynamic host requires an argument and ignores it.
    const child = spawn("sh", [launcher, "127.0.0.1:1"], {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const early: string[] = [];
    const port = await new Promise<number>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (!settled) {
          settled = true;
          killGroup(child, "SIGKILL");
          reject(
            new Error(`provider host printed no port within ${opts.startTimeoutMs} ms: ${early.join("\n")}`),
          );
        }
      }, opts.startTimeoutMs);
      const out = readline.createInterface({ input: child.stdout });
      out.on("line", (line) => {
        if (!settled) {
          const n = Number(line.trim());
          if (Number.isInteger(n) && n > 0) {
            settled = true;
            clearTimeout(timer);
            resolve(n);
            return;
          }
          early.push(line);
        }
        opts.onLog(line);
      });
      const err = readline.createInterface({ input: child.stderr });
      err.on("line", (line) => {
        if (!settled) early.push(line);
        opts.onLog(line);
      });
      child.once("exit", (code, signal) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          reject(
            new Error(
              `provider host exited (${code ?? signal}) before printing its port: ${early.join("\n")}`,
            ),
          );
        }
      });
      child.once("error", (e) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          reject(e);
        }
      });
    });
    const Client = opts.proto.providerGrpc.ResourceProviderClient;
    const client = new Client(`127.0.0.1:${port}`, opts.proto.grpc.credentials.createInsecure());
    return new ProviderHost(opts, child, port, client, exited);
  }

  /**
   * One unary call. `describe` turns request/response into plain JS for the transcript; `urn`
   * labels the entry.
   */
  async call<Req extends Parameters<typeof messageJson>[0], Res extends Parameters<typeof messageJson>[0]>(
    method: string,
    fn: UnaryFn<Req, Res>,
    req: Req,
    describe: { urn?: string; request: Wire; response: (res: Res) => Wire },
  ): Promise<Res> {
    const startedAt = this.opts.now();
    const deadline = Date.now() + this.opts.callTimeoutMs;
    const md = new this.opts.proto.grpc.Metadata();
    const common = {
      method,
      ...(describe.urn !== undefined ? { urn: describe.urn } : {}),
      startedAt,
      request: summarize(describe.request),
    };
    try {
      const res = await new Promise<Res>((resolve, reject) => {
        fn.call(this.client, req, md, { deadline }, (err, r) => (err ? reject(err) : resolve(r)));
      });
      this.opts.record({
        ...common,
        endedAt: this.opts.now(),
        response: summarize(describe.response(res)),
        message: { request: summarize(messageJson(req)), response: summarize(messageJson(res)) },
      });
      return res;
    } catch (e) {
      const se = e as Partial<GrpcModule.ServiceError>;
      const details = se.details ?? se.message ?? String(e);
      this.opts.record({
        ...common,
        endedAt: this.opts.now(),
        error: { code: se.code, message: details },
        message: { request: summarize(messageJson(req)) },
      });
      throw new RpcError(method, se.code, details, se.metadata);
    }
  }

  /** Cancel, close the channel and kill the process group, like the engine at the end of a run. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        await this.call("Cancel", this.client.cancel.bind(this.client), new this.opts.proto.empty.Empty(), {
          request: {},
          response: () => ({}),
        });
      } catch {
        // Cancel is best effort.
      }
    }
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      killGroup(this.child, "SIGTERM");
      const timer = setTimeout(() => killGroup(this.child, "SIGKILL"), 2000);
      await this.exited;
      clearTimeout(timer);
    }
    // The sh may be gone while its node child lingers in the group.
    killGroup(this.child, "SIGKILL");
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** `Struct` → JS, tolerating an unset field. */
export function structToJs(s: StructPb.Struct | undefined): Wire {
  return s ? s.toJavaScript() : null;
}
