/** Every public option is documented: client options, stack config keys, env vars, resource arguments. */
import test from "ava";
import * as fs from "fs";
import * as path from "path";
import { configKeyName, envVarName, LOXILB_OPTION_KEYS } from "../../provider/api/options";
import { loadBalancerContract } from "../../provider/contracts/load-balancer";
import { listenerContract } from "../../provider/contracts/listener";
import { poolContract } from "../../provider/contracts/pool";
import { memberContract } from "../../provider/contracts/member";
import { healthMonitorContract } from "../../provider/contracts/health-monitor";
import { membersContract } from "../../provider/contracts/members";

const docs = path.resolve(__dirname, "..", "..", "..", "docs");
const read = (file: string) => fs.readFileSync(path.join(docs, file), "utf8");

test("docs/configuration.md documents every option with its stack config key and environment variable", (t) => {
  const text = read("configuration.md");
  for (const key of LOXILB_OPTION_KEYS) {
    t.true(text.includes(`\`${configKeyName(key)}\``), configKeyName(key));
    t.true(text.includes(`\`${envVarName(key)}\``), envVarName(key));
  }
});

test("docs/client.md documents every client option", (t) => {
  const text = read("client.md");
  for (const key of LOXILB_OPTION_KEYS) t.true(text.includes(`\`${key}\``), key);
});

const resources: Array<[string, readonly string[], string]> = [
  ["load-balancer.md", [...loadBalancerContract.ownKeys, "connection"], "LoxiLoadBalancer"],
  ["listener.md", [...listenerContract.ownKeys, "loadbalancer"], "Listener"],
  ["pool.md", [...poolContract.ownKeys, "listener"], "Pool"],
  ["member.md", [...memberContract.ownKeys, "pool"], "Member"],
  ["members.md", [...membersContract.ownKeys, ...memberContract.ownKeys, "pool"], "Members"],
  ["health-monitor.md", [...healthMonitorContract.ownKeys, "pool"], "HealthMonitor"],
];

for (const [file, keys, name] of resources) {
  test(`docs/resources/${file} documents every argument of ${name} and what forces replacement`, (t) => {
    const text = read(path.join("resources", file));
    for (const key of keys) t.true(text.includes(`\`${key}\``), key);
    for (const section of [
      "## Example",
      "## Arguments",
      "## Attributes",
      "## LoxiLB mapping",
      "## What forces replacement",
    ]) {
      t.true(text.includes(section), section);
    }
  });
}
