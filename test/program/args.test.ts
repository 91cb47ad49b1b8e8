/**
 * Program-side argument guards: a missing or wrong parent fails at program time naming the resource
 * and the argument (plain JavaScript callers used to get `TypeError: Cannot read properties of
 * undefined`). The guard runs before anything is registered, so no Pulumi runtime is needed here.
 */
import test from "ava";
import * as path from "path";
import { HealthMonitor, Listener, Member, Members, Pool } from "../../provider";
import { startEmulator } from "../../provider/emulator";
import { EngineHarness } from "../../harness";

const ROOT = path.resolve(__dirname, "..", "..", "..");

type Ctor = new (name: string, args: never) => unknown;

const cases: Array<[string, Ctor, Record<string, unknown>, RegExp]> = [
  [
    "Listener",
    Listener,
    { protocol: "TCP", protocolPort: 80 },
    /^Listener "x": the argument "loadbalancer" must be the LoxiLoadBalancer it listens on \(it is missing\)$/,
  ],
  [
    "Pool",
    Pool,
    { protocol: "TCP", lbMethod: "ROUND_ROBIN" },
    /^Pool "x": the argument "listener" must be the Listener whose default pool this is \(it is missing\)$/,
  ],
  [
    "Member",
    Member,
    { address: "10.0.0.1", protocolPort: 80 },
    /^Member "x": the argument "pool" must be the Pool it belongs to \(it is missing\)$/,
  ],
  [
    "Members",
    Members,
    { members: [] },
    /^Members "x": the argument "pool" must be the Pool whose members these are \(it is missing\)$/,
  ],
  [
    "HealthMonitor",
    HealthMonitor,
    { type: "TCP", delay: 5, timeout: 3, maxRetries: 3 },
    /^HealthMonitor "x": the argument "pool" must be the Pool it monitors \(it is missing\)$/,
  ],
];

for (const [kind, ctor, args, message] of cases) {
  test(`${kind} without its parent fails at program time naming the resource and the argument`, (t) => {
    t.throws(() => new ctor("x", args as never), { message });
  });
}

test("a parent of the wrong kind is refused the same way", (t) => {
  t.throws(
    () =>
      new (Pool as unknown as Ctor)("x", {
        listener: "web",
        protocol: "TCP",
        lbMethod: "ROUND_ROBIN",
      } as never),
    {
      message:
        /^Pool "x": the argument "listener" must be the Listener whose default pool this is \(got "web"\)$/,
    },
  );
  t.throws(
    () =>
      new (Member as unknown as Ctor)("x", {
        pool: { id: "p" },
        address: "10.0.0.1",
        protocolPort: 80,
      } as never),
    {
      message: /\(got another object\)$/,
    },
  );
});

test("a member list or argument computed from its own pool's or listener's outputs fails at program time instead of hanging", async (t) => {
  const e = await startEmulator({});
  t.teardown(() => e.close());
  const config = { "loxilb:apiEndpoints": JSON.stringify([e.url]) };
  const h = await EngineHarness.start({
    projectDir: ROOT,
    project: "selfdep",
    stack: "s",
    config,
    programTimeoutMs: 30_000,
  });
  t.teardown(() => h.stop());
  const program = path.join(__dirname, "..", "fixtures", "programs", "self-dependent.js");
  for (const [variant, message] of [
    [
      "members",
      /Members "web": the member list is computed from an output of Pool "web", but Pool "web" waits for its rule's declaration/,
    ],
    ["member", /Member "web-1": an argument is computed from an output of Listener "web"/],
  ] as const) {
    h.setConfig({ ...config, "selfdep:variant": variant });
    const error = await t.throwsAsync(h.up(program));
    t.regex(error?.message ?? "", message, variant);
  }
  t.deepEqual(e.rules(), []);
  h.setConfig({ ...config, "selfdep:variant": "lb-id" });
  await h.up(program);
  t.is(e.rules()[0]?.endpoints?.[0]?.endpointIP, "10.5.0.1", "a list computed from lb.id is written");
});
