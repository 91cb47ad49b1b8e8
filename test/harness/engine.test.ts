/**
 * The engine harness itself, proven against a toy dynamic provider whose "cloud" is an HTTP server
 * on 127.0.0.1: preview, up, no-op up, update, create-before-delete and delete-before-replace
 * replacements, refresh, destroy, secrets, check failures, one shared provider process and
 * concurrent creates.
 */
import test, { type ExecutionContext } from "ava";
import * as path from "path";
import {
  captureProgram,
  EngineHarness,
  EngineOperationError,
  isSecret,
  UNKNOWN,
  type EngineHarnessOptions,
  type PlanStep,
  type TranscriptEntry,
  type Wire,
} from "../../harness";
import { ToyCloud, type ToyRequest } from "./fixtures/toy-cloud";
import type { ToyProgramArgs } from "./fixtures/toy-program";
import { asText } from "../helpers/text";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PROGRAM = path.join(__dirname, "fixtures", "toy-program.js");
const MIXED = path.join(__dirname, "fixtures", "mixed-program.js");
const TOKEN = "tok-SECRET-7f3a";
const NOTE = "note-SECRET-91c2";
const PARENT = "pulumi-nodejs:dynamic/toy:Parent";
const CHILD = "pulumi-nodejs:dynamic/toy:Child";

async function setup(
  t: ExecutionContext,
  extra: (cloud: ToyCloud) => Partial<EngineHarnessOptions> = () => ({}),
) {
  const cloud = await ToyCloud.start({ writeDelayMs: 150 });
  t.teardown(() => cloud.close());
  const h = await EngineHarness.start({
    projectDir: ROOT,
    project: "toy",
    stack: "test",
    config: { "toy:apiUrl": cloud.url, "toy:apiToken": TOKEN },
    secretKeys: ["toy:apiToken"],
    ...extra(cloud),
  });
  t.teardown(() => h.stop());
  return { cloud, h };
}

function family(children: number, extra: Partial<ToyProgramArgs["parents"][number]> = {}): ToyProgramArgs {
  return {
    parents: [
      {
        name: "p1",
        size: 1,
        ...extra,
        children: Array.from({ length: children }, (_, i) => ({ name: `c${i + 1}`, size: i + 2 })),
      },
    ],
  };
}

