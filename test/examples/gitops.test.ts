import test from "ava";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ofType, runUnderMocks } from "../helpers/mock-run";

const program = path.resolve(__dirname, "..", "..", "examples", "gitops", "index.js");

test("the gitops example declares one member per entry of the reviewed file", async (t) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gitops-")), "members.json");
  fs.writeFileSync(
    file,
    JSON.stringify([
      { address: "198.51.100.31", port: 8443 },
      { address: "198.51.100.32", port: 8443, weight: 4 },
    ]),
  );
  const all = await runUnderMocks(program, {
    project: "loxilb-gitops",
    config: { "gitops:membersFile": file },
  });
  t.deepEqual(
    ofType(all, "Member").map((m) => [m.inputs["address"], m.inputs["protocolPort"], m.inputs["weight"]]),
    [
      ["198.51.100.31", 8443, undefined],
      ["198.51.100.32", 8443, 4],
    ],
  );
  t.is(ofType(all, "HealthMonitor").length, 1);
});
