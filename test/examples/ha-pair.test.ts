import test from "ava";
import * as path from "path";
import { ofType, runUnderMocks } from "../helpers/mock-run";

const program = path.resolve(__dirname, "..", "..", "examples", "ha-pair", "index.js");
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

test("the ha-pair example writes to both instances and keeps the connection secret", async (t) => {
  const all = await runUnderMocks(program, {
    project: "loxilb-ha-pair",
    config: { "ha-pair:endpoints": '["http://127.0.0.1:11111","http://127.0.0.1:11112"]' },
  });
  const resources = [...ofType(all, "LoadBalancer"), ...ofType(all, "Listener"), ...ofType(all, "Member")];
  t.true(resources.length >= 4);
  for (const r of resources) {
    const connection = r.inputs["connection"] as Record<string, unknown>;
    // Mocks hand inputs over deserialized; a secret stays wrapped with Pulumi's secret signature.
    t.is(connection[SECRET_SIG], "1b47061264138c4ac30d75fd1eb44270", `${r.name}: connection is secret`);
    t.deepEqual((connection["value"] as Record<string, unknown>)["apiEndpoints"], [
      "http://127.0.0.1:11111",
      "http://127.0.0.1:11112",
    ]);
    t.is((connection["value"] as Record<string, unknown>)["replication"], "all");
  }
});
