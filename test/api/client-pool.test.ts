import test from "ava";
import * as http from "http";
import type { AddressInfo } from "net";
import { LoxiLBClient } from "../../provider/api/client";
import { startEmulator } from "../../provider/emulator";

/** A minimal loxilb stand-in that counts TCP connections (the `connection` event). */
async function countingServer(t: import("ava").ExecutionContext) {
  let connections = 0;
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"version":"0.9.8-emu","buildInfo":"test"}');
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    requests: () => requests,
  };
}

test("1,000 requests reuse at most apiConnectionPoolSize keep-alive sockets", async (t) => {
  const server = await countingServer(t);
  const client = new LoxiLBClient({ apiEndpoints: [server.url], apiConnectionPoolSize: 4 });
  t.teardown(() => client.close());
  const total = 1000;
  const inFlight = 25;
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await client.getVersion();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  t.is(server.requests(), total);
  t.true(server.connections() <= 4, `opened ${server.connections()} connections`);
  t.true(server.connections() >= 1);
  const sockets = Object.values(client.socketCounts());
  t.true((sockets[0] ?? 99) <= 4);
});

test("sequential calls use a single keep-alive connection", async (t) => {
  const server = await countingServer(t);
  const client = new LoxiLBClient({ apiEndpoints: [server.url], apiConnectionPoolSize: 10 });
  t.teardown(() => client.close());
  for (let i = 0; i < 50; i++) await client.getVersion();
  t.is(server.connections(), 1);
});

test("close() destroys the agent's sockets", async (t) => {
  const server = await countingServer(t);
  const client = new LoxiLBClient({ apiEndpoints: [server.url], apiConnectionPoolSize: 3 });
  await Promise.all(Array.from({ length: 9 }, () => client.getVersion()));
  t.true((Object.values(client.socketCounts())[0] ?? 0) > 0);
  client.close();
  // Sockets leave the agent's lists on their 'close' event, a few ticks after destroy().
  for (let i = 0; i < 100 && (Object.values(client.socketCounts())[0] ?? 0) > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  t.is(Object.values(client.socketCounts())[0], 0);
});

test("against the emulator, 1,000 mixed calls never hold more sockets than the pool size", async (t) => {
  const emulator = await startEmulator({});
  const client = new LoxiLBClient({ apiEndpoints: [emulator.url], apiConnectionPoolSize: 5 });
  t.teardown(async () => {
    client.close();
    await emulator.close();
  });
  let peak = 0;
  let done = 0;
  const worker = async (w: number) => {
    while (done < 1000) {
      const i = done++;
      const ip = `192.0.2.${(w % 200) + 1}`;
      if (i % 3 === 0) {
        await client.createLoadBalancer({
          serviceArguments: { externalIP: ip, port: 80, protocol: "tcp" },
          endpoints: [{ endpointIP: "10.0.0.1", targetPort: 80, weight: 1 }],
        });
      } else await client.listLoadBalancers();
      peak = Math.max(peak, Object.values(client.socketCounts())[0] ?? 0);
    }
  };
  await Promise.all(Array.from({ length: 20 }, (_, w) => worker(w)));
  t.is(emulator.requests().length, 1000);
  t.true(peak <= 5, `peak ${peak} sockets`);
  t.true(peak >= 1);
});
