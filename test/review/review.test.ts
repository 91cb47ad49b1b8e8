/**
 * `pulumi-loxilb review` on `pulumi preview --json` documents recorded from real CLI runs
 * (test/fixtures/previews, `npm run record-previews`): exact Markdown per scenario, the provider's
 * own weights, unknown values, no credentials, bad input, the bin, `--state`, and a fresh recording
 * that must review like the committed one.
 */
import test from "ava";
import { execFile, spawnSync } from "child_process";
import { promisify } from "util";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LoxiLBClient } from "../../provider/api/client";
import { startEmulator } from "../../provider/emulator";
import { UNKNOWN } from "../../provider/octavia/unknown";
import { measureRecreateAbsence } from "../../bench/recreate-absence";
import {
  parsePreviewDigest,
  RECREATE_ABSENCE,
  reviewPreview,
  ruleReviews,
  type Instances,
  type RuleReview,
} from "../../provider/review";
import { parseReviewArgs } from "../../provider/review/cli-args";
import { hasPulumiCli } from "../../harness";
import { PREVIEWS_DIR, recordScenario, SCENARIOS } from "../helpers/preview-scenarios";
import { EXPECTED_REVIEWS } from "./expected";

const HA: Instances = {
  endpoints: ["https://loxilb-a.example:8091", "https://loxilb-b.example:8091"],
  replication: "all",
};
const BIN = path.resolve(__dirname, "..", "..", "provider", "review", "cli.js");
const recorded = (name: string) => fs.readFileSync(path.join(PREVIEWS_DIR, `${name}.json`), "utf8");
type Doc = { steps: Array<{ op: string; urn: string; newState?: { inputs?: Record<string, unknown> } }> };
const recordedDoc = (name: string) => JSON.parse(recorded(name)) as Doc;

for (const s of SCENARIOS) {
  test(`the review of the recorded "${s.name}" preview (${s.description}) is exact`, (t) => {
    t.is(reviewPreview(recorded(s.name), { instances: HA }), (EXPECTED_REVIEWS[s.name] ?? []).join("\n"));
  });
}

test("every scenario has a committed recording and an expected review", (t) => {
  t.deepEqual(Object.keys(EXPECTED_REVIEWS).sort(), SCENARIOS.map((s) => s.name).sort());
});

test("the weights shown are the loxilbWeight values the provider's check recorded in the preview", (t) => {
  const doc = recordedDoc("weight-change");
  const fromSteps = doc.steps
    .filter((s) => s.urn.includes("dynamic/loxilb:Member::"))
    .map((s) => [String(s.newState?.inputs?.["address"]), s.newState?.inputs?.["loxilbWeight"]] as const)
    .sort();
  const after = ruleReviews(parsePreviewDigest(recorded("weight-change")))[0]?.after;
  if (after === undefined || after === "unknown" || after.rule === undefined) return t.fail("no rule after");
  const shown = after.rule.endpoints.map((e) => [e.endpointIP, e.weight] as const).sort();
  t.deepEqual(shown, fromSteps);
  t.deepEqual(shown, [
    ["10.0.0.1", 75],
    ["10.0.0.2", 25],
  ]);
});

test("a Members resource's weights shown are the loxilbWeights its check recorded, before and after", (t) => {
  const doc = JSON.parse(recorded("members-batch")) as {
    steps: Array<{
      urn: string;
      oldState?: { inputs?: Record<string, unknown> };
      newState?: { inputs?: Record<string, unknown> };
    }>;
  };
  const members = doc.steps.find((s) => s.urn.includes("dynamic/loxilb:Members::"));
  const review = ruleReviews(parsePreviewDigest(recorded("members-batch")))[0];
  const weights = (side: RuleReview["before"]) =>
    side === undefined || side === "unknown" ? undefined : side.rule?.endpoints.map((e) => e.weight);
  t.deepEqual(weights(review?.before), members?.oldState?.inputs?.["loxilbWeights"]);
  t.deepEqual(weights(review?.after), members?.newState?.inputs?.["loxilbWeights"]);
  t.deepEqual(weights(review?.after), [50, 25, 25]);
});

