import test from "ava";
import {
  backoffDelay,
  parseRetryAfter,
  retryDelay,
  retryPolicyFrom,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
} from "../../provider/api/retry-policy";
import {
  DecodeError,
  HttpError,
  NetworkError,
  TimeoutError,
  ConfigError,
  isConflict,
  isNotFound,
  isRetryable,
  isRuleExists,
} from "../../provider/api/errors";
import { classifyLoxilbError } from "../../provider/api/error-classes";
import { loadBalancerRuleUrl } from "../../provider/api/loadbalancer-api";
import { parsePrometheusText } from "../../provider/api/prometheus-text";
import { redactBody, safeUrl } from "../../provider/api/redact";
import { toTaskEither } from "../../provider/api/task-either";
import { isLeft } from "fp-ts/Either";

const req = { method: "POST", url: "http://h/netlox/v1/config/loadbalancer", endpoint: "http://h" };
const http = (status: number, extra: Partial<ConstructorParameters<typeof HttpError>[1]> = {}) =>
  new HttpError(req, { status, ...extra });

test("backoff doubles from apiRetryInterval, with jitter between 50% and 100%", (t) => {
  const p = retryPolicyFrom({ apiRetryInterval: 1 });
  t.deepEqual(
    [0, 1, 2, 3].map((n) => backoffDelay(p, n, () => 1)),
    [1000, 2000, 4000, 8000],
  );
  t.deepEqual(
    [0, 1, 2].map((n) => backoffDelay(p, n, () => 0)),
    [500, 1000, 2000],
  );
  t.is(
    backoffDelay(p, 1, () => 0.5),
    1500,
  );
});

test("backoff is capped at 30 s before jitter", (t) => {
  const p = retryPolicyFrom({ apiRetryInterval: 10 });
  t.is(
    backoffDelay(p, 5, () => 1),
    MAX_BACKOFF_MS,
  );
  t.is(
    backoffDelay(p, 20, () => 0),
    MAX_BACKOFF_MS / 2,
  );
});

test("only network errors, timeouts and 408/429/500/502/503/504 are retryable", (t) => {
  t.true(isRetryable(new NetworkError(req, "ECONNRESET", "ECONNRESET")));
  t.true(isRetryable(new TimeoutError(req, 100)));
  for (const s of [408, 429, 500, 502, 503, 504]) t.true(isRetryable(http(s)), String(s));
  for (const s of [400, 401, 403, 404, 405, 409, 422]) t.false(isRetryable(http(s)), String(s));
  t.false(isRetryable(new DecodeError(req, 200, ["invalid JSON"])));
  t.false(
    isRetryable(new NetworkError(req, "self-signed", "DEPTH_ZERO_SELF_SIGNED_CERT")),
    "bad certificate",
  );
  t.false(isRetryable(new ConfigError("apiTimeout", "expected a number > 0")));
  t.false(isRetryable(new Error("plain")));
});

test("legacy 200 errors are never retried even when their inferred status is 5xx", (t) => {
  t.false(isRetryable(http(500, { legacy: true, result: "Error: dsr needs hash" })));
});

test("retryDelay stops after the configured retries and for non-retryable errors", (t) => {
  const p = retryPolicyFrom({ apiRetries: 2, apiRetryInterval: 0.1 });
  const e = http(503);
  t.is(
    retryDelay(p, 0, e, () => 1),
    100,
  );
  t.is(
    retryDelay(p, 1, e, () => 1),
    200,
  );
  t.is(
    retryDelay(p, 2, e, () => 1),
    undefined,
  );
  t.is(
    retryDelay(p, 0, http(409), () => 1),
    undefined,
  );
});

test("Retry-After wins over backoff and is capped", (t) => {
  const p = retryPolicyFrom({});
  t.is(
    retryDelay(p, 0, http(429, { retryAfterMs: 7000 }), () => 1),
    7000,
  );
  t.is(
    retryDelay(p, 0, http(503, { retryAfterMs: 3_600_000 }), () => 1),
    MAX_RETRY_AFTER_MS,
  );
});

test("Retry-After parses delta seconds and HTTP dates", (t) => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  t.is(parseRetryAfter("2", now), 2000);
  t.is(parseRetryAfter("0.5", now), 500);
  t.is(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now), 5000);
  t.is(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now), 0);
  t.is(parseRetryAfter("soon", now), undefined);
  t.is(parseRetryAfter(null, now), undefined);
});

