/**
 * The input contracts (provider/contracts/): each kind's fields are declared once and everything
 * else follows from it. Checked here: the derived key lists and lifecycle, the Args types (at
 * compile time), and the one decode at the handler boundary (typed state, clear errors, old state).
 */
import test from "ava";
import * as pulumi from "@pulumi/pulumi";
import * as handlers from "../../provider/resources/handlers";
import { startEmulator } from "../../provider/emulator";
import { memberContract } from "../../provider/contracts/member";
import { membersContract } from "../../provider/contracts/members";
import { poolContract } from "../../provider/contracts/pool";
import { decodeState } from "../../provider/contracts/contract";
import type { LoxiLBConnectionArgs, MemberArgs, MembersMemberArgs, PoolArgs } from "../../provider";
import { memberBag, siblingSpecs } from "../../harness/resource-bags";

test("a pool's fields are the Octavia args codec's, in its order, and the lifecycle is built from them", (t) => {
  t.deepEqual(poolContract.ownKeys, [
    "protocol",
    "lbMethod",
    "name",
    "description",
    "persistence",
    "adminStateUp",
  ]);
  t.deepEqual(poolContract.lifecycle.inputKeys, [
    ...poolContract.ownKeys,
    "listenerId",
    "loadbalancerId",
    "loadbalancer",
    "listener",
    "rule",
    "loxilbAlgorithm",
    "connection",
    "providerVersion",
  ]);
  t.deepEqual(poolContract.outputKeys, [
    "loxilbAlgorithm",
    "provisioningStatus",
    "operatingStatus",
    "loxilbRuleAction",
    "loxilbDrift",
  ]);
});

test("the Args types follow the codecs: required, optional, enums and pulumi.Input wrapping", (t) => {
  const pool = {} as PoolArgs["listener"];
  const ok: PoolArgs = { listener: pool, protocol: "TCP", lbMethod: pulumi.output("ROUND_ROBIN" as const) };
  // @ts-expect-error lbMethod is required
  const missing: PoolArgs = { listener: pool, protocol: "TCP" };
  // @ts-expect-error an algorithm Octavia does not have
  const wrong: PoolArgs = { listener: pool, protocol: "TCP", lbMethod: "RANDOM" };
  const nested: Omit<MemberArgs, "pool"> = {
    address: pulumi.output("192.0.2.1"),
    protocolPort: 80,
    weight: 3,
  };
  // @ts-expect-error a port is a number
  const text: Omit<MemberArgs, "pool"> = { address: "192.0.2.1", protocolPort: "80" };
  const entry: MembersMemberArgs = {
    address: "192.0.2.1",
    protocolPort: pulumi.output(80),
    adminStateUp: false,
  };
  // @ts-expect-error a Members entry needs its address
  const noAddress: MembersMemberArgs = { protocolPort: 80 };
  const connection: LoxiLBConnectionArgs = {
    apiEndpoints: [pulumi.output("http://127.0.0.1:11111")],
    apiTimeout: 2,
  };
  // @ts-expect-error replication is failover or all
  const replication: LoxiLBConnectionArgs = { apiEndpoints: ["http://127.0.0.1:11111"], replication: "some" };
  t.truthy([ok, missing, wrong, nested, text, entry, noAddress, connection, replication]);
});

test("decoding a member's inputs gives typed state; a field of the wrong type is named, its value is not", (t) => {
  const good = decodeState(memberContract, memberBag({ url: "http://127.0.0.1:1" }, "198.51.100.11", []));
  t.true(good.ok);
  if (good.ok) t.is(good.state.protocolPort + 1, 8081);
  const bad = decodeState(memberContract, {
    ...memberBag({ url: "u" }, "x", []),
    address: 42,
    poolId: "s3cr3t",
  });
  t.false(bad.ok);
  if (!bad.ok) t.deepEqual(bad.problems, [{ property: "address", reason: "must be string" }]);
  t.notRegex(JSON.stringify(bad), /s3cr3t|42/);
});

test("a failing entry of a Members list is named by its index, as the user wrote it", (t) => {
  const bag = {
    ...memberBag({ url: "u" }, "198.51.100.11", []),
    members: [
      { address: "198.51.100.11", protocolPort: 80 },
      { address: "198.51.100.12", protocolPort: 80, weight: "3" },
    ],
  };
  const r = decodeState(membersContract, bag);
  t.false(r.ok);
  if (!r.ok) t.deepEqual(r.problems, [{ property: "members.1.weight", reason: "must be number" }]);
});

test("a handler receives decoded state: an input of the wrong type fails the create, naming the resource and field, with no request", async (t) => {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  const bag = { ...memberBag({ url: e.url }, "198.51.100.11", siblingSpecs(1)), protocolPort: "8080" };
  await t.throwsAsync(handlers.create("member", bag), {
    message:
      /^create Member 198\.51\.100\.11:8080 of tcp:192\.0\.2\.10:80: the inputs do not decode \(protocolPort: must be number\)$/,
  });
  t.is(e.requests().length, 0);
});

test("stored state is decoded by type only: a name longer than today's 255-character rule still deletes", async (t) => {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  const specs = siblingSpecs(2);
  const created = await Promise.all(
    specs.map((s) => handlers.create("member", memberBag({ url: e.url }, s.address, specs))),
  );
  t.is(e.rules()[0]?.endpoints?.length, 2);
  const old = {
    ...memberBag({ url: e.url }, "198.51.100.12", specs),
    name: "n".repeat(300),
    rule: undefined,
  };
  await handlers.remove("member", created[1]?.id ?? "", old);
  t.deepEqual(
    e.rules()[0]?.endpoints?.map((x) => x.endpointIP),
    ["198.51.100.11"],
  );
});
