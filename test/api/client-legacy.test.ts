import test, { type ExecutionContext } from "ava";
import { startEmulator } from "../../provider/emulator";
import { LoxiLBClient } from "../../provider/api/client";
import { HttpError, isConflict, isNotFound, isRetryable } from "../../provider/api/errors";
import type { LoadbalanceEntry } from "../../provider/api/model";

async function setup(t: ExecutionContext) {
  const emulator = await startEmulator({ legacyErrors: true });
  const sleeps: number[] = [];
  const client = new LoxiLBClient({
    apiEndpoints: [emulator.url],
    sleep: async (ms) => void sleeps.push(ms),
  });
  t.teardown(async () => {
    client.close();
    await emulator.close();
  });
  return { emulator, client, sleeps };
}

const rule: LoadbalanceEntry = {
  serviceArguments: { externalIP: "192.0.2.40", port: 80, protocol: "tcp" },
  endpoints: [{ endpointIP: "10.0.0.1", targetPort: 80, weight: 1 }],
};

test("legacy 200 'lbrule-exists error' still means 'unchanged'", async (t) => {
  const { client, emulator } = await setup(t);
  t.is(await client.createLoadBalancer(rule), "applied");
  t.is(await client.createLoadBalancer(rule), "unchanged");
  const answers = emulator.requests().map((r) => r.status);
  t.deepEqual(answers, [200, 200], "the server really answered 200 both times");
});

test("legacy 200 'no-rule error' on delete means 'absent'", async (t) => {
  const { client } = await setup(t);
  t.is(await client.deleteLoadBalancerRule("192.0.2.40", 80, "tcp"), "absent");
  await client.createLoadBalancer(rule);
  t.is(await client.deleteLoadBalancerRule("192.0.2.40", 80, "tcp"), "deleted");
});

test("a legacy argument error becomes a typed 400 Http error, flagged legacy", async (t) => {
  const { client, sleeps } = await setup(t);
  const bad: LoadbalanceEntry = {
    ...rule,
    serviceArguments: { ...rule.serviceArguments, probetype: "https" },
  };
  const e = await t.throwsAsync(client.createLoadBalancer(bad), { instanceOf: HttpError });
  t.is(e?.status, 400);
  t.true(e?.legacy);
  t.false(isConflict(e) || isNotFound(e));
  t.deepEqual(sleeps, []);
});

test("the DSR 'Error: ...' answer is a typed error and is not retried", async (t) => {
  const { client, emulator, sleeps } = await setup(t);
  const dsr: LoadbalanceEntry = {
    ...rule,
    serviceArguments: { ...rule.serviceArguments, mode: "dsr", sel: "rr" },
  };
  const e = await t.throwsAsync(client.createLoadBalancer(dsr), { instanceOf: HttpError });
  t.regex(e?.result ?? "", /^Error: /);
  t.true(e?.legacy);
  t.false(isRetryable(e));
  t.deepEqual(sleeps, []);
  t.is(emulator.requests().length, 1);
});
