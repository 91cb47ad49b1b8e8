import test from "ava";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROVIDER_VERSION } from "../../provider/contracts/kinds";
import { behaviourDigest } from "../../provider/contracts/version";

const built = path.resolve(__dirname, "..", "..", "provider");

function copyBuilt(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "behaviour-"));
  fs.cpSync(built, dir, { recursive: true });
  return dir;
}

test("providerVersion is the package version plus a digest of the compiled behaviour", (t) => {
  const pkg = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "package.json"), "utf8"),
  ) as {
    version: string;
  };
  t.is(PROVIDER_VERSION, `${pkg.version}+${behaviourDigest(built)}`);
});

test("any change to a behaviour module changes providerVersion, an identical build does not", (t) => {
  const copy = copyBuilt();
  t.teardown(() => fs.rmSync(copy, { recursive: true, force: true }));
  t.is(behaviourDigest(copy), behaviourDigest(built));
  const writer = path.join(copy, "rules", "rule-writer.js");
  fs.appendFileSync(writer, "\n// a behaviour change\n");
  t.not(behaviourDigest(copy), behaviourDigest(built));
});

test("emulator and docs changes do not count as provider behaviour", (t) => {
  const copy = copyBuilt();
  t.teardown(() => fs.rmSync(copy, { recursive: true, force: true }));
  fs.mkdirSync(path.join(copy, "emulator"), { recursive: true });
  fs.writeFileSync(path.join(copy, "emulator", "extra.js"), "module.exports = 1;\n");
  t.is(behaviourDigest(copy), behaviourDigest(built));
});
