/** Pure emulator modules: IP helpers, Go-style JSON decoding, the error map and endpoint consolidation. */
import test from "ava";
import { mapHandlerError } from "../../provider/emulator/error-map";
import { goCidrNetwork, goIpString, ipToNl, parseIp } from "../../provider/api/ip";
import { decodeGo, parseJsonText } from "../../provider/emulator/go-json";
import { parseMediaType } from "../../provider/emulator/go-mime";
import { goFloat } from "../../provider/emulator/metrics-prometheus";
import {
  consolidateEndpoints,
  sourcesQuirkChanged,
  type StoredEndpoint,
} from "../../provider/emulator/reconcile";

const stored = (ip: string, tomb = false, weight = 1): StoredEndpoint => ({
  ip,
  targetPort: 80,
  weight,
  tomb,
  packets: 0,
  bytes: 0,
});
const req = (ip: string, weight = 1) => ({ ip, targetPort: 80, weight, order: 0 });

test("§7: IPtonl reads the last four bytes in reversed order", (t) => {
  const p = parseIp("1.2.3.4");
  t.is(p === undefined ? -1 : ipToNl(p), 0x04030201);
  const v6 = parseIp("2001:db8::a:b0c:d0e");
  t.is(v6 === undefined ? -1 : ipToNl(v6), 0x0e0d0c0b);
});

test("IPs are canonicalized like Go's IP.String (v4-mapped v6 prints as v4)", (t) => {
  t.is(goIpString("::ffff:10.0.0.1"), "10.0.0.1");
  t.is(goIpString("2001:0DB8:0000::0001"), "2001:db8::1");
  t.is(goIpString("01.2.3.4"), undefined);
  t.is(goIpString("fe80::1%eth0"), undefined);
});

test("§5: CIDRs normalize to the masked network; invalid ones are undefined", (t) => {
  t.is(goCidrNetwork("10.0.0.1/8"), "10.0.0.0/8");
  t.is(goCidrNetwork("192.168.1.77/26"), "192.168.1.64/26");
  t.is(goCidrNetwork("2001:db8::ffff/32"), "2001:db8::/32");
  t.is(goCidrNetwork("10.0.0.1"), undefined);
  t.is(goCidrNetwork("10.0.0.1/33"), undefined);
});

test("§3: Go JSON decoding matches keys case-insensitively, prefers exact keys and ignores unknown ones", (t) => {
  const type = {
    kind: "struct",
    name: "models.X",
    fields: { bgp: { kind: "bool" }, name: { kind: "string" } },
  } as const;
  t.deepEqual(decodeGo({ BGP: true, Name: "a", other: 1 }, type).value, { bgp: true, name: "a" });
  t.deepEqual(decodeGo({ name: null }, type).value, {});
});

test("§3: Go JSON decoding reports the first type error in Go's words", (t) => {
  const type = {
    kind: "struct",
    name: "models.X",
    fields: { a: { kind: "int", name: "uint8" }, b: { kind: "string" } },
  } as const;
  t.is(
    decodeGo({ a: 256, b: 1 }, type).error,
    "json: cannot unmarshal number 256 into Go struct field X.a of type uint8",
  );
  t.is(decodeGo([], type).error, "json: cannot unmarshal array into Go value of type models.X");
  t.deepEqual(parseJsonText("{"), { ok: false, error: "unexpected EOF" });
  t.deepEqual(parseJsonText('{"a":"x'), { ok: false, error: "unexpected EOF" });
  t.deepEqual(parseJsonText("{x"), {
    ok: false,
    error: "invalid character 'x' looking for beginning of object key string",
  });
});

test("§3: like Go's json.Decoder, one value is read and text after it is ignored", (t) => {
  t.deepEqual(parseJsonText('{"a":1}}'), { ok: true, value: { a: 1 } });
  t.deepEqual(parseJsonText('{"a":1} trailing{'), { ok: true, value: { a: 1 } });
  t.deepEqual(parseJsonText("1x"), { ok: true, value: 1 });
});

