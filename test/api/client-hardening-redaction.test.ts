/**
 * Hardening: no credential reaches an error or a log line. Endpoints are shown without user info
 * (`http://user:pass@host` → `http://host`), and every secret the client knows (token, password from
 * the options or a URL, TLS key material, issued tokens) is masked in whatever text carries it:
 * loxilb's error bodies, legacy 200 errors, decode problems and Node error messages.
 */
import test, { type ExecutionContext } from "ava";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { inspect } from "util";
import type { AddressInfo } from "net";
import { startEmulator } from "../../provider/emulator";
import { LoxiLBClient } from "../../provider/api/client";
import {
  AllEndpointsDownError,
  DecodeError,
  HttpError,
  NetworkError,
  ReplicationError,
  isUnauthorized,
} from "../../provider/api/errors";
import type { LoadbalanceEntry } from "../../provider/api/model";
import type { FetchLike, LoxiLBClientOptions } from "../../provider/api/options";
import { makeCa, makeCert } from "../helpers/certs";

const rule: LoadbalanceEntry = {
  serviceArguments: { externalIP: "192.0.2.80", port: 80, protocol: "tcp", name: "hardening" },
  endpoints: [{ endpointIP: "10.0.0.1", targetPort: 8080, weight: 1 }],
};

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

/** A server on 127.0.0.1 answering with `handler` (after reading the request), closed in teardown. */
async function serve(t: ExecutionContext, handler: Handler): Promise<number> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

/** A port on 127.0.0.1 that refuses connections. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function clientFor(t: ExecutionContext, options: LoxiLBClientOptions): LoxiLBClient {
  const client = new LoxiLBClient({ apiRetries: 0, sleep: async () => {}, ...options });
  t.teardown(() => client.close());
  return client;
}

/** Everything an error shows: message, stack and every field, nested errors included. */
const shown = (e: unknown): string => `${inspect(e, { depth: 10 })} ${(e as Error).stack ?? ""}`;

function reply(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": type });
  res.end(body);
}

// ---- credentials in endpoint URLs --------------------------------------------------------------

test("an endpoint with credentials that is down gives AllEndpointsDown without its user info", async (t) => {
  const port = await closedPort();
  const client = clientFor(t, { apiEndpoints: [`http://admin:PASS-w0rd@127.0.0.1:${port}`] });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: AllEndpointsDownError });
  const safe = `http://127.0.0.1:${port}`;
  t.is(
    e?.message,
    `all endpoints are down: ${safe} (GET ${safe}/netlox/v1/config/loadbalancer/all -> network error: ` +
      `connect ECONNREFUSED 127.0.0.1:${port})`,
  );
  t.deepEqual(
    e?.failures.map((f) => f.endpoint),
    [safe],
  );
  t.is((e?.failures[0]?.error as NetworkError).request.endpoint, safe);
  t.false(shown(e).includes("PASS-w0rd"));
  t.false(shown(e).includes("admin"));
});

test("a replicated write names the instances without their user info", async (t) => {
  const up = await startEmulator();
  t.teardown(() => up.close());
  const downPort = await closedPort();
  const upUrl = up.url.replace("http://", "http://ops:Up-Secret-1@");
  const downUrl = `http://ops:Down-Secret-2@127.0.0.1:${downPort}`;
  const client = clientFor(t, { apiEndpoints: [upUrl, downUrl], replication: "all" });
  const e = await t.throwsAsync(client.createLoadBalancer(rule), { instanceOf: ReplicationError });
  const down = `http://127.0.0.1:${downPort}`;
  t.is(
    e?.message,
    `createLoadBalancer: replication failed on 1 of 2 LoxiLB instances: ${down} (POST ${down}/netlox/v1/config/loadbalancer` +
      ` -> network error: connect ECONNREFUSED 127.0.0.1:${downPort}); succeeded on ${up.url}`,
  );
  t.deepEqual(
    e?.failed.map((f) => f.endpoint),
    [down],
  );
  t.deepEqual(e?.succeeded, [up.url]);
  for (const secret of ["Up-Secret-1", "Down-Secret-2", "ops:"]) t.false(shown(e).includes(secret), secret);
});

