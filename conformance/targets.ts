/**
 * The two servers a case runs against, each fresh per case: the emulator (in process) and
 * `loxilb-peer` (loxilb v0.9.8's own REST server and rule manager, no datapath), started through
 * `peers/loxilb/run-peer.sh` on 127.0.0.1 and a free port, and stopped afterwards.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { startEmulator } from "../provider/emulator";
import type { Mode } from "./case-data";

/** A running server: its base URL (without `/netlox/v1`) and how to stop it. */
export interface Target {
  readonly url: string;
  stop(): Promise<void>;
}

/** The repository root, from the compiled runner (`dist/conformance`) or the sources. */
export function repoRoot(): string {
  const fromDist = path.resolve(__dirname, "..", "..");
  return fs.existsSync(path.join(fromDist, "peers")) ? fromDist : path.resolve(__dirname, "..");
}

/** Where `npm run peers` (`bash peers/build.sh loxilb`) puts the peer. */
export function peerBinary(root = repoRoot()): string {
  return path.join(root, ".peers", "bin", "loxilb-peer");
}

/** True when the peer binary exists and is executable. */
export function peerBuilt(root = repoRoot()): boolean {
  try {
    fs.accessSync(peerBinary(root), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A fresh emulator in the given error mode. */
export async function startEmulatorTarget(mode: Mode): Promise<Target> {
  const emu = await startEmulator({ legacyErrors: mode === "legacy" });
  return { url: emu.url, stop: () => emu.close() };
}

/** A port the kernel just handed out on 127.0.0.1 (free when this returns). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function versionAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/netlox/v1/version`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.setTimeout(1000, () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** SIGTERM (loxilb deletes its rules and exits), SIGKILL after `graceMs`. */
async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Options of {@link startPeerTarget}. */
export interface PeerOptions {
  readonly root?: string;
  /** Give up when `/version` does not answer within this time (default 20 s). */
  readonly readyMs?: number;
  /** SIGKILL when SIGTERM has not stopped it within this time (default 8 s). */
  readonly graceMs?: number;
}

/** A fresh peer on 127.0.0.1 and a free port; resolves once `GET /version` answers 200. */
export async function startPeerTarget(o: PeerOptions = {}): Promise<Target> {
  const root = o.root ?? repoRoot();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child = spawn(
    "bash",
    [path.join(root, "peers", "loxilb", "run-peer.sh"), peerBinary(root), String(port)],
    {
      env: { ...process.env, LOXILB_PEER_LOG_NAME: "peer-conformance" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const keep = (b: Buffer) => void output.push(b.toString("utf8"));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const stop = () => stopChild(child, o.graceMs ?? 8000);
  const deadline = Date.now() + (o.readyMs ?? 20_000);
  while (!(await versionAnswers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`loxilb-peer on port ${port} did not start: ${output.join("").slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, stop };
}
