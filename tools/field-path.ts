/**
 * The path of one field from a program's args to the POST body LoxiLB receives, measured rather than
 * traced by hand: the compiled package is instrumented (`call-tracer.ts`), a small program runs
 * under Pulumi's mocks in this process, and the resource's `check` and `create` run through the
 * provider's entry against an emulator, as the engine would call them. Every call from one module
 * into another that carries the field's value (in its arguments or its result) is a hop; the
 * modules those calls join are the files on the path. `create` is cut at the call that hands the
 * request to the transport: the re-read that verifies the write is not part of the trip.
 *
 * Usage: `npm run field-path` prints the figures for a member's `address` and a monitor's `delay`;
 * `FIELD_PATH_DIST=<other checkout>/dist` measures another build of the package the same way.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CallTracer, type TracedCall } from "./call-tracer";
import { unwrapSecrets, type WireMap } from "../harness/wire";
import type { ResourceKind } from "../provider/contracts/kinds";

/** The compiled package to measure: this one, or another build's `dist` (to compare versions). */
const DIST = path.resolve(process.env["FIELD_PATH_DIST"] ?? path.join(__dirname, ".."));

/** The engine phases a field crosses, as the driver labels them. */
const PROGRAM = "<program>";
const CHECK = "<engine: check>";
const CREATE = "<engine: create>";
type Phase = typeof PROGRAM | typeof CHECK | typeof CREATE;

/** Where the request leaves the package. */
const TRANSPORT = "provider/api/transport";

export interface PhasePath {
  readonly phase: Phase;
  /** Modules the value enters or leaves, in first-seen order. */
  readonly files: readonly string[];
  /** Calls between modules that carry the value (arguments or result). */
  readonly hops: number;
  /** Value-carrying calls into a module already on the call chain above the caller (A → B → A). */
  readonly bounceBacks: ReadonlyArray<{ readonly from: string; readonly to: string; readonly fn: string }>;
  /** The same over every call of the whole operation, carrying the value or not. */
  readonly anyBounceBacks: ReadonlyArray<{ readonly from: string; readonly to: string; readonly fn: string }>;
}

export interface FieldPath {
  readonly field: string;
  readonly phases: readonly PhasePath[];
  /** Every file on the path, once. */
  readonly files: readonly string[];
  readonly hops: number;
  readonly bounceBacks: number;
  /** The POST body reached the emulator with the value in it. */
  readonly reachedLoxiLB: boolean;
}

type Bag = Record<string, unknown>;
type Handlers = {
  check(kind: string, olds: unknown, news: unknown): Promise<{ inputs?: Bag; failures?: unknown[] }>;
  create(kind: string, inputs: unknown): Promise<unknown>;
};
type Pkg = typeof import("../provider");

interface Scenario {
  readonly field: string;
  /** The resource kind whose check and create carry the field, its type name and registered name. */
  readonly kind: ResourceKind;
  readonly typeName: string;
  readonly name: string;
  readonly matches: (v: unknown) => boolean;
  /** Declare the program's resources (the connection points at `url`). */
  declare(pkg: Pkg, url: string): void;
}

const ADDRESS = "198.51.100.77";
const DELAY = 4321;

function baseRule(pkg: Pkg, url: string, vipAddress: string) {
  const lb = new pkg.LoxiLoadBalancer("lb", {
    vipAddress,
    connection: { apiEndpoints: [url] },
  });
  const listener = new pkg.Listener("web", { loadbalancer: lb, protocol: "TCP", protocolPort: 80 });
  return new pkg.Pool("web", { listener, protocol: "TCP", lbMethod: "ROUND_ROBIN" });
}

export const SCENARIOS: readonly Scenario[] = [
  {
    field: "Member.address",
    kind: "member",
    typeName: "Member",
    name: "web-1",
    matches: (v) => typeof v === "string" && v.includes(ADDRESS),
    declare(pkg, url) {
      const pool = baseRule(pkg, url, "192.0.2.98");
      new pkg.Member("web-1", { pool, address: ADDRESS, protocolPort: 8080 });
    },
  },
  {
    field: "HealthMonitor.delay",
    kind: "healthmonitor",
    typeName: "HealthMonitor",
    name: "web",
    matches: (v) => v === DELAY || (typeof v === "string" && /(^|[^0-9.])4321([^0-9.]|$)/.test(v)),
    declare(pkg, url) {
      const pool = baseRule(pkg, url, "192.0.2.99");
      new pkg.HealthMonitor("web", { pool, type: "TCP", delay: DELAY, timeout: 3, maxRetries: 3 });
      new pkg.Member("web-1", { pool, address: "198.51.100.78", protocolPort: 8080 });
    },
  },
];

/** The instrumented package, loaded once per process. */
let loaded: { tracer: CallTracer; pkg: Pkg; handlers: Handlers } | undefined;

