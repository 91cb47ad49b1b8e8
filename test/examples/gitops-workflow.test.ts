/**
 * The gitops example's workflow (examples/gitops/workflows/preview.yml), run step by step: its shell
 * steps are read from the YAML (not copied here) and run with bash as GitHub Actions would, in a
 * scratch git repository holding the example, against the emulator and the real `pulumi` CLI; the
 * comment step's script runs with a stand-in for `github`. The `npm ci && npm run build` step is the
 * one step not run: its result (node_modules, compiled index.js and ci.js) is this repository's.
 */
import test from "ava";
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import { PathReporter } from "io-ts/PathReporter";
import * as yaml from "js-yaml";
import { hasPulumiCli } from "../../harness";
import { asText } from "../helpers/text";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const EXAMPLE = path.join(ROOT, "examples", "gitops");
const COMPILED = path.join(ROOT, "dist", "examples", "gitops");

const WorkflowStep = t.partial({
  name: t.string,
  run: t.string,
  uses: t.string,
  "working-directory": t.string,
  with: t.record(t.string, t.unknown),
});
type WorkflowStep = t.TypeOf<typeof WorkflowStep>;
const Workflow = t.type({
  jobs: t.type({ preview: t.type({ env: t.record(t.string, t.string), steps: t.array(WorkflowStep) }) }),
});

function workflow(): t.TypeOf<typeof Workflow> {
  const raw = yaml.load(fs.readFileSync(path.join(EXAMPLE, "workflows", "preview.yml"), "utf8"));
  const decoded = Workflow.decode(raw);
  if (isLeft(decoded)) throw new Error(`preview.yml: ${PathReporter.report(decoded).join("; ")}`);
  return decoded.right;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=ci", "-c", "user.email=ci@example.com", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();

/** A bin the workflow calls through npx: a shell script that runs the compiled CLI (and records its pid). */
function shim(dir: string, name: string, script: string, pidFile?: string): void {
  const pid = pidFile === undefined ? "" : `echo $$ >> ${JSON.stringify(pidFile)}\n`;
  fs.writeFileSync(
    path.join(dir, name),
    `#!/bin/sh\n${pid}exec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} "$@"\n`,
    {
      mode: 0o755,
    },
  );
}

/** GitHub expressions the steps use, and the `GITHUB_ENV` lines earlier steps wrote. */
function expand(text: string, github: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_m, expr: string) => {
    const v = github[expr];
    if (v === undefined) throw new Error(`the test does not know the expression ${expr}`);
    return v;
  });
}

const readEnvFile = (file: string): Record<string, string> =>
  Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );

function runStep(step: WorkflowStep, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run ?? ""], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`step "${step.name ?? step.run}" exited ${String(code)}: ${err}`)),
    );
  });
}

const cli = hasPulumiCli() ? test.serial : test.skip;

