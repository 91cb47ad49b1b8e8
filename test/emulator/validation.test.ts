/** Emulator fidelity: validation order and error bodies (docs/loxilb-facts.md §3, §5, §9). */
import test from "ava";
import { emulatorFor, ep, handlerErrorText, ruleBody } from "../helpers/emulator-http";

const MALFORMED = "Malformed arguments for API call";
const bad = (result: string) => handlerErrorText(400, MALFORMED, result);

test("§3: an unknown path is 404 {code, message} from the router, without a trailing newline", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("GET", "/x");
  t.is(r.status, 404);
  t.is(r.text, '{"code":404,"message":"path /netlox/v1/x was not found"}');
});

test("§3: a wrong method is 405 with an Allow header", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("PUT", "/config/loadbalancer/all");
  t.is(r.status, 405);
  t.is(r.text, '{"code":405,"message":"method PUT is not allowed, but [DELETE GET] are"}');
  t.is(r.headers.get("allow"), "DELETE, GET");
});

test("§3: invalid JSON is 400 parsing attr body failed", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer", "x");
  t.is(r.status, 400);
  t.deepEqual(r.json, {
    code: 400,
    message: `parsing attr body from "" failed, because invalid character 'x' looking for beginning of value`,
  });
});

test("§3: a wrong JSON type is 400 naming the Go struct field and type", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer", ruleBody({ port: "80" }));
  t.deepEqual(r.json, {
    code: 400,
    message:
      'parsing attr body from "" failed, because json: cannot unmarshal string into Go struct field LoadbalanceEntryServiceArguments.serviceArguments.port of type int64',
  });
});

test("§3: probeport 70000 overflows uint16; a fractional weight and port 80.0 are rejected (400)", async (t) => {
  const { call } = await emulatorFor(t);
  const p = await call("POST", "/config/loadbalancer", ruleBody({ probetype: "tcp", probeport: 70000 }));
  t.regex(
    String((p.json as { message: string }).message),
    /cannot unmarshal number 70000 into Go struct field .*probeport of type uint16$/,
  );
  const w = await call("POST", "/config/loadbalancer", ruleBody({}, [ep("10.0.0.1", 80, 1.5)]));
  t.is(w.status, 400);
  t.regex(
    String((w.json as { message: string }).message),
    /number 1\.5 into Go struct field LoadbalanceEntryEndpointsItems0\.endpoints\.weight of type int64$/,
  );
  const text = JSON.stringify(ruleBody()).replace('"port":80', '"port":80.0');
  const dotZero = await call("POST", "/config/loadbalancer", text);
  t.is(dotZero.status, 400);
  t.is(
    dotZero.text,
    JSON.stringify({
      code: 400,
      message:
        'parsing attr body from "" failed, because json: cannot unmarshal number 80.0 into Go struct field ' +
        "LoadbalanceEntryServiceArguments.serviceArguments.port of type int64",
    }),
  );
});

test("§3: an empty body is 422 code 602 attr in body is required", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer");
  t.is(r.status, 422);
  t.is(r.text, '{"code":602,"message":"attr in body is required"}');
});

test("§3: missing required fields are 422 code 602, with the doubled serviceArguments prefix", async (t) => {
  const { call } = await emulatorFor(t);
  const cases: Array<[unknown, string]> = [
    [{ serviceArguments: { externalIP: "1.2.3.4", port: 80 } }, "endpoints in body is required"],
    [
      { serviceArguments: { externalIP: "1.2.3.4", port: 80 }, endpoints: null },
      "endpoints in body is required",
    ],
    [{ endpoints: [] }, "serviceArguments in body is required"],
    [
      { serviceArguments: { port: 80 }, endpoints: [] },
      "serviceArguments.serviceArguments.externalIP in body is required",
    ],
    [
      { serviceArguments: { externalIP: "1.2.3.4" }, endpoints: [] },
      "serviceArguments.serviceArguments.port in body is required",
    ],
    [ruleBody({}, [{ endpointIP: "10.0.0.1", weight: 1 }]), "endpoints.0.targetPort in body is required"],
  ];
  for (const [body, message] of cases) {
    const r = await call("POST", "/config/loadbalancer", body);
    t.is(r.status, 422, message);
    t.deepEqual(r.json, { code: 602, message }, message);
  }
});