function load() {
  if (loaded !== undefined) return loaded;
  const tracer = new CallTracer(DIST);
  // The emulator is the far side of the wire, the package index only re-exports, and a cli runs on load.
  tracer.instrument(
    "provider",
    (rel) => rel.startsWith("provider/emulator/") || rel === "provider/index" || rel.endsWith("/cli"),
  );
  const pkg = require(path.join(DIST, "provider")) as Pkg;
  const handlers = require(path.join(DIST, "provider", "resources", "handlers")) as Handlers;
  loaded = { tracer, pkg, handlers };
  return loaded;
}

/** Measure one scenario: program, check and create, against a fresh emulator. */
export async function traceField(scenario: Scenario): Promise<FieldPath> {
  const { tracer, pkg, handlers } = load();
  const { startEmulator } = require(
    path.join(DIST, "provider", "emulator"),
  ) as typeof import("../provider/emulator");
  const emulator = await startEmulator({});
  try {
    const registered = new Map<string, Bag>();
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          if (args.type.endsWith(`:${scenario.typeName}`)) registered.set(args.name, args.inputs as Bag);
          return { id: `${args.name}-id`, state: args.inputs as Bag };
        },
        call: (args) => args.inputs as Bag,
      },
      "field-path",
      "trace",
      false,
    );
    const first = tracer.calls.length;
    const inputs = await tracer.run(PROGRAM, scenario.matches, async () => {
      scenario.declare(pkg, emulator.url);
      for (let i = 0; i < 200 && !registered.has(scenario.name); i++) await sleep(25);
      const found = registered.get(scenario.name);
      if (found === undefined)
        throw new Error(`${scenario.field}: the program did not register ${scenario.name}`);
      return found;
    });
    // The engine hands a dynamic provider plain values: secrets unwrapped, no provider text.
    const { __provider: _p, ...news } = unwrapSecrets(inputs as WireMap) as Bag;
    const checked = await tracer.run(CHECK, scenario.matches, () => handlers.check(scenario.kind, {}, news));
    if ((checked.failures ?? []).length > 0)
      throw new Error(`${scenario.field}: check failed: ${JSON.stringify(checked.failures)}`);
    await tracer.run(CREATE, scenario.matches, () => handlers.create(scenario.kind, checked.inputs));
    const posted = emulator
      .requests()
      .some((r) => r.method === "POST" && scenario.matches(JSON.stringify(r.body ?? "")));
    return summarize(scenario.field, tracer.calls.slice(first), posted);
  } finally {
    await emulator.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function summarize(field: string, calls: readonly TracedCall[], reachedLoxiLB: boolean): FieldPath {
  const phases = [PROGRAM, CHECK, CREATE].map((phase) => phasePath(phase as Phase, calls));
  const files = [...new Set(phases.flatMap((p) => p.files))];
  return {
    field,
    phases,
    files,
    hops: phases.reduce((n, p) => n + p.hops, 0),
    bounceBacks: phases.reduce((n, p) => n + p.bounceBacks.length, 0),
    reachedLoxiLB,
  };
}

const bouncing = (calls: readonly TracedCall[]) =>
  calls.filter((c) => c.chain.slice(0, -1).includes(c.to)).map(({ from, to, fn }) => ({ from, to, fn }));

function phasePath(phase: Phase, all: readonly TracedCall[]): PhasePath {
  const operation = all.filter((c) => c.chain[0] === phase);
  let calls = operation.filter((c) => c.argsCarry || c.resultCarry);
  if (phase === CREATE) {
    const post = calls.find((c) => c.to === TRANSPORT && c.argsCarry);
    if (post === undefined) throw new Error("create: no call handed the value to the transport");
    calls = calls.filter((c) => c.seq <= post.seq);
  }
  const files: string[] = [];
  for (const c of calls)
    for (const m of [c.from, c.to]) if (!m.startsWith("<") && !files.includes(m)) files.push(m);
  return {
    phase,
    files,
    hops: calls.length,
    bounceBacks: bouncing(calls),
    anyBounceBacks: bouncing(operation),
  };
}

/** The figures as text. */
export function formatFieldPath(p: FieldPath): string {
  const lines = [
    `${p.field}: ${p.files.length} files, ${p.hops} hops, ${p.bounceBacks} bounce-backs` +
      (p.reachedLoxiLB ? "" : " (the value did NOT reach LoxiLB)"),
  ];
  for (const phase of p.phases) {
    lines.push(`  ${phase.phase}: ${phase.files.length} files, ${phase.hops} hops`);
    lines.push(`    ${phase.files.join(" → ")}`);
    for (const b of phase.bounceBacks) lines.push(`    bounce-back: ${b.from} → ${b.to} (${b.fn})`);
    for (const b of phase.anyBounceBacks)
      lines.push(`    bounce-back in the operation: ${b.from} → ${b.to} (${b.fn})`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  for (const scenario of SCENARIOS) console.log(formatFieldPath(await traceField(scenario)));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
