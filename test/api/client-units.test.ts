import test from "ava";
import { isLeft, isRight } from "fp-ts/Either";
import {
  candidates,
  downFailures,
  initialPool,
  isUp,
  markDown,
  markUp,
  DEFAULT_COOL_DOWN_MS,
} from "../../provider/api/endpoint-pool";
import {
  AllEndpointsDownError,
  HttpError,
  NetworkError,
  TimeoutError,
  ReplicationError,
  isNotFound,
} from "../../provider/api/errors";
import { combineApplied, combineDeleted, combineOutcomes } from "../../provider/api/replication";
import { canonicalIp, sameIp } from "../../provider/api/ip";
import { formatCallLog } from "../../provider/api/debug-log";
import { taskEitherApi } from "../../provider/api/task-either";
import { LoxiLBClient, CLIENT_METHODS } from "../../provider/api/client";
import type { FetchLike } from "../../provider/api/options";

const req = { method: "GET", url: "http://a/netlox/v1/version", endpoint: "a" };
const refused = new NetworkError(req, "connect ECONNREFUSED", "ECONNREFUSED");

test("the failover pool skips a down endpoint until its cool-down passes, then asks for a probe", (t) => {
  let pool = initialPool(["a", "b"], 30_000);
  t.deepEqual(candidates(pool, 0), [
    { endpoint: "a", probeFirst: false },
    { endpoint: "b", probeFirst: false },
  ]);
  pool = markDown(pool, "a", refused, 1000);
  t.false(isUp(pool, "a"));
  t.deepEqual(candidates(pool, 30_999), [{ endpoint: "b", probeFirst: false }]);
  t.deepEqual(candidates(pool, 31_000), [
    { endpoint: "a", probeFirst: true },
    { endpoint: "b", probeFirst: false },
  ]);
  pool = markDown(pool, "b", new TimeoutError(req, 5), 2000);
  t.deepEqual(candidates(pool, 2000), [
    { endpoint: "a", probeFirst: true },
    { endpoint: "b", probeFirst: true },
  ]);
  t.deepEqual(
    downFailures(pool).map((f) => [f.endpoint, f.error._tag]),
    [
      ["a", "Network"],
      ["b", "Timeout"],
    ],
  );
  pool = markUp(pool, "a");
  t.true(isUp(pool, "a"));
  t.deepEqual(
    downFailures(pool).map((f) => f.endpoint),
    ["b"],
  );
});

test("the failover pool steps are pure: the old state is untouched", (t) => {
  const before = initialPool(["a"]);
  const after = markDown(before, "a", refused, 5);
  t.is(before.coolDownMs, DEFAULT_COOL_DOWN_MS);
  t.deepEqual(before.endpoints, [{ endpoint: "a" }]);
  t.not(before, after);
  t.throws(() => markUp(before, "zzz"), { message: /unknown endpoint zzz/ });
});

test("replication succeeds only when every instance succeeded", (t) => {
  const ok = combineOutcomes(
    "createLoadBalancer",
    [
      { endpoint: "a", ok: true, value: "unchanged" as const },
      { endpoint: "b", ok: true, value: "applied" as const },
    ],
    combineApplied,
  );
  t.deepEqual(ok, { _tag: "Right", right: "applied" });
  t.deepEqual(combineDeleted(["absent", "absent"]), "absent");
  const failed = combineOutcomes(
    "deleteLoadBalancerRule",
    [
      { endpoint: "a", ok: false, error: refused },
      { endpoint: "b", ok: true, value: "deleted" as const },
    ],
    combineDeleted,
  );
  t.true(isLeft(failed));
  const e = isLeft(failed) ? failed.left : undefined;
  t.true(e instanceof ReplicationError);
  t.deepEqual(e?.succeeded, ["b"]);
  t.is(
    e?.message,
    `deleteLoadBalancerRule: replication failed on 1 of 2 LoxiLB instances: a (${refused.message}); succeeded on b`,
  );
});

test("IP literals compare canonically", (t) => {
  t.is(canonicalIp("2001:DB8:0:0::1"), "2001:db8::1");
  t.is(canonicalIp(" 192.0.2.1 "), "192.0.2.1");
  t.true(sameIp("2001:db8::0:1", "2001:DB8:0::1"));
  t.false(sameIp("192.0.2.1", "192.0.2.10"));
  t.is(canonicalIp("fe80::1%eth0"), "fe80::1%eth0");
});

test("a debug line carries method, URL, status and duration, and masks secrets", (t) => {
  const line = formatCallLog(
    {
      method: "POST",
      url: "http://h/netlox/v1/auth/login",
      status: 200,
      durationMs: 12.4,
      requestBody: '{"username":"u","password":"pw-9999"}',
      responseBody: '{"token":"tok-123456"}',
    },
    ["tok-123456"],
  );
  t.is(
    line,
    'loxilb-api POST http://h/netlox/v1/auth/login -> 200 12ms request={"username":"u","password":"[REDACTED]"} response={"token":"[REDACTED]"}',
  );
  t.is(
    formatCallLog(
      { method: "GET", url: "http://h/x", status: "ERR", durationMs: 3, responseBody: "boom tok-123456" },
      ["tok-123456"],
    ),
    "loxilb-api GET http://h/x -> ERR 3ms request=- response=boom [REDACTED]",
  );
});

test("taskEitherApi turns failures into Lefts and values into Rights", async (t) => {
  const target = {
    ok: async (n: number) => n * 2,
    notFound: async () => {
      throw new HttpError(req, { status: 404, result: "no-rule error" });
    },
  };
  const te = taskEitherApi(target, ["ok", "notFound"]);
  t.deepEqual(await te.ok(21)(), { _tag: "Right", right: 42 });
  const left = await te.notFound()();
  t.true(isLeft(left) && isNotFound(left.left));
});

test("client.te offers every client method as a TaskEither", async (t) => {
  const fetch: FetchLike = async () => ({
    status: 200,
    headers: { get: () => null },
    text: async () => '{"lbAttr":null}',
  });
  const client = new LoxiLBClient({ apiEndpoints: ["http://loxilb.test:11111"], fetch });
  t.teardown(() => client.close());
  t.deepEqual(Object.keys(client.te).sort(), [...CLIENT_METHODS].sort());
  const r = await client.te.listLoadBalancers()();
  t.true(isRight(r));
  t.deepEqual(isRight(r) ? r.right : undefined, []);
});

test("a transport that ignores the abort signal still times out", async (t) => {
  const fetch: FetchLike = () => new Promise(() => undefined);
  const client = new LoxiLBClient({
    apiEndpoints: ["http://loxilb.test:11111"],
    fetch,
    apiTimeout: 0.05,
    apiRetries: 0,
  });
  t.teardown(() => client.close());
  const e = await t.throwsAsync(client.getVersion(), { instanceOf: AllEndpointsDownError });
  t.true(e?.failures[0]?.error instanceof TimeoutError);
  t.is(
    e?.failures[0]?.error.message,
    "GET http://loxilb.test:11111/netlox/v1/version -> timeout after 50 ms",
  );
});
