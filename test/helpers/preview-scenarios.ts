/**
 * Preview scenarios recorded from real runs of the `pulumi` CLI (`CliStack`, Automation API, inline
 * program) against the emulator: each brings a fresh stack to `base` with `up`, then runs
 * `pulumi preview --json` of `next`. `npm run record-previews` writes them into
 * test/fixtures/previews/; test/review/review.test.ts reviews them and re-records one to keep them true.
 */
import * as fs from "fs";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import { CliStack } from "../../harness";
import {
  STACK_PROGRAM as PROGRAM,
  type ListenerSpec,
  type MemberSpec,
  type StackSpec,
} from "../../harness/programs";

/** The package root (helpers run from dist/test/helpers). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");
/** Where the recordings live (in the source tree, committed). */
export const PREVIEWS_DIR = path.join(ROOT, "test", "fixtures", "previews");

const MEMBERS: readonly MemberSpec[] = [
  { address: "10.0.0.1", port: 8080 },
  { address: "10.0.0.2", port: 8080 },
];

function http(members: readonly MemberSpec[], pool: Partial<ListenerSpec["pool"]> = {}): ListenerSpec {
  return {
    name: "http",
    protocol: "TCP",
    port: 80,
    pool: {
      protocol: "TCP",
      lbMethod: "ROUND_ROBIN",
      monitor: { type: "TCP", delay: 5, maxRetriesDown: 3 },
      members,
      ...pool,
    },
  };
}

const DNS: ListenerSpec = {
  name: "dns",
  protocol: "UDP",
  port: 53,
  pool: {
    protocol: "UDP",
    lbMethod: "ROUND_ROBIN",
    members: [
      { address: "10.0.1.1", port: 53 },
      { address: "10.0.1.2", port: 53 },
    ],
  },
};

const stack = (url: string, listeners: readonly ListenerSpec[]): StackSpec => ({
  endpoints: [url],
  lbs: [{ name: "web", vip: "192.0.2.10", listeners }],
});

export interface PreviewScenario {
  readonly name: string;
  readonly description: string;
  /** The stack `up` creates first (default: one TCP listener with two `Member`s and a monitor). */
  readonly base?: (url: string) => StackSpec;
  readonly next: (url: string) => StackSpec;
}

const base = (url: string) => stack(url, [http(MEMBERS)]);

export const SCENARIOS: readonly PreviewScenario[] = [
  {
    name: "member-add",
    description: "a third member",
    next: (u) => stack(u, [http([...MEMBERS, { address: "10.0.0.3", port: 8080 }])]),
  },
  {
    name: "member-remove",
    description: "the second member goes",
    next: (u) => stack(u, [http(MEMBERS.slice(0, 1))]),
  },
  {
    name: "weight-change",
    description: "weight 3 on the first member",
    next: (u) => stack(u, [http([{ ...MEMBERS[0]!, weight: 3 }, MEMBERS[1]!])]),
  },
  {
    name: "monitor-delay",
    description: "the health monitor's delay 5 → 10 s (LoxiLB recreates the rule)",
    next: (u) => stack(u, [http(MEMBERS, { monitor: { type: "TCP", delay: 10, maxRetriesDown: 3 } })]),
  },
  {
    name: "lb-method",
    description: "ROUND_ROBIN → LEAST_CONNECTIONS",
    next: (u) => stack(u, [http(MEMBERS, { lbMethod: "LEAST_CONNECTIONS" })]),
  },
  {
    name: "listener-add",
    description: "a UDP listener on port 53",
    next: (u) => stack(u, [http(MEMBERS), DNS]),
  },
  {
    name: "member-address",
    description: "the second member's address changes (the Member is replaced)",
    next: (u) => stack(u, [http([MEMBERS[0]!, { address: "10.0.0.4", port: 8080 }])]),
  },
  {
    name: "listener-port",
    description: "the listener moves from port 80 to 8080 (a new rule key)",
    next: (u) => stack(u, [{ ...http(MEMBERS), port: 8080 }]),
  },
  {
    name: "listener-protocol",
    description: "TCP → HTTP on the same port: a new listener on the same rule key",
    next: (u) => stack(u, [{ ...http(MEMBERS, { protocol: "HTTP" }), protocol: "HTTP" }]),
  },
  {
    name: "members-batch",
    description: "a pool's `Members` gets a third entry and a weight",
    base: (u) => stack(u, [http(MEMBERS, { batch: true })]),
    next: (u) =>
      stack(u, [
        http([{ ...MEMBERS[0]!, weight: 2 }, MEMBERS[1]!, { address: "10.0.0.3", port: 8080 }], {
          batch: true,
        }),
      ]),
  },
  {
    name: "destroy",
    description: "an empty program: every resource is deleted",
    next: (u) => ({ endpoints: [u], lbs: [] }),
  },
];

/**
 * Keeps the recording small: the serialized provider code (`__provider`, ~2 KB per copy) and the
 * program's stack traces are replaced by a marker; everything else is as the CLI printed it.
 */
export function trimRecording(digest: unknown): unknown {
  return JSON.parse(JSON.stringify(digest), (key, value: unknown) =>
    key === "__provider" ? "(elided by the recorder)" : key === "stackTrace" ? undefined : value,
  );
}

/** Runs one scenario with the real CLI and returns the trimmed `pulumi preview --json` document. */
export async function recordScenario(s: PreviewScenario): Promise<unknown> {
  const emulator = await startEmulator({});
  const cli = await CliStack.open({
    root: ROOT,
    project: "review",
    stack: s.name,
    programPath: PROGRAM,
    args: (s.base ?? base)(emulator.url),
  });
  try {
    await cli.up();
    cli.setArgs(s.next(emulator.url));
    return trimRecording(await cli.previewJson());
  } finally {
    await cli.close();
    await emulator.close();
  }
}

/** `npm run record-previews`: records every scenario (or those named on the command line). */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  fs.mkdirSync(PREVIEWS_DIR, { recursive: true });
  for (const s of SCENARIOS.filter((x) => only.length === 0 || only.includes(x.name))) {
    const doc = await recordScenario(s);
    fs.writeFileSync(path.join(PREVIEWS_DIR, `${s.name}.json`), `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`recorded ${s.name}: ${s.description}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
