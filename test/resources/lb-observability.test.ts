/**
 * The load balancer's `statusTree` and `stats` outputs (Octavia's status tree and statistics, from
 * LoxiLB's rules and counters): the pure roll-up, then through the engine-faithful harness and the
 * real CLI: `refresh` sets them, they are outputs only, and a preview after counters moved shows
 * no change.
 */
import test from "ava";
import * as path from "path";
import type { LoadbalanceEntry } from "../../provider/api/model";
import { startEmulator } from "../../provider/emulator";
import { counterBytes, statsOf, statusTreeOf } from "../../provider/translate/status-tree";
import { CliStack, EngineHarness, hasPulumiCli } from "../../harness";
import { STACK_PROGRAM as PROGRAM, type StackSpec } from "../../harness/programs";

const ROOT = path.resolve(__dirname, "..", "..", "..");

const RULE: LoadbalanceEntry = {
  serviceArguments: {
    externalIP: "192.0.2.10",
    port: 80,
    protocol: "tcp",
    sel: "rr",
    name: "octavia-lb1-l1",
    monitor: true,
    probetype: "udp",
  },
  endpoints: [
    { endpointIP: "10.0.0.1", targetPort: 8080, weight: 1, state: "active", counter: "10:1000" },
    { endpointIP: "10.0.0.2", targetPort: 8080, weight: 1, state: "inactive", counter: "2:200" },
  ],
};

test("the status tree nests listener → pool → members and health monitor, rolled up as Octavia does", (t) => {
  t.deepEqual(statusTreeOf({ id: "lb1", name: "web", adminStateUp: true }, [RULE]), {
    loadbalancer: {
      id: "lb1",
      name: "web",
      provisioningStatus: "ACTIVE",
      operatingStatus: "DEGRADED",
      listeners: [
        {
          id: "l1",
          ruleName: "octavia-lb1-l1",
          ruleKey: "tcp:192.0.2.10:80",
          provisioningStatus: "ACTIVE",
          operatingStatus: "ONLINE",
          pools: [
            {
              provisioningStatus: "ACTIVE",
              operatingStatus: "DEGRADED",
              healthMonitor: { type: "UDP-CONNECT", provisioningStatus: "ACTIVE", operatingStatus: "ONLINE" },
              members: [
                {
                  address: "10.0.0.1",
                  protocolPort: 8080,
                  provisioningStatus: "ACTIVE",
                  operatingStatus: "ONLINE",
                },
                {
                  address: "10.0.0.2",
                  protocolPort: 8080,
                  provisioningStatus: "ACTIVE",
                  operatingStatus: "ERROR",
                },
              ],
            },
          ],
        },
      ],
    },
  });
});

test("stats sum the endpoints' byte counters and the rule's Prometheus request and error counts", (t) => {
  const samples = [
    { name: "total_requests_per_service", labels: { service: "octavia-lb1-l1" }, value: 7 },
    { name: "total_requests_per_service", labels: { service: "someone-else" }, value: 100 },
    { name: "total_errors_per_service", labels: { service: "octavia-lb1-l1" }, value: 2 },
  ];
  t.deepEqual(statsOf([RULE], samples), {
    bytesIn: 1200,
    bytesOut: null,
    activeConnections: null,
    totalConnections: 7,
    requestErrors: 2,
  });
  t.deepEqual(statsOf([RULE], undefined), {
    bytesIn: 1200,
    bytesOut: null,
    activeConnections: null,
    totalConnections: null,
    requestErrors: null,
  });
  t.is(counterBytes("3:45"), 45);
  t.is(counterBytes("garbage"), 0);
});

const spec = (url: string): StackSpec => ({
  endpoints: [url],
  lbs: [
    {
      name: "web",
      vip: "192.0.2.10",
      listeners: [
        {
          name: "http",
          protocol: "TCP",
          port: 80,
          pool: {
            protocol: "TCP",
            lbMethod: "ROUND_ROBIN",
            members: [
              { address: "10.0.0.1", port: 8080 },
              { address: "10.0.0.2", port: 8080 },
            ],
          },
        },
      ],
    },
  ],
});

const TRAFFIC = { externalIP: "192.0.2.10", port: 80, protocol: "tcp", packets: 10, bytes: 1000 } as const;

test("refresh sets statusTree and stats as outputs only; a preview after counters moved shows no change", async (t) => {
  t.timeout(120_000);
  const emulator = await startEmulator({ prometheus: true });
  const h = await EngineHarness.start({
    projectDir: ROOT,
    project: "observability",
    stack: "lb",
    config: {},
  });
  t.teardown(async () => {
    await h.stop();
    await emulator.close();
  });
  await h.up(PROGRAM, spec(emulator.url));
  const lbOf = () => h.state().find((s) => s.type.endsWith(":LoadBalancer"));
  t.is(lbOf()?.outputs["stats"], undefined, "create leaves them for refresh");
  emulator.traffic(TRAFFIC);
  await h.refresh();
  const lb = lbOf();
  const listener = h.state().find((s) => s.type.endsWith(":Listener"));
  t.deepEqual(lb?.outputs["stats"], {
    bytesIn: 1000,
    bytesOut: null,
    activeConnections: null,
    totalConnections: 1,
    requestErrors: 0,
  });
  t.deepEqual(lb?.outputs["statusTree"], {
    loadbalancer: {
      id: lb?.id,
      provisioningStatus: "ACTIVE",
      operatingStatus: "ONLINE",
      listeners: [
        {
          id: listener?.id,
          ruleName: `octavia-${lb?.id}-${listener?.id}`,
          ruleKey: "tcp:192.0.2.10:80",
          provisioningStatus: "ACTIVE",
          operatingStatus: "ONLINE",
          pools: [
            {
              provisioningStatus: "ACTIVE",
              operatingStatus: "ONLINE",
              members: ["10.0.0.1", "10.0.0.2"].map((address) => ({
                address,
                protocolPort: 8080,
                provisioningStatus: "ACTIVE",
                operatingStatus: "NO_MONITOR",
              })),
            },
          ],
        },
      ],
    },
  });
  t.false("stats" in (lb?.inputs ?? {}) || "statusTree" in (lb?.inputs ?? {}), "never inputs");
  emulator.traffic(TRAFFIC);
  emulator.traffic(TRAFFIC);
  const plan = await h.preview(PROGRAM, spec(emulator.url));
  t.deepEqual(
    plan.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}`),
    [],
  );
  await h.refresh();
  t.like(lbOf()?.outputs["stats"], { bytesIn: 3000, totalConnections: 3 });
});

const cli = hasPulumiCli() ? test.serial : test.skip;

cli(
  "with the real CLI, preview --json after a refresh and moving counters has no step for the load balancer",
  async (t) => {
    t.timeout(180_000);
    const emulator = await startEmulator({ prometheus: true });
    const stack = await CliStack.open({
      root: ROOT,
      project: "observability",
      stack: "cli",
      programPath: PROGRAM,
      args: spec(emulator.url),
    });
    t.teardown(async () => {
      await stack.close();
      await emulator.close();
    });
    await stack.up();
    emulator.traffic(TRAFFIC);
    await stack.refresh();
    emulator.traffic(TRAFFIC);
    const preview = await stack.previewJson();
    t.deepEqual(
      preview.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn}`),
      [],
    );
    t.deepEqual(preview.changeSummary, { same: 6 });
  },
);
