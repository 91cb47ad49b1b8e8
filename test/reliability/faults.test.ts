/**
 * Reliability: the quickstart stack through the engine-faithful harness against an emulator that
 * misbehaves (5xx bursts with Retry-After, connection resets, a slow answer, a timeout, legacy
 * 200-errors, malformed answers). After each, loxilb's rules equal the desired state and the stack
 * state agrees with them; secrets never leak into the state, the provider logs or error messages.
 */
import test from "ava";
import { startEmulator } from "../../provider/emulator";
import type { EmulatorHandle } from "../../provider/emulator/types";
import { EngineHarness } from "../../harness";
import { QUICKSTART, ROOT, liveRules, quickstartDesired, stateProblems } from "../helpers/reliability-kit";
import { makeCa, makeCert } from "../helpers/certs";

const LB = { path: /^\/config\/loadbalancer/ };

async function stack(
  t: { teardown(fn: () => Promise<void>): void },
  e: EmulatorHandle,
  extra = {},
  secretKeys: string[] = [],
) {
  const config: Record<string, string> = {
    "loxilb:apiEndpoints": JSON.stringify([e.url]),
    "loxilb:apiRetries": "4",
    "loxilb:apiRetryInterval": "0.05",
    "loxilb:apiTimeout": "1",
    ...extra,
  };
  const h = await EngineHarness.start({
    projectDir: ROOT,
    project: "rel-faults",
    stack: "faults",
    config,
    secretKeys,
  });
  t.teardown(async () => {
    await h.stop();
    e.faults.clear();
    await e.close();
  });
  let members = 3;
  /** An up that changes every rule (member count toggles 3 ↔ 4), under whatever fault is armed. */
  const changeUp = async () => {
    members = members === 3 ? 4 : 3;
    h.setConfig({ ...config, "quickstart:memberCount": String(members) }, secretKeys);
    await h.up(QUICKSTART);
    return members;
  };
  return { h, changeUp };
}

const faults: ReadonlyArray<[string, (e: EmulatorHandle) => void]> = [
  [
    "a burst of three 503s with Retry-After",
    (e) => e.faults.failNext(LB, { status: 503, count: 3, retryAfterSeconds: 0 }),
  ],
  ["two connection resets", (e) => e.faults.resetNext(LB, 2)],
  ["a slow answer (300 ms)", (e) => e.faults.addLatency(LB, 300, 2)],
  ["a hung request (apiTimeout 1 s)", (e) => e.faults.hangNext({ method: "POST" }, 1)],
  ["a 500 on a write", (e) => e.faults.failNext({ method: "POST" }, { status: 500, count: 1 })],
];

for (const legacyErrors of [false, true]) {
  test.serial(
    `transient faults${legacyErrors ? " (legacy 200-error mode)" : ""}: each up converges`,
    async (t) => {
      const e = await startEmulator({ legacyErrors });
      const { h, changeUp } = await stack(t, e);
      await h.up(QUICKSTART);
      for (const [name, arm] of faults) {
        arm(e);
        // The retries must absorb the fault: the up itself succeeds (no re-run hides a failure).
        const members = await changeUp().catch((err: unknown) => {
          t.fail(`${name}: the up failed: ${String(err).slice(0, 300)}`);
          return 0;
        });
        e.faults.clear();
        t.deepEqual(liveRules(e), quickstartDesired(members), `${name}: rules are the desired state`);
        t.deepEqual(stateProblems(h.state(), e), [], `${name}: state agrees with loxilb`);
      }
    },
  );
}

test.serial("malformed answers fail one operation with a readable error; the host survives", async (t) => {
  const e = await startEmulator({});
  const { h, changeUp } = await stack(t, e, { "loxilb:apiRetries": "0" });
  await h.up(QUICKSTART);
  const bodies: ReadonlyArray<[string, unknown]> = [
    ["an HTML error page", "<html><body><h1>502 Bad Gateway</h1></body></html>"],
    ["truncated JSON", '{"lbAttr":[{"serviceArguments":{"externalIP":"192.0.2.10","port":'],
    ["wrong types", { lbAttr: [{ serviceArguments: { externalIP: 7, port: "eighty" }, endpoints: "none" }] }],
  ];
  for (const [name, body] of bodies) {
    e.faults.failNext({ method: "GET", path: "/config/loadbalancer/all" }, { status: 200, body, count: 50 });
    const err = await t.throwsAsync(changeUp(), undefined, name);
    const message = err?.message ?? "";
    t.regex(message, /(create|update|delete|read) (Member|Listener|Pool|HealthMonitor|LoadBalancer)/, name);
    t.false(/\bat .*\.js:\d+/.test(message), `${name}: no stack trace in the message`);
    t.log(`${name}: ${message.split("\n")[0]?.slice(0, 200)}`);
    e.faults.clear();
    await h.up(QUICKSTART);
    t.deepEqual(stateProblems(h.state(), e), [], `${name}: after the fault, state agrees with loxilb`);
  }
  t.is(h.providerPids().length, 1, "one provider host process all along");
});

test.serial("the token, the password and the TLS key never leak", async (t) => {
  const TOKEN = "tok-reliability-5e1d";
  const PASSWORD = "pw-reliability-a07c";
  const ca = makeCa("rel-ca");
  const client = makeCert(ca, { cn: "rel-client", client: true });
  const e = await startEmulator({ token: TOKEN });
  const secrets = {
    "loxilb:authType": "token",
    "loxilb:apiToken": TOKEN,
    "loxilb:password": PASSWORD,
    "loxilb:tlsClientKey": client.key,
    "loxilb:tlsClientCert": client.cert,
    "loxilb:debugApiCalls": "true",
  };
  const { h, changeUp } = await stack(t, e, secrets, [
    "loxilb:apiToken",
    "loxilb:password",
    "loxilb:tlsClientKey",
  ]);
  await h.up(QUICKSTART);
  e.faults.failNext({ method: "POST" }, { status: 500, count: 50, body: "internal error" });
  const err = await t.throwsAsync(changeUp());
  e.faults.clear();
  await h.up(QUICKSTART);
  const keyBody = client.key.split("\n").filter((l) => l.length > 40)[0] ?? client.key;
  const places: Record<string, string> = {
    state: JSON.stringify(h.exportState()),
    logs: h.providerLogs().join("\n"),
    error: err?.message ?? "",
  };
  t.true(places["logs"]?.includes("/netlox/v1/config/loadbalancer") ?? false, "debug logging was on");
  for (const [where, text] of Object.entries(places)) {
    for (const [what, secret] of [
      ["token", TOKEN],
      ["password", PASSWORD],
      ["TLS key", keyBody],
    ] as const) {
      t.false(text.includes(secret), `the ${what} is not in the ${where}`);
    }
  }
});
