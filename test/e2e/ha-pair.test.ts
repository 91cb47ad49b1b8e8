/**
 * The ha-pair example on the real `pulumi` CLI against two emulators: every rule reaches both
 * instances, an instance that lost its rule is repaired from a refresh, and the other instance is
 * left alone while that happens.
 */
import { CliStack } from "../../harness";
import { diffOutline, e2e, emulators, exampleProgram, ROOT, ruleKeys, writes } from "./kit";

const RULE = "/config/loadbalancer/externalipaddress/192.0.2.20/port/443/protocol/tcp";

e2e("ha-pair: both instances hold the rule; one that lost it is repaired alone", async (t) => {
  t.timeout(600_000);
  const [a, b] = await emulators(t, 2);
  const cli = await CliStack.open({
    root: ROOT,
    project: "loxilb-ha-pair",
    stack: "e2e",
    programPath: exampleProgram("ha-pair"),
    config: { "ha-pair:endpoints": JSON.stringify([a!.url, b!.url]) },
  });
  t.teardown(() => cli.close());

  await cli.up();
  for (const e of [a!, b!]) {
    t.deepEqual(ruleKeys(e), ["tcp:192.0.2.20:443"]);
    t.deepEqual(
      e.rules()[0]!.endpoints?.map((p) => `${p.endpointIP}:${p.targetPort}`),
      ["198.51.100.21:8443", "198.51.100.22:8443"],
    );
  }
  t.deepEqual(b!.rules(), a!.rules(), "the two instances hold the same rule");

  // Instance b loses its rule (a restart of loxilb holds no rules).
  t.is((await fetch(`${b!.url}/netlox/v1${RULE}`, { method: "DELETE" })).status, 200);
  await cli.refresh();
  const drift = (await cli.previewDiff()).stdout;
  t.deepEqual(diffOutline(drift), ["+ Member ha-1 (create)", "+ Member ha-2 (create)"], drift);
  const aWrites = writes(a!).length;
  await cli.up();
  t.deepEqual(b!.rules(), a!.rules(), "b holds the rule again, as a does");
  t.is(writes(a!).length, aWrites, "the repair writes nothing to the instance that had the rule");
  await cli.previewDiff({ expectNoChanges: true });

  // Instance a loses one endpoint out of band (a re-POST of the rule with one endpoint).
  const held = a!.rules()[0]!;
  const posted = await fetch(`${a!.url}/netlox/v1/config/loadbalancer`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...held, endpoints: held.endpoints.slice(0, 1) }),
  });
  t.is(posted.status, 200);
  await cli.refresh();
  t.deepEqual(diffOutline((await cli.previewDiff()).stdout), ["+ Member ha-2 (create)"]);
  const bWrites = writes(b!).length;
  await cli.up();
  t.deepEqual(a!.rules(), b!.rules());
  t.is(writes(b!).length, bWrites, "the repair writes nothing to the instance that was whole");

  await cli.destroy();
  t.deepEqual([a!.rules(), b!.rules()], [[], []], "destroy leaves no rule on either instance");
});
