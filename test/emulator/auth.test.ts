/** Emulator fidelity: authentication and TLS (docs/loxilb-facts.md §2). */
import test from "ava";
import * as https from "https";
import { emulatorFor, rawRequest, ruleBody } from "../helpers/emulator-http";
import { makeCa, makeCert, type PemPair, type TestCa } from "../helpers/certs";

test("§2: without auth options every route is open", async (t) => {
  const { call } = await emulatorFor(t);
  t.is((await call("GET", "/config/loadbalancer/all")).status, 200);
});

test("§2: manual token: the raw Authorization header must equal the token (no Bearer)", async (t) => {
  const { call } = await emulatorFor(t, { token: "s3cr3t" });
  t.is((await call("GET", "/config/loadbalancer/all", undefined, { Authorization: "s3cr3t" })).status, 200);
  const bearer = await call("GET", "/config/loadbalancer/all", undefined, { Authorization: "Bearer s3cr3t" });
  t.is(bearer.status, 500);
  t.is(bearer.text, '{"code":500,"message":"invalid token"}');
});

test("§2: a missing header with auth on is 401 unauthenticated for invalid credentials", async (t) => {
  const { call } = await emulatorFor(t, { token: "s3cr3t" });
  const r = await call("POST", "/config/loadbalancer", ruleBody());
  t.is(r.status, 401);
  t.is(r.text, '{"code":401,"message":"unauthenticated for invalid credentials"}');
});

test("§2: /version needs no credentials, /metrics and /status do", async (t) => {
  const { call } = await emulatorFor(t, { token: "s3cr3t", version: "v9" });
  t.deepEqual((await call("GET", "/version")).json, {
    version: "v9",
    buildInfo: "loxilb-emulator (pulumi-loxilb)",
  });
  t.is((await call("GET", "/metrics")).status, 401);
  t.is((await call("GET", "/status/device")).status, 401);
});

test("§2: the router answers before auth (unknown path is 404 even without a token)", async (t) => {
  const { call } = await emulatorFor(t, { token: "s3cr3t" });
  t.is((await call("GET", "/nope")).status, 404);
});

test("§2: user service: /auth/login issues a token that Authorization accepts", async (t) => {
  const { call } = await emulatorFor(t, { users: { admin: "pw" } });
  const login = await call("POST", "/auth/login", { username: "admin", password: "pw" });
  t.is(login.status, 200);
  const token = (login.json as { token: string }).token;
  t.true(token.length >= 16);
  t.is((await call("GET", "/config/loadbalancer/all", undefined, { Authorization: token })).status, 200);
  const unknown = await call("GET", "/config/loadbalancer/all", undefined, { Authorization: "forged" });
  t.is(unknown.text, '{"code":500,"message":"Token not found"}');
});

test("§2: wrong credentials at /auth/login are 401", async (t) => {
  const { call } = await emulatorFor(t, { users: { admin: "pw" } });
  const r = await call("POST", "/auth/login", { username: "admin", password: "nope" });
  t.is(r.status, 401);
  t.deepEqual(r.json, {
    code: 401,
    fields: null,
    message: "Invalid authentication credentials",
    result: "invalid credentials",
  });
});

test("§2: /auth/login is not served without users (404)", async (t) => {
  const { call } = await emulatorFor(t, { token: "x" });
  t.is((await call("POST", "/auth/login", { username: "a", password: "b" })).status, 404);
});

test("§2: expireTokens (handle and POST /__emulator/tokens/expire) turns issued tokens into 401", async (t) => {
  const { call, emu } = await emulatorFor(t, { users: { admin: "pw" } });
  const token = async () =>
    ((await call("POST", "/auth/login", { username: "admin", password: "pw" })).json as { token: string })
      .token;
  const first = await token();
  emu.expireTokens();
  const r = await call("GET", "/config/loadbalancer/all", undefined, { Authorization: first });
  t.is(r.status, 401);
  t.is(r.text, '{"code":401,"message":"token is expired"}');
  const second = await token();
  t.is((await rawRequest(`${emu.url}/__emulator/tokens/expire`, "POST")).status, 200);
  t.is((await call("GET", "/config/loadbalancer/all", undefined, { Authorization: second })).status, 401);
});

function tlsGet(url: string, ca: string, client?: PemPair): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      { ca, ...(client !== undefined ? { cert: client.cert, key: client.key } : {}) },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
  });
}

let pki: { ca: TestCa; server: PemPair; client: PemPair } | undefined;
function certs(): { ca: TestCa; server: PemPair; client: PemPair } {
  if (pki !== undefined) return pki;
  const ca = makeCa();
  pki = {
    ca,
    server: makeCert(ca, { cn: "loxilb", altIps: ["127.0.0.1"], altNames: ["localhost"] }),
    client: makeCert(ca, { cn: "pulumi", client: true }),
  };
  return pki;
}

test("§2: TLS serves HTTPS (verified against the test CA) while HTTP stays up", async (t) => {
  const { ca, server } = certs();
  const { emu } = await emulatorFor(t, { tls: { cert: server.cert, key: server.key } });
  t.regex(emu.tlsUrl ?? "", /^https:\/\/127\.0\.0\.1:\d+$/);
  t.is(await tlsGet(`${emu.tlsUrl ?? ""}/netlox/v1/version`, ca.cert), 200);
  t.is((await rawRequest(`${emu.url}/netlox/v1/version`, "GET")).status, 200);
});

test("§2: TLS refuses TLS 1.1 clients", async (t) => {
  const { ca, server } = certs();
  const { emu } = await emulatorFor(t, { tls: { cert: server.cert, key: server.key } });
  const err = await t.throwsAsync(
    new Promise((resolve, reject) => {
      const req = https.get(
        `${emu.tlsUrl ?? ""}/netlox/v1/version`,
        { ca: ca.cert, maxVersion: "TLSv1.1", minVersion: "TLSv1" },
        resolve,
      );
      req.on("error", reject);
    }),
  );
  t.truthy(err);
});

test("§2: with a CA (mTLS) a client certificate is required and verified", async (t) => {
  const { ca, server, client } = certs();
  const { emu } = await emulatorFor(t, { tls: { cert: server.cert, key: server.key, ca: ca.cert } });
  const url = `${emu.tlsUrl ?? ""}/netlox/v1/version`;
  t.is(await tlsGet(url, ca.cert, client), 200);
  await t.throwsAsync(tlsGet(url, ca.cert));
  const stranger = makeCert(makeCa("other CA"), { cn: "x", client: true });
  await t.throwsAsync(tlsGet(url, ca.cert, stranger));
});
