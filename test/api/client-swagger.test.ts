import test from "ava";
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { LoxiLBClient } from "../../provider/api/client";
import type { FetchLike } from "../../provider/api/options";
import type { LoadbalanceEntry } from "../../provider/api/model";

const fixtures = path.join(__dirname, "..", "..", "..", "test", "fixtures", "swagger");

/** A swagger schema with every object closed, so a misspelt or invented key fails validation. */
function closedSchema(file: string): object {
  const close = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(close);
    if (v !== null && typeof v === "object") {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = close(x);
      if (o["properties"] !== undefined && typeof o["properties"] === "object") {
        // swagger leaves `type: object` implicit on some nested schemas; ajv's strict mode wants it.
        o["type"] = "object";
        o["additionalProperties"] = false;
      }
      return o;
    }
    return v;
  };
  return close(JSON.parse(fs.readFileSync(path.join(fixtures, file), "utf8"))) as object;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const schemas = {
  "/config/loadbalancer": ajv.compile(closedSchema("loadbalance-entry.json")),
  "/config/endpoint": ajv.compile(closedSchema("endpoint.json")),
  "/config/endpointhoststate": ajv.compile(closedSchema("endpoint-host-state.json")),
  "/config/cistate": ajv.compile(closedSchema("ci-status-entry.json")),
  "/auth/login": ajv.compile(closedSchema("user.json")),
};

/** A client whose transport records every request body and answers like loxilb. */
function recordingClient(extra: { authType?: "password" } = {}) {
  const bodies: Array<{ path: string; body: unknown }> = [];
  const fetch: FetchLike = async (url, init) => {
    const p = new URL(url).pathname.replace("/netlox/v1", "");
    if (init.body !== undefined) bodies.push({ path: p, body: JSON.parse(init.body) });
    const text = p === "/auth/login" ? '{"token":"t0k3n"}' : '{"result":"Success"}';
    return { status: 200, headers: { get: () => "application/json" }, text: async () => text };
  };
  const auth =
    extra.authType === "password" ? { authType: "password" as const, username: "admin", password: "pw" } : {};
  const client = new LoxiLBClient({ apiEndpoints: ["http://loxilb.test:11111"], fetch, ...auth });
  return { client, bodies };
}

const shapes: Record<string, LoadbalanceEntry> = {
  minimal: {
    serviceArguments: { externalIP: "192.0.2.10", port: 80 },
    endpoints: [{ endpointIP: "10.0.0.1", targetPort: 8080, weight: 1 }],
  },
  "full NAT with monitor and probes": {
    serviceArguments: {
      externalIP: "192.0.2.10",
      port: 443,
      protocol: "tcp",
      sel: "lc",
      mode: "fullnat",
      security: "plain",
      bgp: true,
      monitor: true,
      probetype: "tcp",
      probeport: 443,
      probeTimeout: 10,
      probeRetries: 3,
      inactiveTimeOut: 1800,
      managed: true,
      name: "octavia-lb1-listener1",
      snat: false,
      oper: "add",
      block: 2,
      privateIP: "10.1.0.10",
      proxyprotocolv2: false,
      egress: false,
    },
    endpoints: [
      { endpointIP: "10.0.0.1", targetPort: 8443, weight: 2 },
      { endpointIP: "10.0.0.2", targetPort: 8443, weight: 1 },
    ],
    secondaryIPs: [{ secondaryIP: "192.0.2.11" }],
    allowedSources: [{ prefix: "198.51.100.0/24" }],
  },
  "port range with host and DSR": {
    serviceArguments: {
      externalIP: "2001:db8::10",
      port: 5000,
      portMax: 5010,
      protocol: "udp",
      sel: "hash",
      mode: "dsr",
      host: "app.example.com",
      probetype: "ping",
    },
    endpoints: [],
  },
  "endpoint detach": {
    serviceArguments: { externalIP: "192.0.2.10", port: 80, protocol: "sctp", oper: "detach", sel: "n3" },
    endpoints: [{ endpointIP: "10.0.0.3", targetPort: 80, weight: 1 }],
  },
};

for (const [name, entry] of Object.entries(shapes)) {
  test(`the load-balancer POST body (${name}) matches the swagger LoadbalanceEntry`, async (t) => {
    const { client, bodies } = recordingClient();
    await client.createLoadBalancer(entry);
    t.is(bodies.length, 1);
    const validate = schemas["/config/loadbalancer"];
    t.true(validate(bodies[0]?.body), JSON.stringify(validate.errors));
  });
}

test("numeric enums go on the wire as loxilb numbers", async (t) => {
  const { client, bodies } = recordingClient();
  await client.createLoadBalancer(shapes["full NAT with monitor and probes"] as LoadbalanceEntry);
  const sa = (bodies[0]?.body as { serviceArguments: Record<string, unknown> }).serviceArguments;
  t.deepEqual([sa["sel"], sa["mode"], sa["security"], sa["oper"]], [4, 2, 0, 0]);
});

test("endpoint host, host state, cluster state and login bodies match the swagger", async (t) => {
  const { client, bodies } = recordingClient({ authType: "password" });
  await client.setEndpointHost({
    hostName: "10.0.0.1",
    name: "10.0.0.1_tcp_8080",
    probeType: "http",
    probeReq: "/healthz",
    probeResp: "ok",
    probePort: 8080,
    probeDuration: 10,
    inactiveReTries: 2,
  });
  await client.setEndpointHost({ hostName: "10.0.0.2" });
  await client.setEndpointHostState({ hostName: "10.0.0.1", state: "red", epPort: 8080, epProto: "tcp" });
  await client.setEndpointHostState({ hostName: "10.0.0.1", state: "green" });
  await client.setClusterState({ instance: "llb-inst0", state: "MASTER", vip: "0.0.0.0" });
  t.deepEqual(
    bodies.map((b) => b.path),
    [
      "/auth/login",
      "/config/endpoint",
      "/config/endpoint",
      "/config/endpointhoststate",
      "/config/endpointhoststate",
      "/config/cistate",
    ],
  );
  for (const b of bodies) {
    const validate = schemas[b.path as keyof typeof schemas];
    t.true(validate(b.body), `${b.path}: ${JSON.stringify(validate.errors)}`);
  }
});

test("the closed schema really rejects an unknown key (the check can fail)", (t) => {
  const validate = schemas["/config/loadbalancer"];
  t.false(validate({ serviceArguments: { externalIP: "1.1.1.1", port: 1, Monitor: true }, endpoints: [] }));
  t.false(validate({ serviceArguments: { externalIP: "1.1.1.1", port: 1, sel: "rr" }, endpoints: [] }));
});
