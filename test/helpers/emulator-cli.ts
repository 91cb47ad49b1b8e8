/** Spawns the compiled `loxilb-emulator` CLI for tests and reads its first stdout line (the URL). */
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";

/** The compiled CLI (tests run from dist/test). */
export const CLI = path.resolve(__dirname, "..", "..", "provider", "emulator", "cli.js");

/** A running CLI process and the URL it printed. */
export interface CliRun {
  readonly child: ChildProcess;
  readonly url: string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the CLI with `args` and waits for its first stdout line. */
export function startCli(args: readonly string[]): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      resolve({
        child,
        url: out.slice(0, nl),
        stop: (signal = "SIGTERM") => {
          child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`CLI exited ${String(code)} before printing a URL: ${err}`)));
  });
}

/** Runs the CLI to completion and returns its exit code and stderr. */
export function runCli(
  args: readonly string[],
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr, stdout })));
}