test("an HTTP error from an endpoint with credentials carries its endpoint without user info", async (t) => {
  const port = await serve(t, (_req, _body, res) => reply(res, 503, "text/plain", "maintenance"));
  const client = clientFor(t, { apiEndpoints: [`http://admin:PASS-w0rd@127.0.0.1:${port}`] });
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: HttpError });
  t.is(e?.endpoint, `http://127.0.0.1:${port}`);
  t.is(e?.message, `GET http://127.0.0.1:${port}/netlox/v1/version -> 503 maintenance`);
  t.false(shown(e).includes("PASS-w0rd"));
});

test("healthCheck reports endpoints and failures without user info", async (t) => {
  const port = await closedPort();
  const client = clientFor(t, { apiEndpoints: [`http://admin:PASS-w0rd@127.0.0.1:${port}`] });
  const [report] = await client.healthCheck();
  t.is(report?.endpoint, `http://127.0.0.1:${port}`);
  t.is(
    report?.error,
    `GET http://127.0.0.1:${port}/netlox/v1/version -> network error: connect ECONNREFUSED 127.0.0.1:${port}`,
  );
});

// ---- secrets echoed by the server -----------------------------------------------------------------

const TOKEN = "tok-4f1e9c0b7a2d8e3f6a5b";

test("a 500 that echoes the token shows it masked", async (t) => {
  const port = await serve(t, (req, _body, res) =>
    reply(res, 500, "text/plain", `rejected header Authorization: ${req.headers.authorization ?? ""}`),
  );
  const client = clientFor(t, {
    apiEndpoints: [`http://127.0.0.1:${port}`],
    authType: "token",
    apiToken: TOKEN,
  });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
  t.is(
    e?.message,
    `GET http://127.0.0.1:${port}/netlox/v1/config/loadbalancer/all -> 500 rejected header Authorization: [REDACTED]`,
  );
  t.is(e?.loxilbMessage, "rejected header Authorization: [REDACTED]");
  t.false(shown(e).includes(TOKEN));
});

test("a legacy 200 error that echoes the token shows it masked and is still a refused token", async (t) => {
  const port = await serve(t, (_req, _body, res) =>
    reply(res, 200, "application/json", JSON.stringify({ result: `invalid token ${TOKEN}` })),
  );
  const client = clientFor(t, {
    apiEndpoints: [`http://127.0.0.1:${port}`],
    authType: "token",
    apiToken: TOKEN,
  });
  const e = await t.throwsAsync(client.createLoadBalancer(rule), { instanceOf: HttpError });
  t.is(
    e?.message,
    `POST http://127.0.0.1:${port}/netlox/v1/config/loadbalancer -> 401 invalid token [REDACTED]`,
  );
  t.is(e?.result, "invalid token [REDACTED]");
  t.true(e?.legacy);
  t.true(isUnauthorized(e));
  t.false(shown(e).includes(TOKEN));
});

test("a secret cut off by the shortened error text leaves no prefix behind", async (t) => {
  const filler = "x".repeat(185);
  const port = await serve(t, (_req, _body, res) => reply(res, 500, "text/plain", `${filler} ${TOKEN}`));
  const client = clientFor(t, {
    apiEndpoints: [`http://127.0.0.1:${port}`],
    authType: "token",
    apiToken: TOKEN,
  });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
  t.is(e?.loxilbMessage, `${filler} [REDACTED]`);
  t.false(shown(e).includes(TOKEN.slice(0, 6)));
});

