/**
 * The tools of the harness-vs-CLI comparison, without a CLI: the gRPC log codec, the naming of
 * generated values, and that a difference outside the allowlist is reported (so an equal
 * comparison in test/harness/vs-cli.test.ts means equal runs).
 */
import test from "ava";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cliProviderCalls, readGrpcLog, type ProviderCall } from "../../harness";
import { compareRuns, type EngineRun } from "./compare/compare";
import { Normalizer } from "./compare/normalize";

const URN = "urn:pulumi:s::p::pulumi-nodejs:dynamic/loxilb:Pool::web";

function logFile(t: { teardown(fn: () => void): void }, lines: unknown[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grpc-log-"));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "log.jsonl");
  fs.writeFileSync(file, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n"));
  return file;
}

test("the engine's gRPC log gives the completed calls to the dynamic provider, errors as code: text", (t) => {
  const file = logFile(t, [
    {
      method: "/pulumirpc.ResourceProvider/Check",
      progress: "request_started",
      metadata: { kind: "resource", name: "pulumi-nodejs" },
      request: { urn: URN },
    },
    {
      method: "/pulumirpc.ResourceProvider/Check",
      progress: "response_completed",
      metadata: { kind: "resource", name: "pulumi-nodejs" },
      request: { urn: URN },
      response: { inputs: {} },
    },
    {
      method: "/pulumirpc.ResourceMonitor/RegisterResource",
      progress: "response_completed",
      metadata: { mode: "server" },
      request: {},
      response: {},
    },
    {
      method: "/pulumirpc.ResourceProvider/Handshake",
      progress: "response_completed",
      metadata: { kind: "resource", name: "pulumi-nodejs" },
      request: {},
      errors: ["rpc error: code = Unimplemented desc = Handshake is not implemented"],
    },
  ]);
  t.deepEqual(cliProviderCalls(readGrpcLog(file)), [
    { method: "Check", urn: URN, request: { urn: URN }, response: { inputs: {} } },
    { method: "Handshake", urn: "", request: {}, error: "Unimplemented: Handshake is not implemented" },
  ]);
});

test("a log line of another shape is rejected with its line number and path", (t) => {
  const file = logFile(t, [
    { method: "/x", progress: "response_completed", metadata: {} },
    { method: 7, progress: "done" },
  ]);
  t.throws(() => readGrpcLog(file), { message: /line 2: method: .*progress: /s });
});

test("generated ids are named after the resource that got them, the same way in both engines", (t) => {
  const name = (id: string, lb: string) => {
    const n = new Normalizer(["http://127.0.0.1:4000"]);
    const create: ProviderCall = { method: "Create", urn: URN, request: {}, response: { id } };
    n.learn([create]);
    return n.value({ id, ruleName: `octavia-${lb}-${id}`, endpoints: ["http://127.0.0.1:4000"], other: lb });
  };
  const a = name("11111111-2222-4333-8444-555555555555", "aaaaaaaa-2222-4333-8444-555555555555");
  const b = name("99999999-2222-4333-8444-555555555555", "bbbbbbbb-2222-4333-8444-555555555555");
  t.deepEqual(a, {
    id: "<id Pool::web>",
    ruleName: "octavia-<uuid>-<id Pool::web>",
    endpoints: ["<emulator 0>"],
    other: "<uuid>",
  });
  t.deepEqual(a, b);
});

const run = (engine: "harness" | "cli", weight: number): EngineRun => ({
  engine,
  emulators: [],
  steps: [
    {
      label: "up",
      record: {
        calls: [
          {
            method: "Check",
            urn: URN,
            request: { urn: URN, news: { weight } },
            response: { inputs: { weight } },
          },
        ],
        resources: [{ urn: URN, custom: true, inputs: { weight } }],
      },
    },
  ],
});

test("equal runs compare equal; a different request and state are reported with their paths", (t) => {
  t.deepEqual(compareRuns(run("harness", 1), run("cli", 1)).differences, []);
  t.deepEqual(compareRuns(run("harness", 1), run("cli", 2)).differences, [
    "1. up Pool::web Check #1: request.news.weight: harness 1, cli 2",
    "1. up Pool::web Check #1: response.inputs.weight: harness 1, cli 2",
    "1. up state Pool::web: inputs.weight: harness 1, cli 2",
  ]);
});

test("a call one engine makes and the other does not is reported per resource", (t) => {
  const cli = run("cli", 1);
  const extra: ProviderCall = { method: "Diff", urn: URN, request: {}, response: {} };
  const more: EngineRun = {
    ...cli,
    steps: [
      { label: "up", record: { ...cli.steps[0]!.record, calls: [...cli.steps[0]!.record.calls, extra] } },
    ],
  };
  t.deepEqual(compareRuns(run("harness", 1), more).differences, [
    "1. up Pool::web: calls harness [Check], cli [Check Diff]",
  ]);
});
