/** The `loxilb-emulator` CLI and the state file. */
import test from "ava";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import { parseCliArgs } from "../../provider/emulator/cli-args";
import { rawRequest, ruleBody } from "../helpers/emulator-http";
import { runCli, startCli } from "../helpers/emulator-cli";

function tmpDir(t: { teardown(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loxilb-emu-"));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("the CLI prints its URL first, serves the API and exits 0 on SIGTERM", async (t) => {
  const run = await startCli(["--port", "0", "--token", "tok"]);
  t.teardown(() => void run.child.kill("SIGKILL"));
  t.regex(run.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const r = await rawRequest(`${run.url}/netlox/v1/config/loadbalancer`, "POST", ruleBody(), {
    Authorization: "tok",
  });
  t.is(r.status, 200);
  t.is(await run.stop("SIGTERM"), 0);
});

test("the CLI exits 0 on SIGINT", async (t) => {
  const run = await startCli(["--port=0", "--prometheus", "--legacy-errors"]);
  t.teardown(() => void run.child.kill("SIGKILL"));
  t.is((await rawRequest(`${run.url}/netlox/v1/metrics`, "GET")).status, 200);
  t.is(await run.stop("SIGINT"), 0);
});

test("a bad flag exits 2 with a message naming the flag", async (t) => {
  const bad = await runCli(["--port", "0", "--frobnicate"]);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /^loxilb-emulator: unknown flag --frobnicate\n/);
  const port = await runCli(["--port", "http"]);
  t.is(port.code, 2);
  t.regex(port.stderr, /invalid value for --port: http/);
  const missing = await runCli(["--token"]);
  t.regex(missing.stderr, /flag --token needs a value/);
  t.throws(() => parseCliArgs(["--max-rules", "0"]), {
    message: "invalid value for --max-rules: 0 (expected a positive integer)",
  });
  t.is(parseCliArgs(["--max-rules", "100000"]).options.maxRules, 100000);
});

test("CLI flags map to emulator options", (t) => {
  t.deepEqual(
    parseCliArgs(["--port", "0", "--users", "admin:pw,ro:x:y", "--max-rules", "10", "--loxilb-version=v1"])
      .options,
    {
      host: "127.0.0.1",
      port: 0,
      users: { admin: "pw", ro: "x:y" },
      maxRules: 10,
      version: "v1",
    },
  );
  t.deepEqual(parseCliArgs([]).options, { host: "127.0.0.1", port: 11111 });
  t.throws(() => parseCliArgs(["--tls-cert", "/nonexistent"]), {
    message: "flags --tls-cert and --tls-key go together",
  });
  t.throws(() => parseCliArgs(["--tls-ca", "/x"]), {
    message: "flag --tls-ca needs --tls-cert and --tls-key",
  });
});

test("the state file is written atomically after changes and loaded at start", async (t) => {
  const file = path.join(tmpDir(t), "state.json");
  const first = await startEmulator({ stateFile: file });
  await rawRequest(`${first.url}/netlox/v1/config/loadbalancer`, "POST", ruleBody({ name: "kept" }));
  await rawRequest(`${first.url}/netlox/v1/config/cistate`, "POST", {
    instance: "llb-inst0",
    state: "BACKUP",
    vip: "0.0.0.0",
  });
  await first.close();
  t.deepEqual(fs.readdirSync(path.dirname(file)), ["state.json"], "no temp file left behind");
  const second = await startEmulator({ stateFile: file });
  t.teardown(() => second.close());
  t.deepEqual(second.rules(), first.rules());
  const again = await rawRequest(
    `${second.url}/netlox/v1/config/loadbalancer`,
    "POST",
    ruleBody({ name: "kept" }),
  );
  t.is(again.status, 409, "the loaded rule is reconciled like any other");
  const ci = await rawRequest(`${second.url}/netlox/v1/config/cistate/all`, "GET");
  t.like(ci.json, { Attr: [{ state: "BACKUP" }] });
});

test("the CLI --state-file survives a restart", async (t) => {
  const file = path.join(tmpDir(t), "s.json");
  const a = await startCli(["--port", "0", "--state-file", file]);
  t.teardown(() => void a.child.kill("SIGKILL"));
  await rawRequest(`${a.url}/netlox/v1/config/loadbalancer`, "POST", ruleBody());
  t.is(await a.stop(), 0);
  const b = await startCli(["--port", "0", "--state-file", file]);
  t.teardown(() => void b.child.kill("SIGKILL"));
  const list = await rawRequest(`${b.url}/netlox/v1/config/loadbalancer/all`, "GET");
  t.is((list.json as { lbAttr: unknown[] }).lbAttr.length, 1);
  t.is(await b.stop(), 0);
});