test("§3: enum violations are 422 code 606 (case-sensitive protocol, sel 7 from kube-loxilb's n3)", async (t) => {
  const { call } = await emulatorFor(t);
  const cases: Array<[Record<string, unknown>, string]> = [
    [
      { protocol: "TCP" },
      "serviceArguments.serviceArguments.protocol in body should be one of [tcp udp sctp icmp]",
    ],
    [{ sel: 7 }, "serviceArguments.serviceArguments.sel in body should be one of [0 1 2 3 4 5 6]"],
    [{ mode: 6 }, "serviceArguments.serviceArguments.mode in body should be one of [0 1 2 3 4 5]"],
    [
      { probetype: "icmp" },
      "serviceArguments.serviceArguments.probetype in body should be one of [tcp udp sctp http https ping none]",
    ],
  ];
  for (const [sa, message] of cases) {
    const r = await call("POST", "/config/loadbalancer", ruleBody(sa));
    t.is(r.status, 422, message);
    t.deepEqual(r.json, { code: 606, message });
  }
});

test("§9: each check gives loxilb's status and result text", async (t) => {
  const { call } = await emulatorFor(t);
  const cases: Array<[Record<string, unknown>, Array<Record<string, unknown>> | undefined, number, string]> =
    [
      [{ externalIP: "not-an-ip" }, undefined, 400, "malformed-service error"],
      [{ externalIP: "" }, undefined, 400, "malformed-service error"],
      [{ privateIP: "nope" }, undefined, 400, "malformed-service privateIP error"],
      [{ inactiveTimeOut: 86401 }, undefined, 400, "service-args error"],
      [{ probetype: "http", probeport: 80 }, undefined, 400, "malformed-service-ptype error"],
      [{ probetype: "tcp" }, undefined, 400, "malformed-service-pport error"],
      [{ probetype: "ping", probeport: 1 }, undefined, 400, "malformed-service-pport error"],
      [{}, [], 400, "endpoints-range error"],
      [{}, Array.from({ length: 33 }, (_, i) => ep(`10.0.0.${i + 1}`)), 400, "endpoints-range error"],
      [{ protocol: "icmp", port: 80 }, undefined, 400, "malformed-service error"],
      [{ protocol: "udp", proxyprotocolv2: true }, undefined, 500, "proxy-proto-v2 not tcp service error"],
      [{ protocol: "" }, undefined, 400, "malformed-proto error"],
      [{ sel: 6 }, undefined, 400, "non-udp-n3-args error"],
      [{ portMax: 79 }, undefined, 400, "serv-port-args range error"],
      [{ mode: 5 }, undefined, 400, "hostarm-args error"],
      [{}, [ep("10.0.0.300")], 400, "malformed-lbep error"],
      [{}, [ep("2001:db8::1")], 400, "malformed-service nat46 error"],
      // loxilib's IsNetIPv6 counts colons: an IPv4-mapped endpoint is IPv6 to this check
      [{}, [ep("::ffff:10.0.0.1")], 400, "malformed-service nat46 error"],
      [{ mode: 3, sel: 1 }, [ep("10.0.0.1", 8080)], 400, "malformed-service dsr-port error"],
    ];
  for (const [sa, eps, status, result] of cases) {
    const r = await call("POST", "/config/loadbalancer", ruleBody(sa, eps));
    t.is(r.status, status, result);
    const message = status === 500 ? result : MALFORMED;
    t.is(r.text, handlerErrorText(status, message, result), result);
  }
});

test("§9: the checks run in loxilb's order (first failing check wins)", async (t) => {
  const { call } = await emulatorFor(t);
  const first = async (sa: Record<string, unknown>, eps: Array<Record<string, unknown>>) =>
    ((await call("POST", "/config/loadbalancer", ruleBody(sa, eps))).json as { result: string }).result;
  t.is(await first({ externalIP: "x", inactiveTimeOut: 90000 }, []), "malformed-service error");
  t.is(await first({ inactiveTimeOut: 90000, probetype: "http" }, []), "service-args error");
  t.is(await first({ probetype: "http" }, []), "malformed-service-ptype error");
  t.is(await first({ protocol: "icmp", port: 1, proxyprotocolv2: true }, []), "endpoints-range error");
  t.is(await first({ protocol: "", sel: 6 }, [ep("x")]), "malformed-proto error");
  t.is(await first({ portMax: 1 }, [ep("x")]), "serv-port-args range error");
});

test("§6: DSR without sel=1 answers HTTP 200 with an error result, before any other check", async (t) => {
  const { call, emu } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer", ruleBody({ mode: 3, externalIP: "bad" }, []));
  t.is(r.status, 200);
  t.is(r.text, '{"result":"Error: Only Hash Selection criteria allowed for DSR mode"}\n');
  t.deepEqual(emu.rules(), []);
});

test("§5: allowedSources must be CIDRs, and only rules numbered up to 28 may have them", async (t) => {
  const { call } = await emulatorFor(t);
  const src = { allowedSources: [{ prefix: "10.0.0.0/8" }] };
  t.is(
    (
      await call(
        "POST",
        "/config/loadbalancer",
        ruleBody({}, undefined, { allowedSources: [{ prefix: "nope" }] }),
      )
    ).text,
    bad("rule-allowed-src error"),
  );
  for (let port = 1; port <= 29; port += 1) {
    t.is((await call("POST", "/config/loadbalancer", ruleBody({ port }, undefined, src))).status, 200);
  }
  t.is(
    (await call("POST", "/config/loadbalancer", ruleBody({ port: 30 }, undefined, src))).text,
    bad("rule-allowed-src error"),
  );
});

