/**
 * Emulator benchmark: start-up time in process and as a fresh CLI process (medians), and sustained
 * rule POSTs per second (4 keep-alive clients for about 5 s; half create distinct keys, half re-POST
 * an existing key with a changed endpoint list, so both the create and the reconcile path run).
 */
import { spawn } from "child_process";
import * as http from "http";
import * as path from "path";
import { startEmulator } from "../provider/emulator";

/** One measured value; `ratioToTarget` > 1 is better than the target. */
export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  target?: number;
  ratioToTarget?: number;
}

/** A suite's result, merged into bench/results.json by name. */
export interface BenchSuiteResult {
  name: string;
  rows: BenchRow[];
}

const CLI = path.resolve(__dirname, "..", "provider", "emulator", "cli.js");

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const msSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6;

async function startupMs(runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    const emu = await startEmulator({});
    times.push(msSince(started));
    await emu.close();
  }
  return median(times);
}

/** Spawn `loxilb-emulator --port 0` until its first stdout line (the URL), then SIGTERM it. */
function cliStartOnce(): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.once("data", () => {
      const ms = msSince(started);
      child.once("exit", () => resolve(ms));
      child.kill("SIGTERM");
    });
    child.once("error", reject);
  });
}

async function cliStartupMs(runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) times.push(await cliStartOnce());
  return median(times);
}

function post(agent: http.Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/netlox/v1/config/loadbalancer",
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Request `n`: even → create key n/2; odd → re-POST key (n-1)/2 with a third endpoint (a change). */
function bodyFor(n: number): string {
  const i = n >> 1;
  const endpoints = [
    { endpointIP: "192.168.0.1", targetPort: 8080, weight: 1 },
    { endpointIP: "192.168.0.2", targetPort: 8080, weight: 1 },
  ];
  if (n % 2 === 1) endpoints.push({ endpointIP: "192.168.0.3", targetPort: 8080, weight: 1 });
  const externalIP = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return JSON.stringify({
    serviceArguments: { externalIP, port: 80, protocol: "tcp", name: `bench-${i}` },
    endpoints,
  });
}

async function sustainedPosts(seconds: number, clients: number): Promise<{ rate: number; failures: number }> {
  const emu = await startEmulator({ maxRules: 10_000_000 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients, noDelay: true });
  let next = 0;
  let ok = 0;
  let failures = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  const client = async () => {
    while (Date.now() < deadline) {
      const status = await post(agent, emu.port, bodyFor(next++));
      if (status === 200) ok += 1;
      else failures += 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = msSince(started) / 1000;
  agent.destroy();
  await emu.close();
  return { rate: ok / elapsed, failures };
}

function row(metric: string, value: number, unit: string, target: number, higherIsBetter: boolean): BenchRow {
  const ratio = higherIsBetter ? value / target : target / value;
  return {
    metric,
    value: Math.round(value * 100) / 100,
    unit,
    target,
    ratioToTarget: Math.round(ratio * 100) / 100,
  };
}

/** Runs the emulator benchmark. */
export async function runEmulatorBench(): Promise<BenchSuiteResult> {
  const startup = await startupMs(11);
  const cli = await cliStartupMs(5);
  const posts = await sustainedPosts(5, 4);
  return {
    name: "emulator",
    rows: [
      row("startup in process (median of 11)", startup, "ms", 1000, false),
      row("startup as a CLI process, spawn to URL line (median of 5)", cli, "ms", 1000, false),
      row(
        "sustained rule POSTs, creates + re-POSTs (4 keep-alive clients, 5 s)",
        posts.rate,
        "req/s",
        2000,
        true,
      ),
      { metric: "non-200 answers during the POST run", value: posts.failures, unit: "count" },
    ],
  };
}
