/**
 * The provider's behaviour version: the package version plus a digest of the compiled modules that
 * decide behaviour. It is an input of every resource and part of every serialized provider, so any
 * behaviour change reaches the stack state (and refresh/destroy then run the new code) without
 * anyone remembering to bump a number.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Folders of `dist/provider` whose code decides what the resources do. */
export const BEHAVIOUR_DIRS = [
  "api",
  "octavia",
  "translate",
  "rules",
  "runtime",
  "contracts",
  "program",
  "resources",
] as const;

/** Digest of every `.js` file under `root`'s behaviour folders (sorted, content only). */
export function behaviourDigest(root: string): string {
  const hash = createHash("sha256");
  for (const dir of BEHAVIOUR_DIRS) {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) continue;
    for (const file of fs
      .readdirSync(full)
      .filter((f) => f.endsWith(".js"))
      .sort()) {
      hash.update(`${dir}/${file}\n`);
      hash.update(stripSourceMapComment(fs.readFileSync(path.join(full, file), "utf8")));
    }
  }
  return hash.digest("hex").slice(0, 12);
}

function stripSourceMapComment(code: string): string {
  return code.replace(/\n\/\/# sourceMappingURL=.*$/m, "");
}

/** `<package version>+<digest>` for the compiled provider this module belongs to. */
export function providerVersion(): string {
  const root = path.resolve(__dirname, "..");
  const pkg = JSON.parse(fs.readFileSync(path.resolve(root, "..", "..", "package.json"), "utf8")) as {
    version: string;
  };
  return `${pkg.version}+${behaviourDigest(root)}`;
}