test("§3: Go JSON keeps 80.0 and 1e2 apart from integers, so integer fields refuse them", (t) => {
  const type = {
    kind: "struct",
    name: "models.X",
    fields: { a: { kind: "int", name: "int64" }, s: { kind: "string" } },
  } as const;
  const decode = (text: string) => {
    const parsed = parseJsonText(text);
    return parsed.ok ? decodeGo(parsed.value, type) : parsed;
  };
  t.is(
    decode('{"a":80.0}').error,
    "json: cannot unmarshal number 80.0 into Go struct field X.a of type int64",
  );
  t.is(decode('{"a":1e2}').error, "json: cannot unmarshal number 1e2 into Go struct field X.a of type int64");
  t.is(decode('{"s":-2.5E3}').error, "json: cannot unmarshal number into Go struct field X.s of type string");
  t.deepEqual(decode('{"a":80,"s":"1.5e3 \\" 2.0","other":1.5}'), { value: { a: 80, s: '1.5e3 " 2.0' } });
});

test("§14: sample values are written like Go's %g (1e+06, 1.234567e+06, 123456, 0.5)", (t) => {
  const cases: Array<[number, string]> = [
    [0, "0"],
    [1, "1"],
    [123456, "123456"],
    [1_000_000, "1e+06"],
    [1_234_567, "1.234567e+06"],
    [0.5, "0.5"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1e21, "1e+21"],
    [Infinity, "+Inf"],
  ];
  t.deepEqual(
    cases.map(([v]) => goFloat(v)),
    cases.map(([, s]) => s),
  );
});

test("§3: the error map tries groups in order (404 before 401 before 409 before 400 …), else 500 raw", (t) => {
  const table: Array<[string, number, string]> = [
    ["no-rule error", 404, "Resource not found"],
    ["user not found", 404, "Resource not found"],
    ["token is expired", 401, "Invalid authentication credentials"],
    ["lbrule-exists error", 409, "Resource conflict: Resource already exists OR dependency not found"],
    ["LB Rule-referred", 409, "Resource conflict: Resource already exists OR dependency not found"],
    ["serv-port-args range error", 400, "Malformed arguments for API call"],
    ["Invalid cluster-state", 400, "Malformed arguments for API call"],
    ["rule-hwm error", 403, "Capacity insufficient"],
    ["probe timeout", 503, "Maintenance mode"],
    ["secIP modify error", 500, "secIP modify error"],
  ];
  for (const [text, code, message] of table) {
    t.deepEqual(mapHandlerError(text), { code, fields: null, message, result: text }, text);
  }
});

test("§11: consolidation does not mutate the stored endpoints", (t) => {
  const old = [stored("a"), stored("b", true)];
  const snapshot = JSON.stringify(old);
  const r = consolidateEndpoints(old, [req("b", 3)], "add");
  t.true(r.changed);
  t.deepEqual(
    r.endpoints.map((e) => [e.ip, e.tomb, e.weight]),
    [
      ["a", true, 1],
      ["b", false, 3],
    ],
  );
  t.deepEqual(
    r.removed.map((e) => e.ip),
    ["a"],
  );
  t.is(JSON.stringify(old), snapshot);
});

test("§10: the allowedSources quirk is a change only when no stored prefix differs", (t) => {
  t.true(sourcesQuirkChanged(["10.0.0.0/8"], ["10.0.0.0/8"]));
  t.false(sourcesQuirkChanged(["10.0.0.0/8"], ["11.0.0.0/8"]));
  t.false(sourcesQuirkChanged(["10.0.0.0/8", "11.0.0.0/8"], ["10.0.0.0/8", "11.0.0.0/8"]));
});

test("Go's mime.ParseMediaType: the lower-cased type, trailing semicolon allowed, Go's errors", (t) => {
  const table: Array<[string, ReturnType<typeof parseMediaType>]> = [
    ["Application/JSON; charset=utf-8", { ok: true, type: "application/json" }],
    ["application/json;", { ok: true, type: "application/json" }],
    ['application/json; a="x;y"', { ok: true, type: "application/json" }],
    ["bogus", { ok: true, type: "bogus" }],
    ["a b", { ok: false, error: "mime: expected slash after first token" }],
    ["application/", { ok: false, error: "mime: expected token after slash" }],
    ["application/json x", { ok: false, error: "mime: unexpected content after media subtype" }],
    ["", { ok: false, error: "mime: no media type" }],
    ["application/json;;", { ok: false, error: "mime: invalid media parameter" }],
    ["application/json; charset", { ok: false, error: "mime: invalid media parameter" }],
    ["application/json; a=1; A=2", { ok: false, error: "mime: duplicate parameter name" }],
  ];
  for (const [header, want] of table) t.deepEqual(parseMediaType(header), want, header);
});
