import { DriverWorld } from "./world";
import { DriftCommand, EditCommand, initialUp, type Holder } from "./commands";
import type { StackModel } from "./model";

import * as fs from "fs";
const t0 = Date.now();
export const events: string[] = [];
const wf = fs.promises.writeFile.bind(fs.promises);
const rn = fs.promises.rename.bind(fs.promises);
(fs.promises as unknown as Record<string, unknown>).writeFile = async (f: string, d: string) => {
  events.push(`${Date.now() - t0} write start ${f.slice(-20)}`);
  await wf(f, d);
  events.push(`${Date.now() - t0} write done`);
};
(fs.promises as unknown as Record<string, unknown>).rename = async (a: string, b: string) => {
  await rn(a, b);
  events.push(`${Date.now() - t0} renamed ${b.slice(-25)}`);
};
async function main() {
  const initial: StackModel = {
    lbName: "web",
    description: "first",
    natMode: "dnat",
    subnet: "subnet-a",
    listeners: [
      {
        protocol: "TCP",
        port: 80,
        cidrs: [],
        lbMethod: "ROUND_ROBIN",
        monitor: { delay: 1, retries: 1 },
        batch: false,
        members: [{ address: "10.1.0.1", weight: 1, up: false }],
        poolProtocol: "TCP",
      },
    ],
  };
  const cmds = [
    new EditCommand({ kind: "addMember", listener: 4, host: 10, weight: 4, up: true }),
    new EditCommand({ kind: "toggleMember", listener: 8, member: 6 }),
    new DriftCommand({ kind: "weight", listener: 10, endpoint: 9, instance: 1 }),
  ];
  for (let n = 0; n < Number(process.argv[2] ?? 5); n++) {
    const w = await DriverWorld.start(1);
    events.length = 0;
    const m: Holder = { stack: initial, steps: 0, trail: [] };
    try {
      await initialUp(m, w);
      for (const c of cmds) if (c.check(m)) await c.run(m, w);
      console.log("ok");
    } catch (e) {
      console.log("FAIL", (e as Error).message.split("\n").slice(0, 3).join("\n"));
      await new Promise((r) => setTimeout(r, 500));
      for (const r of w.emus.at(0).requests().slice(-8))
        events.push(`${r.startedAt - t0}-${r.finishedAt - t0} ${r.method} ${r.status}`);
      console.log(events.slice(-40).join("\n"));
      console.log("later:", JSON.stringify((await w.emus.held(0)).map((h) => h.hidden)));
    } finally {
      await w.close();
    }
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
