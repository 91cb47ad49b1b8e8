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

/**
 * A fresh peer on 127.0.0.1 and a free port; resolves once `GET /version` answers 200 from the peer
 * this call started. A free port can be handed to another process's peer before ours binds it (two
 * test files start peers at once): then ours fails to bind, or the answer comes from that peer, with
 * its rules. So a bind failure is retried on another port, and so is a listener that is not ours.
 */
export async function startPeerTarget(o: PeerOptions = {}): Promise<Target> {
  for (let attempt = 1; ; attempt++) {
    const started = await startPeerOnce(o);
    if (started.ours) return started.target;
    await started.target.stop();
    if (attempt >= 5) throw new Error("loxilb-peer: another process took the port five times in a row");
  }
}

async function startPeerOnce(o: PeerOptions): Promise<{ target: Target; ours: boolean }> {
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
    // Another process bound the port between freePort and the peer's listen: try another port.
    if (child.exitCode !== null && /address already in use/.test(output.join(""))) {
      return { target: { url, stop }, ours: false };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`loxilb-peer on port ${port} did not start: ${output.join("").slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  // run-peer.sh execs the peer, so the child's pid is the peer's.
  const ours = child.pid === undefined || listensOn(child.pid, port) !== false;
  return { target: { url, stop }, ours };
}

/**
 * Whether process `pid` holds the listening TCP socket on `port` (Linux: /proc/net/tcp{,6} and the
 * process's descriptors); undefined where /proc cannot tell.
 */
export function listensOn(pid: number, port: number): boolean | undefined {
  let inodes: Set<string>;
  try {
    const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
    inodes = new Set(
      ["/proc/net/tcp", "/proc/net/tcp6"]
        .flatMap((f) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8").split("\n").slice(1) : []))
        .map((line) => line.trim().split(/\s+/))
        .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) === true && cols[3] === "0A")
        .map((cols) => cols[9] ?? ""),
    );
    const fds = fs.readdirSync(`/proc/${pid}/fd`);
    return fds.some((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        return m !== null && inodes.has(m[1] ?? "");
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
}