cli(
  "the gitops workflow's steps bring the emulator to the base branch and post the review of the PR",
  async (t) => {
    t.timeout(240_000, "two real-CLI operations");
    fs.mkdirSync(path.join(ROOT, ".state"), { recursive: true });
    const workspace = fs.mkdtempSync(path.join(ROOT, ".state", "gitops-workflow-"));
    const pids = path.join(workspace, "emulator.pids");
    t.teardown(() => {
      for (const pid of fs.existsSync(pids)
        ? fs.readFileSync(pids, "utf8").split("\n").filter(Boolean)
        : []) {
        try {
          process.kill(Number(pid), "SIGTERM");
        } catch {
          // already gone
        }
      }
      fs.rmSync(workspace, { recursive: true, force: true });
    });
    // The infrastructure repository: the example in loxilb/, built, on a base commit and a PR commit.
    const project = path.join(workspace, "loxilb");
    const bin = path.join(project, "node_modules", ".bin");
    fs.mkdirSync(bin, { recursive: true });
    for (const f of ["Pulumi.yaml", "members.json", "index.ts", "ci.ts"])
      fs.copyFileSync(path.join(EXAMPLE, f), path.join(project, f));
    for (const f of ["index.js", "ci.js"]) fs.copyFileSync(path.join(COMPILED, f), path.join(project, f));
    shim(bin, "loxilb-emulator", path.join(ROOT, "dist", "provider", "emulator", "cli.js"), pids);
    shim(bin, "pulumi-loxilb", path.join(ROOT, "dist", "provider", "review", "cli.js"));
    fs.writeFileSync(path.join(workspace, ".gitignore"), "node_modules/\n.pulumi-state/\n*.pids\n");
    git(workspace, "init", "-q");
    git(workspace, "add", "-A");
    git(workspace, "commit", "-qm", "base");
    const base = git(workspace, "rev-parse", "HEAD");
    const members = [
      { address: "198.51.100.31", port: 8443 },
      { address: "198.51.100.33", port: 8443, weight: 3 },
      { address: "198.51.100.34", port: 8443 },
    ];
    fs.writeFileSync(path.join(project, "members.json"), `${JSON.stringify(members, null, 2)}\n`);
    git(workspace, "commit", "-qam", "pull request: one backend replaced, one weight changed");
    const github = {
      "github.workspace": workspace,
      "github.sha": git(workspace, "rev-parse", "HEAD"),
      "github.event.pull_request.base.sha": base,
    };

    const job = workflow().jobs.preview;
    const envFile = path.join(workspace, "github.env");
    fs.writeFileSync(envFile, "");
    const jobEnv = Object.fromEntries(Object.entries(job.env).map(([k, v]) => [k, expand(v, github)]));
    const ran: string[] = [];
    let comment: string | undefined;
    for (const step of job.steps) {
      const cwd = path.join(workspace, step["working-directory"] ?? ".");
      if (step.run !== undefined && step.run.startsWith("npm ci")) continue;
      if (step.run !== undefined) {
        const env = {
          ...process.env,
          ...jobEnv,
          ...readEnvFile(envFile),
          GITHUB_ENV: envFile,
          npm_config_offline: "true",
          PULUMI_HOME: path.join(workspace, "pulumi-home"),
          PULUMI_SKIP_UPDATE_CHECK: "true",
        };
        await runStep({ ...step, run: expand(step.run, github) }, cwd, env);
        ran.push(step.name ?? step.run);
      } else if (step.uses?.startsWith("actions/github-script") === true) {
        const script = asText(step.with?.["script"]);
        const createComment = async (c: { body: string }) => {
          comment = c.body;
        };
        const AsyncFunction = (Object.getPrototypeOf(async () => undefined) as { constructor: unknown })
          .constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
        const cwdBefore = process.cwd();
        process.chdir(workspace);
        try {
          await new AsyncFunction("require", "github", "context", script)(
            require,
            { rest: { issues: { createComment } } },
            { repo: { owner: "o", repo: "r" }, issue: { number: 1 } },
          );
        } finally {
          process.chdir(cwdBefore);
        }
      }
    }
    t.deepEqual(ran, [
      "Start the LoxiLB emulator",
      "Bring the emulator to the base branch's state",
      "Review the pull request",
    ]);
    const url = readEnvFile(envFile)["LOXILB_URL"] ?? "";
    t.regex(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const review = fs.readFileSync(path.join(project, "review.md"), "utf8");
    t.is(comment, review, "the comment is the review");
    t.regex(review, /^#### `tcp:192\.0\.2\.30:443` `octavia-[-0-9a-f]+`: \*\*update in place\*\*$/m);
    t.true(review.includes("- Endpoints added: `198.51.100.34:8443`\n"));
    t.true(review.includes("- Endpoints removed: `198.51.100.32:8443`\n"));
    t.true(review.includes(`- LoxiLB instances: \`${url}\`\n`));
    // Base weights 1, 1, 2 hold 4, 4 and 8 of LoxiLB's 16 slots; the PR's 1, 3, 1 hold 3, 10 and 3.
    t.true(
      review.includes(
        [
          "| `198.51.100.31:8443` | 25 → 19 | 25% → 18.8% |",
          "| `198.51.100.33:8443` | 50 → 63 | 50% → 62.5% |",
          "| `198.51.100.34:8443` (added) | – → 19 | – → 18.8% |",
          "| `198.51.100.32:8443` (removed) | 25 → – | 25% → – |",
        ].join("\n"),
      ),
    );
    t.regex(
      review,
      /\*\*Total:\*\* 1 LoxiLB rule: 0 create, 1 in place, 0 recreate, 0 delete, 0 unchanged; 1 endpoint added, 1 removed\.\n$/,
    );
  },
);