test("legacy error texts map to statuses with loxilb's substring table", (t) => {
  t.is(classifyLoxilbError("lbrule-exists error").status, 409);
  t.is(classifyLoxilbError("no-rule error").status, 404);
  t.is(classifyLoxilbError("service-args error").status, 400);
  t.is(classifyLoxilbError("rule-hwm error").status, 403);
  t.is(classifyLoxilbError("Error: dsr needs hash").status, 500);
  t.is(classifyLoxilbError("LB rule-referred").status, 409);
  t.is(classifyLoxilbError("host-notfound error").status, 404);
});

test("predicates read status and loxilb result", (t) => {
  const exists = http(409, { result: "lbrule-exists error" });
  t.true(isConflict(exists));
  t.true(isRuleExists(exists));
  t.false(isRuleExists(http(409, { result: "cant modify" })));
  t.false(isRuleExists(http(409, { result: "lbrule-exist error: cant modify rule security mode" })));
  t.false(isRuleExists(http(409, { result: "cant modify fullproxy rule mode" })));
  t.false(isRuleExists(http(404, { result: "lbrule-exists error" })), "only as a 409");
  t.true(isNotFound(http(404)));
  t.false(isNotFound(new NetworkError(req, "x")));
});

test("HTTP error messages follow '<METHOD> <url> -> <status> <result>'", (t) => {
  t.is(
    http(409, { result: "lbrule-exists error", loxilbMessage: "Resource conflict" }).message,
    "POST http://h/netlox/v1/config/loadbalancer -> 409 lbrule-exists error",
  );
});

test("DELETE URLs pick the portmax and hosturl variants and carry bgp and block", (t) => {
  t.is(
    loadBalancerRuleUrl("10.0.0.1", 80, "tcp"),
    "/config/loadbalancer/externalipaddress/10.0.0.1/port/80/protocol/tcp?bgp=false&block=0",
  );
  t.is(
    loadBalancerRuleUrl("10.0.0.1", 80, "udp", { portMax: 90, block: 2, bgp: true }),
    "/config/loadbalancer/externalipaddress/10.0.0.1/port/80/portmax/90/protocol/udp?bgp=true&block=2",
  );
  t.is(
    loadBalancerRuleUrl("10.0.0.1", 80, "tcp", { portMax: 80, host: "web.example.com" }),
    "/config/loadbalancer/hosturl/web.example.com/externalipaddress/10.0.0.1/port/80/protocol/tcp?bgp=false&block=0",
  );
  t.is(
    loadBalancerRuleUrl("2001:db8::1", 443, "tcp"),
    "/config/loadbalancer/externalipaddress/2001:db8::1/port/443/protocol/tcp?bgp=false&block=0",
  );
});

test("Prometheus text parses labels, escapes and special values, and reports bad lines", (t) => {
  const text = [
    "# HELP lb_rule_count rules",
    "# TYPE lb_rule_count gauge",
    "lb_rule_count 2",
    'loxilb_service_requests_total{service="a\\"b",dip="10.0.0.1"} 5 1700000000000',
    "up +Inf",
    "",
  ].join("\n");
  t.deepEqual(parsePrometheusText(text), [
    { name: "lb_rule_count", labels: {}, value: 2 },
    { name: "loxilb_service_requests_total", labels: { service: 'a"b', dip: "10.0.0.1" }, value: 5 },
    { name: "up", labels: {}, value: Infinity },
  ]);
  t.deepEqual(parsePrometheusText("<html>oops</html>"), {
    problems: ["line 1: not a Prometheus sample: <html>oops</html>"],
  });
});

test("redaction hides secret keys, known secrets and URL credentials", (t) => {
  const body = JSON.stringify({ username: "admin", password: "pw-123", nested: { token: "abc" } });
  t.is(redactBody(body, []), '{"username":"admin","password":"[REDACTED]","nested":{"token":"[REDACTED]"}}');
  t.is(redactBody("token=abcdef and more", []), "token=[REDACTED] and more");
  t.is(redactBody('{"note":"my s3cr3t"}', ["s3cr3t"]), '{"note":"my [REDACTED]"}');
  t.false(safeUrl("http://u:p@h:1/x?token=zzz").includes("zzz"));
  t.false(safeUrl("http://u:p@h:1/x").includes("u:p"));
});

test("toTaskEither turns a LoxiLB failure into a Left and a value into a Right", async (t) => {
  const left = await toTaskEither(() => Promise.reject(http(404)))();
  t.true(isLeft(left) && isNotFound(left.left));
  const right = await toTaskEither(() => Promise.resolve(42))();
  t.deepEqual(right, { _tag: "Right", right: 42 });
  await t.throwsAsync(toTaskEither(() => Promise.reject(new TypeError("bug")))(), { instanceOf: TypeError });
});