test("a rule declaration still unknown in the preview is shown as known after apply, never as numbers", (t) => {
  const doc = recordedDoc("weight-change");
  for (const s of doc.steps)
    if (s.newState?.inputs?.["rule"] !== undefined) s.newState.inputs["rule"] = UNKNOWN;
  const md = reviewPreview(JSON.stringify(doc));
  t.regex(md, /^#### `tcp:192\.0\.2\.10:80` `octavia-[-0-9a-f]+`: \*\*known after apply\*\*$/m);
  t.regex(md, /- Endpoints added: known after apply/);
  t.regex(md, /- Algorithm: `rr` → known after apply/);
  t.regex(md, /\| `10\.0\.0\.1:8080` \| 1 → known after apply \| 50% → known after apply \|/);
  t.notRegex(md, /75|priority/);
  t.regex(md, /1 known after apply;/);
});

test("a recreate the provider's check recorded (loxilbRuleAction) makes the rule a recreate", (t) => {
  const doc = recordedDoc("lb-method");
  const pool = doc.steps.find((s) => s.urn.includes("dynamic/loxilb:Pool::"));
  if (pool?.newState?.inputs === undefined) return t.fail("no pool step");
  pool.newState.inputs["loxilbRuleAction"] = "recreate";
  t.regex(
    reviewPreview(JSON.stringify(doc)),
    /: \*\*delete and recreate\*\*\n\n> \*\*Warning:\*\* LoxiLB cannot apply this change in place \(the provider's check recorded `loxilbRuleAction: recreate`\)/,
  );
  t.regex(reviewPreview(recorded("lb-method")), /: \*\*update in place\*\*/);
});

test("a rule declaration that is not one fails naming the resource and the state", (t) => {
  const doc = recordedDoc("weight-change");
  const member = doc.steps.find((s) => s.urn.endsWith("::http-10.0.0.1-8080"));
  if (member?.newState?.inputs === undefined) return t.fail("no member step");
  const original = String(member.newState.inputs["rule"]);
  member.newState.inputs["rule"] = "{not json";
  t.throws(() => reviewPreview(JSON.stringify(doc)), {
    message: 'Member "http-10.0.0.1-8080" (new state): the rule declaration (input `rule`) is not JSON',
  });
  const rule = JSON.parse(original) as {
    members: Array<Record<string, unknown>>;
  };
  rule.members[0] = { ...rule.members[0], address: "10.0.0.300" };
  member.newState.inputs["rule"] = JSON.stringify(rule);
  t.throws(() => reviewPreview(JSON.stringify(doc)), {
    message:
      /^Member "http-10\.0\.0\.1-8080" \(new state\): Member "http-10\.0\.0\.1-8080": address = "10\.0\.0\.300": /,
  });
});

test("a new listener's rule name is known after apply", (t) => {
  t.regex(
    reviewPreview(recorded("listener-add")),
    /^#### `udp:192\.0\.2\.10:53` \(name known after apply\): \*\*create\*\*$/m,
  );
});

test("instances come from a connection the preview shows (--show-secrets), without credentials or tokens", (t) => {
  const doc = recordedDoc("member-add");
  const connection = {
    apiEndpoints: ["https://admin:pw@loxilb-a.example:8091/?token=q", "https://loxilb-b.example:8091"],
    apiToken: "tok-must-not-show",
    replication: "failover",
  };
  for (const s of doc.steps)
    if (s.newState?.inputs !== undefined) s.newState.inputs["connection"] = connection;
  const md = reviewPreview(JSON.stringify(doc), { instances: HA });
  t.regex(
    md,
    /- LoxiLB instances: the first that answers of `https:\/\/loxilb-a\.example:8091`, `https:\/\/loxilb-b\.example:8091` \(replication `failover`\)/,
  );
  for (const secret of ["tok-must-not-show", "admin", "pw", "token=q"]) t.false(md.includes(secret), secret);
});

test("without a visible connection or config the review says how to show the instances", (t) => {
  t.regex(
    reviewPreview(recorded("lb-method")),
    /- LoxiLB instances: not shown \(the connection is secret; pass `--config`/,
  );
});

test("input that is not a preview digest fails naming what is wrong", (t) => {
  t.throws(() => reviewPreview("nope"), {
    message: /^the preview is not JSON .*expected `pulumi preview --json`/,
  });
  t.throws(() => reviewPreview('{"steps":[{"op":3}]}'), {
    message: /^the preview is not a `pulumi preview --json` document: Invalid value 3 supplied to .*op/,
  });
});

test("the bin prints the review of a file and of stdin, with instances from `pulumi config --json`", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-"));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, "config.json");
  fs.writeFileSync(
    config,
    JSON.stringify({
      "loxilb:apiEndpoints": { value: JSON.stringify(HA.endpoints), secret: false },
      "loxilb:replication": { value: "all", secret: false },
      "loxilb:apiToken": { secret: true },
    }),
  );
  const file = path.join(PREVIEWS_DIR, "member-add.json");
  const env = { ...process.env, LOXILB_API_ENDPOINTS: "" };
  const fromFile = spawnSync(process.execPath, [BIN, "review", "--config", config, file], {
    encoding: "utf8",
    env,
  });
  t.is(fromFile.status, 0, fromFile.stderr);
  t.is(fromFile.stdout, (EXPECTED_REVIEWS["member-add"] ?? []).join("\n"));
  const fromStdin = spawnSync(process.execPath, [BIN, "review", "--config", config], {
    encoding: "utf8",
    env,
    input: recorded("member-add"),
  });
  t.is(fromStdin.stdout, fromFile.stdout);
});

test("the bin refuses bad arguments (exit 2) and bad input (exit 1) with a message naming them", (t) => {
  const bad = spawnSync(process.execPath, [BIN, "review", "--frobnicate"], { encoding: "utf8" });
  t.is(bad.status, 2);
  t.regex(bad.stderr, /^pulumi-loxilb: unknown option "--frobnicate"/);
  const notJson = spawnSync(process.execPath, [BIN, "review"], { encoding: "utf8", input: "{" });
  t.is(notJson.status, 1);
  t.regex(notJson.stderr, /^pulumi-loxilb review: stdin is not JSON/);
  t.throws(() => parseReviewArgs(["diff"]), {
    message: /unknown command "diff": the only command is "review"/,
  });
  t.throws(() => parseReviewArgs(["review", "--config"]), { message: /--config needs a file/ });
});

test('--state shows "before" as LoxiLB holds the rule now', async (t) => {
  const emulator = await startEmulator({});
  t.teardown(() => emulator.close());
  // LoxiLB holds a third endpoint the stack never declared (added by hand): the review shows it removed.
  await new LoxiLBClient({ apiEndpoints: [emulator.url] }).createLoadBalancer({
    serviceArguments: { externalIP: "192.0.2.10", port: 80, protocol: "tcp", sel: "rr", mode: "fullnat" },
    endpoints: ["10.0.0.1", "10.0.0.2", "10.0.0.9"].map((ip) => ({
      endpointIP: ip,
      targetPort: 8080,
      weight: 1,
    })),
  });
  // Asynchronously: the emulator answers from this process.
  const r = await promisify(execFile)(
    process.execPath,
    [BIN, "review", "--state", path.join(PREVIEWS_DIR, "member-add.json")],
    { encoding: "utf8", env: { ...process.env, LOXILB_API_ENDPOINTS: JSON.stringify([emulator.url]) } },
  );
  t.true(r.stdout.includes(`- Before: as \`${emulator.url}\` holds it now (\`--state\`)\n`));
  t.true(r.stdout.includes("- Endpoints removed: `10.0.0.9:8080`\n"));
  t.true(r.stdout.includes("| `10.0.0.1:8080` | 1 | 33.3% |\n"));
  t.true(r.stdout.includes("| `10.0.0.9:8080` (removed) | 1 → – | 33.3% → – |\n"));
});

/** Ids are random per run: each distinct UUID becomes `<id N>` in order of first appearance. */
function withoutIds(md: string): string {
  const ids = new Map<string, string>();
  return md.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
    if (!ids.has(id)) ids.set(id, `<id ${ids.size + 1}>`);
    return ids.get(id) ?? id;
  });
}