test("the password (options and URL), the issued token and the TLS key are masked in errors and logs", async (t) => {
  const ca = makeCa();
  const pair = makeCert(ca, { cn: "client", client: true });
  const keyLine = pair.key.split(/\r?\n/)[3] ?? "";
  const password = "Opt-Passw0rd-77";
  const urlPassword = "Url-Passw0rd-88";
  const issued = "issued-token-5c2a90d1";
  const port = await serve(t, (req, _body, res) => {
    if (req.url === "/netlox/v1/auth/login") {
      reply(res, 200, "application/json", JSON.stringify({ token: issued }));
      return;
    }
    const echo = `echo ${password} ${urlPassword} ${issued} ${keyLine}`;
    reply(res, 500, "application/json", JSON.stringify({ code: 500, message: echo, result: echo }));
  });
  const lines: string[] = [];
  const client = clientFor(t, {
    apiEndpoints: [`http://admin:${urlPassword}@127.0.0.1:${port}`],
    authType: "password",
    username: "admin",
    password,
    tlsClientCert: pair.cert,
    tlsClientKey: pair.key,
    debugApiCalls: true,
    logger: (l) => lines.push(l),
  });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: HttpError });
  const masked = "echo [REDACTED] [REDACTED] [REDACTED] [REDACTED]";
  t.is(e?.message, `GET http://127.0.0.1:${port}/netlox/v1/config/loadbalancer/all -> 500 ${masked}`);
  t.is(e?.result, masked);
  t.is(e?.loxilbMessage, masked);
  t.is(lines.length, 2);
  for (const secret of [password, urlPassword, issued, keyLine]) {
    t.false(shown(e).includes(secret), secret);
    t.false(lines.join("\n").includes(secret), secret);
  }
});

test("TLS key material read from a file is masked in errors and logs", async (t) => {
  const ca = makeCa();
  const pair = makeCert(ca, { cn: "client", client: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loxilb-hardening-"));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, "client.pem"), pair.cert);
  fs.writeFileSync(path.join(dir, "client-key.pem"), pair.key);
  const keyLine = pair.key.split(/\r?\n/)[2] ?? "";
  const port = await serve(t, (_req, _body, res) => reply(res, 502, "text/plain", `bad key ${keyLine}`));
  const lines: string[] = [];
  const client = clientFor(t, {
    apiEndpoints: [`http://127.0.0.1:${port}`],
    tlsClientCertFile: path.join(dir, "client.pem"),
    tlsClientKeyFile: path.join(dir, "client-key.pem"),
    debugApiCalls: true,
    logger: (l) => lines.push(l),
  });
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: HttpError });
  t.is(e?.message, `GET http://127.0.0.1:${port}/netlox/v1/version -> 502 bad key [REDACTED]`);
  t.false(shown(e).includes(keyLine));
  t.is(lines.length, 1);
  t.false(lines[0]?.includes(keyLine));
});

test("a decode problem that quotes a secret shows it masked", async (t) => {
  const port = await serve(t, (_req, _body, res) =>
    reply(res, 200, "application/json", JSON.stringify({ version: [TOKEN] })),
  );
  const client = clientFor(t, {
    apiEndpoints: [`http://127.0.0.1:${port}`],
    authType: "token",
    apiToken: TOKEN,
  });
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: DecodeError });
  t.deepEqual(e?.problems, ['version: expected string, got ["[REDACTED]"]']);
  t.false(shown(e).includes(TOKEN));
});

test("a Node error message that quotes a secret shows it masked", async (t) => {
  const fetch: FetchLike = async (url) => {
    const err = new Error(`proxy refused http://admin:Url-Passw0rd-99@${new URL(url).host} with ${TOKEN}`);
    (err as NodeJS.ErrnoException).code = "ECONNRESET";
    throw err;
  };
  const client = clientFor(t, {
    apiEndpoints: ["http://admin:Url-Passw0rd-99@127.0.0.1:1"],
    authType: "token",
    apiToken: TOKEN,
    fetch,
  });
  const e = await t.throwsAsync(client.listLoadBalancers(), { instanceOf: AllEndpointsDownError });
  const cause = e?.failures[0]?.error as NetworkError;
  t.is(
    cause.message,
    "GET http://127.0.0.1:1/netlox/v1/config/loadbalancer/all -> network error: " +
      "proxy refused http://127.0.0.1:1 with [REDACTED] (ECONNRESET)",
  );
  t.false(shown(e).includes("Url-Passw0rd-99"));
  t.false(shown(e).includes(TOKEN));
});
