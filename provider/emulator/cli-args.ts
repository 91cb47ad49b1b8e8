/** Command-line parsing for `loxilb-emulator` (pure: argv in, options or a usage error out). */
import * as fs from "fs";
import type { StartEmulatorOptions } from "./types";

/** The CLI usage text. */
export const USAGE = `Usage: loxilb-emulator [flags]

  --host <addr>          listen address (default 127.0.0.1)
  --port <n>             HTTP port (default 11111; 0 = ephemeral)
  --tls-port <n>         HTTPS port (default 8091 when --tls-cert is given; 0 = ephemeral)
  --tls-cert <file>      PEM server certificate (enables HTTPS, needs --tls-key)
  --tls-key <file>       PEM server key
  --tls-ca <file>        PEM CA: require client certificates it signed (mTLS)
  --token <token>        manual-token auth: Authorization must equal this
  --users <u:p,...>      user-service auth: enables POST /auth/login
  --legacy-errors        answer handler errors as HTTP 200 {"result":"<error>"} (loxilb <= v0.9.8.4)
  --prometheus           serve /metrics
  --state-file <file>    persist rules here (loaded at start, rewritten atomically)
  --max-rules <n>        rule capacity (default 2048)
  --loxilb-version <v>   version reported by GET /version
  --help                 show this help
`;

/** A flag error: the message names the flag; the CLI exits 2. */
export class UsageError extends Error {}

const VALUE_FLAGS = [
  "--host",
  "--port",
  "--tls-port",
  "--tls-cert",
  "--tls-key",
  "--tls-ca",
  "--token",
  "--users",
  "--state-file",
  "--max-rules",
  "--loxilb-version",
] as const;
const BOOL_FLAGS = ["--legacy-errors", "--prometheus", "--help"] as const;

function splitArgs(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if ((BOOL_FLAGS as readonly string[]).includes(flag)) {
      out.set(flag, "true");
    } else if ((VALUE_FLAGS as readonly string[]).includes(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[(i += 1)];
      if (value === undefined) throw new UsageError(`flag ${flag} needs a value`);
      out.set(flag, value);
    } else {
      throw new UsageError(`unknown flag ${arg}`);
    }
  }
  return out;
}

function port(flag: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535)
    throw new UsageError(`invalid value for ${flag}: ${v} (expected 0-65535)`);
  return n;
}

function positive(flag: string, v: string): number {
  if (!/^[1-9]\d{0,8}$/.test(v))
    throw new UsageError(`invalid value for ${flag}: ${v} (expected a positive integer)`);
  return Number(v);
}

function readPem(flag: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${flag} ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function users(v: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of v.split(",")) {
    const i = pair.indexOf(":");
    if (i <= 0) throw new UsageError(`invalid value for --users: expected user:pass[,user:pass...]`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

function tlsOptions(a: Map<string, string>): StartEmulatorOptions["tls"] {
  const cert = a.get("--tls-cert");
  const key = a.get("--tls-key");
  if (cert === undefined && key === undefined) {
    for (const f of ["--tls-ca", "--tls-port"])
      if (a.has(f)) throw new UsageError(`flag ${f} needs --tls-cert and --tls-key`);
    return undefined;
  }
  if (cert === undefined || key === undefined)
    throw new UsageError(`flags --tls-cert and --tls-key go together`);
  const ca = a.get("--tls-ca");
  const tlsPort = a.get("--tls-port");
  return {
    cert: readPem("--tls-cert", cert),
    key: readPem("--tls-key", key),
    ...(ca !== undefined ? { ca: readPem("--tls-ca", ca) } : {}),
    port: tlsPort === undefined ? 8091 : port("--tls-port", tlsPort),
  };
}

/** Parses argv (without `node` and the script); `help` true when `--help` was given. */
export function parseCliArgs(argv: readonly string[]): { help: boolean; options: StartEmulatorOptions } {
  const a = splitArgs(argv);
  const tls = tlsOptions(a);
  const maxRules = a.get("--max-rules");
  const opt = <K extends string, V>(k: K, v: V | undefined) =>
    v === undefined ? {} : ({ [k]: v } as Record<K, V>);
  const options: StartEmulatorOptions = {
    host: a.get("--host") ?? "127.0.0.1",
    port: port("--port", a.get("--port") ?? "11111"),
    ...opt("tls", tls),
    ...opt("token", a.get("--token")),
    ...opt("users", a.has("--users") ? users(a.get("--users") ?? "") : undefined),
    ...opt("legacyErrors", a.has("--legacy-errors") ? true : undefined),
    ...opt("prometheus", a.has("--prometheus") ? true : undefined),
    ...opt("stateFile", a.get("--state-file")),
    ...opt("maxRules", maxRules === undefined ? undefined : positive("--max-rules", maxRules)),
    ...opt("version", a.get("--loxilb-version")),
  };
  return { help: a.has("--help"), options };
}