const cli = hasPulumiCli() ? test.serial : test.skip;

for (const name of ["weight-change", "monitor-delay"]) {
  cli(`a fresh real-CLI recording of "${name}" reviews exactly like the committed one`, async (t) => {
    t.timeout(180_000, "one up and one preview through the real CLI");
    const scenario = SCENARIOS.find((s) => s.name === name);
    if (scenario === undefined) return t.fail(name);
    const fresh = JSON.stringify(await recordScenario(scenario));
    t.is(
      withoutIds(reviewPreview(fresh, { instances: HA })),
      withoutIds(reviewPreview(recorded(name), { instances: HA })),
    );
  });
}

cli("a recreated rule is absent once per recreate, for a time of the order the review states", async (t) => {
  t.timeout(180_000, "three ups through the real CLI");
  const gaps = await measureRecreateAbsence(2);
  t.is(gaps.length, 2, "each monitor delay change deletes and re-creates the rule once");
  // A generous bound: the machine is shared; bench/recreate-absence.js measured median 2 ms, max 20 ms.
  for (const ms of gaps) t.true(ms >= 0 && ms < 50 * RECREATE_ABSENCE.recreate.maxMs, `${ms} ms`);
});

cli(
  "a listener replaced on the same key leaves the rule absent once per replacement, for longer than a recreate",
  async (t) => {
    t.timeout(180_000, "three ups through the real CLI");
    const gaps = await measureRecreateAbsence(2, "replace");
    t.is(
      gaps.length,
      2,
      "each protocol change deletes the old listener's rule before the new one creates it",
    );
    for (const ms of gaps) t.true(ms > 0 && ms < 10 * RECREATE_ABSENCE.replace.maxMs, `${ms} ms`);
  },
);

test("IPv6 endpoints are shown bracketed, so the port stays readable", (t) => {
  const doc = recordedDoc("member-add");
  const step = doc.steps.find((s) => s.newState?.inputs?.["rule"] !== undefined);
  const inputs = step?.newState?.inputs;
  if (inputs === undefined) return t.fail("no step with a rule");
  const rule = JSON.parse(String(inputs["rule"])) as {
    loadbalancer: Record<string, unknown>;
    members: Array<Record<string, unknown>>;
  };
  rule.loadbalancer["vipAddress"] = "2001:db8::10";
  rule.members = rule.members.map((m, i) => ({ ...m, address: `2001:db8::${i + 1}` }));
  inputs["rule"] = JSON.stringify(rule);
  const md = reviewPreview(JSON.stringify(doc));
  t.regex(md, /^#### `tcp:2001:db8::10:80` /m);
  t.regex(md, /- Endpoints added: `\[2001:db8::3\]:8080`\n/);
  t.regex(md, /\| `\[2001:db8::1\]:8080` \| 1 \| 50% → 33\.3% \|/);
});
