import test from "ava";
import { startEmulator } from "../../provider/emulator";
import { LoxiLBClient } from "../../provider/api/client";
import type { LoadbalanceEntry } from "../../provider/api/model";
import { nodeHttpFetch } from "../../provider/api/http-fetch";
import type { FetchLike } from "../../provider/api/options";

const rule: LoadbalanceEntry = {
  serviceArguments: { externalIP: "192.0.2.60", port: 80, protocol: "tcp", name: "logged" },
  endpoints: [{ endpointIP: "10.0.0.1", targetPort: 80, weight: 1 }],
};

test("debugApiCalls logs method, URL, status, duration and bodies, with every secret redacted", async (t) => {
  const password = "Pa55-word-never-logged";
  const emulator = await startEmulator({ users: { admin: password } });
  const lines: string[] = [];
  const issued: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    const res = await nodeHttpFetch(url, init);
    const text = await res.text();
    if (url.endsWith("/auth/login")) issued.push((JSON.parse(text) as { token: string }).token);
    return { ...res, status: res.status, headers: res.headers, text: async () => text };
  };
  const client = new LoxiLBClient({
    apiEndpoints: [emulator.url],
    fetch,
    authType: "password",
    username: "admin",
    password,
    debugApiCalls: true,
    logger: (l) => lines.push(l),
  });
  t.teardown(async () => {
    client.close();
    await emulator.close();
  });
  await client.createLoadBalancer(rule);
  await client.listLoadBalancers();
  await client.deleteLoadBalancerRule("192.0.2.60", 80, "tcp");

  t.is(lines.length, 4);
  const [login, post, list, del] = lines;
  t.regex(login ?? "", /^loxilb-api POST http:\/\/127\.0\.0\.1:\d+\/netlox\/v1\/auth\/login -> 200 \d+ms /);
  t.regex(login ?? "", /request=\{"username":"admin","password":"\[REDACTED\]"\}/);
  t.regex(login ?? "", /response=\{"token":"\[REDACTED\]"\}/);
  t.regex(
    post ?? "",
    /^loxilb-api POST .*\/config\/loadbalancer -> 200 \d+ms request=\{"serviceArguments":\{"externalIP":"192\.0\.2\.60"/,
  );
  t.regex(post ?? "", /response=\{"result":"Success"\}$/);
  t.regex(list ?? "", /GET .*\/config\/loadbalancer\/all -> 200 .*"name":"logged"/);
  t.regex(
    del ?? "",
    /DELETE .*\/externalipaddress\/192\.0\.2\.60\/port\/80\/protocol\/tcp\?bgp=false&block=0 -> 200/,
  );

  // Neither the password nor the token the emulator issued appears anywhere.
  t.is(issued.length, 1);
  t.true((issued[0] ?? "").length >= 8);
  for (const l of lines) {
    t.false(l.includes(password));
    t.false(l.includes(issued[0] ?? "-"));
    t.false(/Authorization/i.test(l));
  }
});

test("token auth: the configured token never appears in debug lines, even in error answers", async (t) => {
  const token = "tok-ABCDEF-123456";
  const emulator = await startEmulator({ token: "a-different-token" });
  const lines: string[] = [];
  const client = new LoxiLBClient({
    apiEndpoints: [emulator.url],
    authType: "token",
    apiToken: token,
    debugApiCalls: true,
    logger: (l) => lines.push(l),
  });
  t.teardown(async () => {
    client.close();
    await emulator.close();
  });
  await t.throwsAsync(client.listLoadBalancers());
  t.is(lines.length, 1);
  t.regex(lines[0] ?? "", / -> 500 \d+ms .*invalid token/);
  t.false(lines.some((l) => l.includes(token)));
});

test("without debugApiCalls nothing is logged", async (t) => {
  const emulator = await startEmulator({});
  const lines: string[] = [];
  const client = new LoxiLBClient({ apiEndpoints: [emulator.url], logger: (l) => lines.push(l) });
  t.teardown(async () => {
    client.close();
    await emulator.close();
  });
  await client.listLoadBalancers();
  t.deepEqual(lines, []);
});