function get(v: Wire | undefined, ...keys: string[]): Wire | undefined {
  let cur = v;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

const ops = (steps: readonly PlanStep[]) => steps.map((s) => `${s.name}:${s.op}`).sort();
const methodsOf = (entries: readonly TranscriptEntry[]) => entries.map((e) => e.method);
const since = (h: EngineHarness, mark: number) => h.transcript().slice(mark);
const index = (log: readonly ToyRequest[], pred: (r: ToyRequest) => boolean) => log.findIndex(pred);
const lastIndex = (log: readonly ToyRequest[], pred: (r: ToyRequest) => boolean) => {
  for (let i = log.length - 1; i >= 0; i--) if (pred(log[i]!)) return i;
  return -1;
};

function idOf(h: EngineHarness, name: string): string {
  const s = h.state().find((r) => r.name === name);
  if (!s) throw new Error(`no ${name} in state`);
  return s.id;
}

test("start and preview: Check only, no cloud calls, dependents see the unknown parent id", async (t) => {
  const { cloud, h } = await setup(t);
  const boot = h.transcript();
  t.deepEqual(methodsOf(boot), ["Handshake", "GetPluginInfo"], "the engine's order (gRPC log of v3.276.0)");
  const pinned = (require("../../../package.json") as { dependencies: Record<string, string> }).dependencies;
  t.is(get(boot[1]?.response, "version"), pinned["@pulumi/pulumi"], "the host is the @pulumi/pulumi we pin");
  t.is(boot[0]?.error?.code, 12, "Handshake is UNIMPLEMENTED");
  t.true(h.providerPid() > 0);

  const res = await h.preview(PROGRAM, family(2));
  t.is(cloud.log.length, 0);
  t.deepEqual(ops(res.steps), ["c1:create", "c2:create", "p1:create"]);
  const methods = new Set(methodsOf(h.transcript()));
  for (const m of ["Create", "Update", "Delete", "Read"]) t.false(methods.has(m), m);
  const childCheck = h.transcript().find((e) => e.method === "Check" && e.urn?.endsWith("::c1"));
  t.is(get(childCheck?.request, "news", "parentId"), UNKNOWN);
  t.deepEqual(get(childCheck?.request, "olds"), {});
  t.is(res.outputs["p1Id"], UNKNOWN);
  t.is(res.outputs["p1Endpoint"], UNKNOWN, "output-only properties are unknown in preview");
  t.is(res.outputs["c1ParentId"], UNKNOWN);
  const configure = h.transcript().find((e) => e.method === "Configure");
  t.is(get(configure?.response, "acceptSecrets"), false);
  t.is(get(configure?.response, "supportsPreview"), false);
  t.deepEqual(h.state(), []);
});

test("up: parents before children with real ids, one provider process, concurrent creates; no-op up writes nothing", async (t) => {
  const { cloud, h } = await setup(t);
  const res = await h.up(PROGRAM, family(4));
  t.deepEqual(ops(res.steps), ["c1:create", "c2:create", "c3:create", "c4:create", "p1:create"]);
  const posts = cloud.writes().filter((r) => r.method === "POST");
  t.is(posts.length, 5);
  const parentPost = posts.find((r) => get(r.body as Wire, "kind") === "parent")!;
  const parentId = idOf(h, "p1");
  for (const p of posts.filter((r) => r !== parentPost)) {
    t.true(p.startedAt >= parentPost.endedAt!, "children are created after their parent");
    t.is(get(p.body as Wire, "props", "parentId"), parentId, "the real parent id flows down");
  }
  t.is(res.outputs["c3ParentId"], parentId);
  const c1 = h.state().find((r) => r.name === "c1")!;
  const p1Urn = h.urn(PARENT, "p1");
  t.deepEqual(c1.propertyDependencies["parentId"], [p1Urn]);
  t.true(c1.dependencies.includes(p1Urn));
  t.is(c1.outputs["parentId"], parentId);
  t.deepEqual([...new Set(h.state().map((r) => r.id))].sort(), [...cloud.objects.keys()].sort());

  // One provider process served every resource; it is not this process.
  const pids = new Set(cloud.log.map((r) => r.pid));
  t.is(pids.size, 1);
  t.not([...pids][0], String(process.pid));
  t.is(h.providerPids().length, 1);
  t.true(h.providerLogs().includes(`toy: created parent ${parentId}`), "provider console output is captured");

  // The four children's creates were in flight together.
  t.true(cloud.maxInFlight >= 2, `max writes in flight: ${cloud.maxInFlight}`);
  const creates = h.transcript().filter((e) => e.method === "Create" && e.urn?.includes(CHILD));
  const overlap = creates.some((a) =>
    creates.some((b) => a !== b && a.startedAt < b.endedAt! && b.startedAt < a.endedAt!),
  );
  t.true(overlap, "concurrent Create calls");

  // A no-op up: only Check and Diff per resource, and no request at all to the cloud.
  const mark = h.transcript().length;
  const requests = cloud.log.length;
  const res2 = await h.up(PROGRAM, family(4));
  t.deepEqual(ops(res2.steps), ["c1:same", "c2:same", "c3:same", "c4:same", "p1:same"]);
  const resourceCalls = since(h, mark).filter((e) => e.urn?.includes("dynamic"));
  t.deepEqual([...new Set(methodsOf(resourceCalls))].sort(), ["Check", "Diff"]);
  t.is(cloud.log.length, requests);
  const diff = resourceCalls.find((e) => e.method === "Diff" && e.urn?.endsWith("::c1"));
  t.is(get(diff?.request, "olds", "serial"), c1.outputs["serial"], "Diff gets the old outputs as olds");
  t.is(get(diff?.request, "oldInputs", "serial"), undefined, "and the old inputs as oldInputs");
});

test("an input change is an Update; a replace field is create-before-delete, old ones deleted last", async (t) => {
  const { cloud, h } = await setup(t);
  await h.up(PROGRAM, family(2));
  const oldParent = idOf(h, "p1");
  const oldChildren = [idOf(h, "c1"), idOf(h, "c2")];

  const resized: ToyProgramArgs = {
    parents: [
      {
        name: "p1",
        size: 1,
        children: [
          { name: "c1", size: 9 },
          { name: "c2", size: 3 },
        ],
      },
    ],
  };
  const plan = await h.preview(PROGRAM, resized);
  t.deepEqual(ops(plan.steps), ["c1:update", "c2:same", "p1:same"]);
  t.deepEqual(plan.steps.find((s) => s.name === "c1")?.diffKeys, ["size"]);
  let mark = h.transcript().length;
  let before = cloud.log.length;
  await h.up(PROGRAM, resized);
  t.deepEqual(
    methodsOf(since(h, mark).filter((e) => e.method === "Update")),
    ["Update"],
    "exactly one Update",
  );
  t.deepEqual(
    cloud.log.slice(before).map((r) => `${r.method} ${r.path}`),
    [`PUT /objects/${oldChildren[0]}`],
  );
  t.is(h.state().find((r) => r.name === "c1")?.outputs["size"], 9);

  // zone forces replacement; the diff does not ask for delete-before-replace.
  const moved: ToyProgramArgs = {
    parents: [
      {
        name: "p1",
        size: 1,
        zone: "z2",
        children: [
          { name: "c1", size: 9 },
          { name: "c2", size: 3 },
        ],
      },
    ],
  };
  const plan2 = await h.preview(PROGRAM, moved);
  const p1Step = plan2.steps.find((s) => s.name === "p1")!;
  t.is(p1Step.op, "replace");
  t.deepEqual(p1Step.replaceKeys, ["zone"]);
  t.false(p1Step.deleteBeforeReplace);
  t.deepEqual(
    plan2.steps.find((s) => s.name === "c1")?.replaceKeys,
    ["parentId"],
    "children see an unknown id",
  );

  mark = h.transcript().length;
  before = cloud.log.length;
  await h.up(PROGRAM, moved);
  const log = cloud.log.slice(before);
  const lastPost = lastIndex(log, (r) => r.method === "POST");
  const firstDelete = index(log, (r) => r.method === "DELETE");
  t.true(lastPost >= 0 && firstDelete > lastPost, "every create happens before the first delete");
  const parentDelete = index(log, (r) => r.path === `/objects/${oldParent}` && r.method === "DELETE");
  for (const c of oldChildren) {
    const i = index(log, (r) => r.path === `/objects/${c}` && r.method === "DELETE");
    t.true(i >= 0 && i < parentDelete, "old children are deleted before the old parent");
  }
  const newParent = idOf(h, "p1");
  t.not(newParent, oldParent);
  t.is(h.state().find((r) => r.name === "c2")?.inputs["parentId"], newParent);
  t.false(h.state().some((r) => r.pendingDelete));
  const calls = since(h, mark).filter((e) => e.urn?.endsWith("::p1"));
  const create = calls.findIndex((e) => e.method === "Create");
  const del = calls.findIndex((e) => e.method === "Delete");
  t.true(create >= 0 && del > create);
  t.is(get(calls[del]?.request, "id"), oldParent);
  const replaceChecks = calls.filter((e) => e.method === "Check");
  t.is(replaceChecks.length, 2, "Check, Diff, then Check again without olds for the replacement");
  t.deepEqual(get(replaceChecks[1]?.request, "olds"), {});
  t.is(cloud.objects.size, 3);
});

test("deleteBeforeReplace: dependents are diffed with an unknown parent id, deleted first, then recreated", async (t) => {
  const { cloud, h } = await setup(t);
  const args = (region: string): ToyProgramArgs => ({
    parents: [
      {
        name: "p1",
        size: 1,
        region,
        children: [
          { name: "c1", size: 2 },
          { name: "c2", size: 3 },
        ],
      },
      { name: "p2", size: 1, children: [{ name: "c3", size: 4 }] },
    ],
  });
  await h.up(PROGRAM, args("r1"));
  const old = {
    p1: idOf(h, "p1"),
    c1: idOf(h, "c1"),
    c2: idOf(h, "c2"),
    p2: idOf(h, "p2"),
    c3: idOf(h, "c3"),
  };

  let mark = h.transcript().length;
  const plan = await h.preview(PROGRAM, args("r2"));
  t.deepEqual(ops(plan.steps), ["c1:replace", "c2:replace", "c3:same", "p1:replace", "p2:same"]);
  t.true(plan.steps.find((s) => s.name === "p1")!.deleteBeforeReplace);
  t.false(methodsOf(since(h, mark)).includes("Delete"));
  t.is(cloud.writes().length, 5);

  mark = h.transcript().length;
  const before = cloud.log.length;
  await h.up(PROGRAM, args("r2"));
  const calls = since(h, mark);
  const firstDelete = calls.findIndex((e) => e.method === "Delete");
  for (const c of ["c1", "c2"]) {
    const probe = calls.findIndex(
      (e) =>
        e.method === "Diff" && e.urn?.endsWith(`::${c}`) && get(e.request, "news", "parentId") === UNKNOWN,
    );
    t.true(probe >= 0 && probe < firstDelete, `${c} is diffed with parentId UNKNOWN before any delete`);
  }
  const log = cloud.log.slice(before);
  const at = (method: string, p: string) => index(log, (r) => r.method === method && r.path === p);
  const postOf = (kind: string, name: string) =>
    index(
      log,
      (r) =>
        r.method === "POST" &&
        get(r.body as Wire, "props", "name") === name &&
        get(r.body as Wire, "kind") === kind,
    );
  const delP1 = at("DELETE", `/objects/${old.p1}`);
  t.true(at("DELETE", `/objects/${old.c1}`) < delP1 && at("DELETE", `/objects/${old.c2}`) < delP1);
  t.true(delP1 < postOf("parent", "p1"), "the parent is deleted before its replacement is created");
  t.true(postOf("parent", "p1") < postOf("child", "c1") && postOf("parent", "p1") < postOf("child", "c2"));
  t.false(
    log.some((r) => r.path.endsWith(old.p2) || r.path.endsWith(old.c3)),
    "the other family is untouched",
  );
  t.is(idOf(h, "c3"), old.c3);
  t.is(h.state().find((r) => r.name === "c1")?.inputs["parentId"], idOf(h, "p1"));
  t.false(h.state().some((r) => r.pendingReplacement || r.pendingDelete));
});

test("refresh drops a resource deleted out of band and records drift; destroy deletes dependents first", async (t) => {
  const { cloud, h } = await setup(t);
  await h.up(PROGRAM, family(2));
  const ids = { p1: idOf(h, "p1"), c1: idOf(h, "c1"), c2: idOf(h, "c2") };
  cloud.deleteOutOfBand(ids.c1);
  cloud.objects.get(ids.c2)!.props["size"] = 42;

  const mark = h.transcript().length;
  const res = await h.refresh();
  t.deepEqual(ops(res.steps), ["c1:delete", "c2:update", "p1:same"]);
  t.deepEqual(res.steps.find((s) => s.name === "c2")?.diffKeys, ["size"]);
  const reads = since(h, mark).filter((e) => e.method === "Read");
  t.is(reads.length, 3);
  const c2Read = reads.find((e) => e.urn?.endsWith("::c2"));
  t.is(get(c2Read?.request, "id"), ids.c2);
  t.is(
    typeof get(c2Read?.request, "properties", "serial"),
    "number",
    "Read gets the old outputs as properties",
  );
  t.regex(asText(get(c2Read?.request, "properties", "__provider")), /^<__provider sha256:/);
  t.is(typeof get(c2Read?.request, "inputs", "name"), "string", "Read gets the old inputs too");
  t.deepEqual(
    h
      .state()
      .map((r) => r.name)
      .sort(),
    ["c2", "p1"],
  );
  const c2 = h.state().find((r) => r.name === "c2")!;
  t.is(c2.outputs["size"], 42);
  t.is(c2.inputs["size"], 42, "read's inputs replace the old inputs");

  const plan = await h.preview(PROGRAM, family(2));
  t.deepEqual(ops(plan.steps), ["c1:create", "c2:update", "p1:same"]);

  const before = cloud.log.length;
  const destroyed = await h.destroy();
  t.deepEqual(
    destroyed.steps.map((s) => `${s.name}:${s.op}`),
    ["c2:delete", "p1:delete"],
  );
  const log = cloud.log.slice(before);
  t.deepEqual(
    log.map((r) => `${r.method} ${r.path}`),
    [`DELETE /objects/${ids.c2}`, `DELETE /objects/${ids.p1}`],
  );
  t.deepEqual(h.state(), []);
  t.is(cloud.objects.size, 0);
  t.deepEqual(h.exportState().deployment.resources, []);
});

test("resources dropped from the program are deleted after it, dependents first", async (t) => {
  const { cloud, h } = await setup(t);
  await h.up(PROGRAM, family(2));
  const ids = { p1: idOf(h, "p1"), c1: idOf(h, "c1"), c2: idOf(h, "c2") };
  // A program that crashes deletes nothing: the engine only deletes after a successful program.
  const crash = await t.throwsAsync(h.up(PROGRAM, { parents: null }), { instanceOf: EngineOperationError });
  t.regex(crash?.message ?? "", /the program failed/);
  t.is(cloud.writes().length, 3);
  t.is(h.state().length, 3);

  const before = cloud.log.length;
  const res = await h.up(PROGRAM, { parents: [] });
  t.deepEqual(ops(res.steps), ["c1:delete", "c2:delete", "p1:delete"]);
  const log = cloud.log.slice(before);
  const delP1 = index(log, (r) => r.path === `/objects/${ids.p1}`);
  t.true(index(log, (r) => r.path === `/objects/${ids.c1}`) < delP1);
  t.true(index(log, (r) => r.path === `/objects/${ids.c2}`) < delP1);
  t.deepEqual(h.state(), []);
});

test("secrets: plaintext reaches the provider, never the state; a restarted host keeps the state", async (t) => {
  const { cloud, h } = await setup(t);
  await h.up(PROGRAM, family(1, { note: NOTE }));
  const exported = JSON.stringify(h.exportState());
  t.false(exported.includes(TOKEN), "the secret config value is not in the state");
  t.false(exported.includes(NOTE), "the secret input is not in the state");
  t.true(exported.includes("toy:apiToken"), "the provider resource keeps the config, encrypted");

  const p1 = h.state().find((r) => r.name === "p1")!;
  t.true(isSecret(p1.inputs["note"]));
  t.true(isSecret(p1.outputs["note"]), "the engine re-marks the same-named output");
  t.deepEqual(p1.secretOutputKeys, ["note"]);
  t.is(typeof p1.outputs["__provider"], "string", "no secret was captured by the provider");
  t.false(asText(p1.outputs["__provider"]).includes(TOKEN));
  const nonSecret = JSON.stringify(
    Object.entries(p1.outputs).filter(([k]) => !p1.secretOutputKeys.includes(k)),
  );
  t.false(nonSecret.includes(NOTE));

  // On the wire the provider sees plaintext (acceptSecrets=false).
  t.true(cloud.log.every((r) => r.auth === TOKEN));
  t.is(cloud.objects.get(p1.id)?.props["note"], NOTE);
  const check = h.transcript().find((e) => e.method === "Check" && e.urn?.endsWith("::p1"));
  t.is(get(check?.request, "news", "note"), NOTE);
  const configure = h.transcript().find((e) => e.method === "Configure");
  t.true(isSecret(get(configure?.request, "args", "toy:apiToken")), "Configure gets secrets wrapped");
  t.false(h.providerLogs().join("\n").includes(TOKEN));

  // A new host process (a new `pulumi` run) keeps the state and gets the secret config again.
  const firstPid = cloud.log[0]!.pid;
  const ids = h.state().map((r) => r.id);
  await h.restartProvider();
  t.is(h.providerPids().length, 2);
  const before = cloud.log.length;
  await h.up(PROGRAM, family(1, { note: NOTE, size: 5 }));
  const log = cloud.log.slice(before);
  t.deepEqual(
    log.map((r) => r.method),
    ["PUT"],
  );
  t.not(log[0]!.pid, firstPid, "the new process served the update");
  t.is(log[0]!.auth, TOKEN);
  t.deepEqual(
    h.state().map((r) => r.id),
    ids,
  );
  t.false(JSON.stringify(h.exportState()).includes(NOTE));
});

test("check failures fail the operation with the property and the reason", async (t) => {
  const { cloud, h } = await setup(t);
  const bad: ToyProgramArgs = { parents: [{ name: "p1", size: 1000 }] };
  const pv = await t.throwsAsync(h.preview(PROGRAM, bad), { instanceOf: EngineOperationError });
  t.regex(pv?.message ?? "", /property size value 1000 has a problem: size must be a number in 0\.\.100/);
  t.is(cloud.log.length, 0);

  const err = await t.throwsAsync(h.up(PROGRAM, bad), { instanceOf: EngineOperationError });
  t.regex(err?.message ?? "", /toy:Parent resource 'p1': property size/);
  t.deepEqual(err.failures, [{ property: "size", reason: "size must be a number in 0..100, got 1000" }]);
  t.is(cloud.log.length, 0, "nothing is created");
  t.deepEqual(h.state(), []);
  t.false(methodsOf(h.transcript()).includes("Create"));
});

test("captureProgram returns the registrations as they are on the wire", async (t) => {
  const args = family(1, { note: NOTE });
  const preview = await captureProgram(PROGRAM, {
    preview: true,
    args,
    project: "toy",
    stack: "test",
    cwd: ROOT,
  });
  t.deepEqual(
    preview.map((r) => `${r.type}::${r.name}`),
    [`${PARENT}::p1`, `${CHILD}::c1`],
  );
  const [p1, c1] = preview;
  t.is(c1?.object["parentId"], UNKNOWN);
  t.deepEqual(c1?.propertyDependencies["parentId"], [p1?.urn]);
  t.true(isSecret(p1?.object["note"]));
  t.is(typeof p1?.object["__provider"], "string");
  t.regex(asText(p1?.object["__provider"]), /exports\.handler/);
  t.false("endpoint" in (p1?.object ?? {}), "output-only properties are not sent");

  const up = await captureProgram(PROGRAM, { args, project: "toy", stack: "test", cwd: ROOT });
  t.is(up.find((r) => r.name === "c1")?.object["parentId"], "p1-id");
});

test("a load-time program mixing mocked custom resources, invokes and dynamic ones; fresh host per operation", async (t) => {
  const calls: string[] = [];
  const invokes: string[] = [];
  const { cloud, h } = await setup(t, (c) => ({
    config: { "toy:apiUrl": c.url, "toy:apiToken": TOKEN, "mixed:networkName": "blue" },
    freshProviderPerOperation: true,
    mockResource: (req) => {
      calls.push(`${req.op} ${req.type} ${req.name}`);
      return req.op === "create"
        ? { id: "net-1", outputs: { ...req.inputs, cidr: "10.0.0.0/24" } }
        : undefined;
    },
    invoke: (req) => {
      invokes.push(`${req.token} ${JSON.stringify(req.args)}`);
      return { size: 7 };
    },
  }));
  const plan = await h.preview(MIXED);
  t.deepEqual(ops(plan.steps), ["c1:create", "net:create", "p1:create"]);
  t.is(plan.outputs["networkId"], UNKNOWN);
  t.is(plan.outputs["cidr"], UNKNOWN);
  t.deepEqual(calls, [], "no mocked provider call in preview");
  t.is(cloud.log.length, 0);

  const res = await h.up(MIXED);
  t.deepEqual(calls, ["create cloudy:index:Network net"]);
  t.deepEqual(invokes, [
    'cloudy:index:lookupSize {"key":"parent"}',
    'cloudy:index:lookupSize {"key":"parent"}',
  ]);
  t.is(res.outputs["networkId"], "net-1");
  t.is(res.outputs["cidr"], "10.0.0.0/24");
  t.is(res.outputs["childParentId"], idOf(h, "p1"));
  t.is(cloud.objects.get(idOf(h, "p1"))?.props["size"], 7, "the invoke result reached the provider");
  t.is(
    cloud.objects.get(idOf(h, "c1"))?.props["name"],
    "10.0.0.0/24",
    "the mocked output reached the provider",
  );
  t.is(h.providerPids().length, 3, "start, preview and up each had their own host");

  await h.destroy();
  t.deepEqual(calls, ["create cloudy:index:Network net", "delete cloudy:index:Network net"]);
  t.is(cloud.objects.size, 0);
  const order = h
    .transcript()
    .filter((e) => e.operation === "destroy" && /Delete|mock:delete/.test(e.method));
  t.is(order.length, 3);
  const at = (n: string) => order.findIndex((e) => e.urn?.endsWith(`::${n}`));
  t.true(at("c1") < at("p1"), "the child is deleted before its parent");
  t.true(
    order.findIndex((e) => e.urn?.endsWith("::c1")) < order.findIndex((e) => e.urn?.endsWith("::net")),
    "the child that used the network's output is deleted first",
  );
});
