/**
 * The module-graph rules `npm run lint` checks (.dependency-cruiser.cjs) see dependencies that exist
 * in types only: a cycle made of `import type` one way and `typeof import(...)` the other is reported.
 */
import test from "ava";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function cruise(...args: string[]) {
  const bin = path.join(ROOT, "node_modules", ".bin", "depcruise");
  const r = spawnSync(bin, ["--config", ".dependency-cruiser.cjs", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  // CI may force colours on: compare the text without ANSI escapes.
  return { status: r.status, stdout: r.stdout.replace(/\u001b\[[0-9;]*m/g, "") };
}

test("a cycle through type-only imports is reported as a violation", (t) => {
  const r = cruise("--exclude", "^(dist|node_modules)/", "test/fixtures/module-graph");
  t.not(r.status, 0);
  t.regex(r.stdout, /no-cycle: test\/fixtures\/module-graph\/classes\.ts/);
  t.regex(r.stdout, /1 dependency violations/);
});

test("the repository's module graph has no violation (no cycle, program apart from handlers, tools apart from tests)", (t) => {
  const r = cruise("provider", "harness", "bench", "demo", "conformance", "examples", "test");
  t.is(r.status, 0, r.stdout);
  t.regex(r.stdout, /no dependency violations found/);
});
