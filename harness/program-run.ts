/**
 * Parent side of a program run: forks `runner.js`, serves its registrations through callbacks and
 * resolves when the program (and every registration it made) has finished.
 */
import { fork, type ChildProcess } from "child_process";
import * as path from "path";
import * as readline from "readline";
import type { AnswerMessage, ChildMessage, RunMessage } from "./runner";
import type { InvokeRequest, ReadRegistration, Registration, RegistrationAnswer } from "./types";
import type { WireMap } from "./wire";

export interface ProgramRunOptions {
  /** Absolute path of the compiled program module. */
  readonly programPath: string;
  /** JSON-serializable argument of the program function. */
  readonly args?: unknown;
  readonly project: string;
  readonly stack: string;
  readonly organization?: string;
  readonly preview: boolean;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
  /** Working directory of the program process. */
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly onRegister: (reg: Registration) => Promise<RegistrationAnswer>;
  readonly onRead?: (
    reg: ReadRegistration,
  ) => Promise<{ ok: true; object: WireMap } | { ok: false; error: string }>;
  readonly onInvoke?: (req: InvokeRequest) => Promise<WireMap>;
}

export interface ProgramRunResult {
  readonly ok: boolean;
  /** Errors the program raised (uncaught, unhandled rejections, failed registrations). */
  readonly errors: string[];
  readonly outputs: WireMap;
  readonly logs: string[];
}

/** A running program; `done` settles when it finishes, `kill()` stops it early. */
export interface ProgramRun {
  readonly done: Promise<ProgramRunResult>;
  kill(): void;
}

export const RUNNER_PATH = path.join(__dirname, "runner.js");

export function startProgram(opts: ProgramRunOptions): ProgramRun {
  const logs: string[] = [];
  const child: ChildProcess = fork(RUNNER_PATH, [], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    execArgv: [],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    // Structured clone, not JSON: NaN, Infinity and -0 reach the engine as the program wrote them
    // (JSON would turn them into null, hiding them from every test through the harness).
    serialization: "advanced",
  });
  readline.createInterface({ input: child.stdout! }).on("line", (l) => logs.push(l));
  readline.createInterface({ input: child.stderr! }).on("line", (l) => logs.push(l));

  let finished = false;
  const done = new Promise<ProgramRunResult>((resolve) => {
    const finish = (r: Omit<ProgramRunResult, "logs">) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      // Let the last log lines drain.
      setImmediate(() => resolve({ ...r, logs }));
    };
    const timer = setTimeout(
      () =>
        finish({ ok: false, errors: [`program did not finish within ${opts.timeoutMs} ms`], outputs: {} }),
      opts.timeoutMs,
    );
    const answer = (rid: number, a: AnswerMessage["answer"]) => {
      if (!finished && child.connected) child.send({ t: "answer", rid, answer: a } satisfies AnswerMessage);
    };
    const failure = (e: unknown) => ({
      ok: false as const,
      error: e instanceof Error ? e.message : String(e),
    });
    child.on("message", (raw: unknown) => {
      const msg = raw as ChildMessage;
      switch (msg.t) {
        case "register":
          opts.onRegister(msg.reg).then(
            (a) => answer(msg.rid, a),
            (e: unknown) => answer(msg.rid, failure(e)),
          );
          break;
        case "read":
          (opts.onRead ?? (async () => failure("resource reads (get) are not supported here")))(msg.reg).then(
            (a) => answer(msg.rid, a),
            (e: unknown) => answer(msg.rid, failure(e)),
          );
          break;
        case "invoke":
          (
            opts.onInvoke ??
            (async (r: InvokeRequest) => Promise.reject(new Error(`unexpected invoke ${r.token}`)))
          )(msg.req).then(
            (object) => answer(msg.rid, { ok: true, object }),
            (e: unknown) => answer(msg.rid, failure(e)),
          );
          break;
        case "done":
          finish({ ok: msg.ok, errors: msg.errors, outputs: msg.outputs });
          break;
      }
    });
    child.once("exit", (code, signal) => {
      finish({
        ok: false,
        errors: [`program process exited (${code ?? signal}) before finishing`],
        outputs: {},
      });
    });
    const run: RunMessage = {
      t: "run",
      programPath: opts.programPath,
      args: opts.args,
      project: opts.project,
      stack: opts.stack,
      organization: opts.organization ?? "organization",
      preview: opts.preview,
      config: opts.config,
      secretKeys: opts.secretKeys,
    };
    child.send(run);
  });
  return {
    done,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