test("§5: at most 3 sctp secondary IPs, and no IPv6 secondary with an IPv4 VIP", async (t) => {
  const { call } = await emulatorFor(t);
  const sec = (...ips: string[]) => ({ secondaryIPs: ips.map((secondaryIP) => ({ secondaryIP })) });
  const four = await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({ protocol: "sctp" }, undefined, sec("1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4")),
  );
  t.is(four.status, 400);
  const v6 = await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({ protocol: "sctp" }, undefined, sec("2001:db8::1")),
  );
  t.is(v6.status, 400);
  const mapped = await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({ protocol: "sctp" }, undefined, sec("::ffff:1.1.1.1")),
  );
  t.is(
    (mapped.json as { result: string }).result,
    "malformed-secIP nat46 error",
    "IPv6 by loxilib's colon count",
  );
  const tcp = await call(
    "POST",
    "/config/loadbalancer",
    ruleBody({}, undefined, sec("1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4")),
  );
  t.is(tcp.status, 200, "dropped for tcp, so never checked");
});

test("§3: a body that is not application/json is 415, as loxilb-peer answers (no Content-Type = application/octet-stream)", async (t) => {
  const { call, emu } = await emulatorFor(t);
  const text = await call("POST", "/config/loadbalancer", ruleBody(), { "Content-Type": "text/plain" });
  t.is(text.status, 415);
  t.is(
    text.text,
    '{"code":415,"message":"unsupported media type \\"text/plain\\", only [application/json] are allowed"}',
  );
  const none = await call("POST", "/config/loadbalancer", ruleBody(), { "Content-Type": "" });
  t.is(none.status, 415);
  t.regex(none.text, /\\"application\/octet-stream\\"/);
  t.deepEqual(emu.rules(), [], "nothing was created");
  const charset = await call("POST", "/config/loadbalancer", ruleBody(), {
    "Content-Type": "Application/JSON; charset=utf-8",
  });
  t.is(charset.status, 200, "parameters and letter case do not matter");
});

test("§3: an empty body skips the media-type check and is 422 attr in body is required", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer", "", { "Content-Type": "text/plain" });
  t.is(r.status, 422);
  t.is(r.text, '{"code":602,"message":"attr in body is required"}');
});

test("§3: a GET whose Accept admits no JSON is 406; with a JSON body Accept does not matter", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("GET", "/config/loadbalancer/all", undefined, { Accept: "text/plain" });
  t.is(r.status, 406);
  t.is(
    r.text,
    '{"code":406,"message":"unsupported media type requested, only [application/json] are available"}',
  );
  t.is((await call("GET", "/config/loadbalancer/all", undefined, { Accept: "application/*" })).status, 200);
  t.is((await call("POST", "/config/loadbalancer", ruleBody(), { Accept: "text/html" })).status, 200);
});

test("§3: a truncated body is 400 unexpected EOF, and text after the JSON value is ignored (Go's json.Decoder)", async (t) => {
  const { call, emu } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer", '{"serviceArguments": {');
  t.is(r.status, 400);
  t.is(r.text, '{"code":400,"message":"parsing attr body from \\"\\" failed, because unexpected EOF"}');
  const trailing = await call("POST", "/config/loadbalancer", `${JSON.stringify(ruleBody())} trailing{`);
  t.is(trailing.status, 200);
  t.is(emu.rules().length, 1);
});

test("§3: with a JSON body and an Accept that admits no JSON, the handler's answer has an empty Content-Type", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer", ruleBody(), { Accept: "text/html" });
  t.is(r.status, 200);
  t.is(r.headers.get("content-type"), "");
  const bad = await call("POST", "/config/loadbalancer", "{", { Accept: "text/html" });
  t.is(bad.headers.get("content-type"), "application/json", "go-openapi's own errors keep application/json");
});

test("§3: a Content-Type Go cannot parse is 400 with mime's reason, as loxilb-peer answers", async (t) => {
  const { call } = await emulatorFor(t);
  const r = await call("POST", "/config/loadbalancer", ruleBody(), { "Content-Type": "application/json;;" });
  t.is(r.status, 400);
  t.is(
    r.text,
    '{"code":400,"message":"parsing Content-Type header from \\"application/json;;\\" failed, because mime: invalid media parameter"}',
  );
  const trailing = await call("POST", "/config/loadbalancer", ruleBody(), {
    "Content-Type": "application/json;",
  });
  t.is(trailing.status, 200, "one trailing semicolon is allowed");
});
