import test from "ava";
import { canonicalIp, isIpv4Mapped, normalizeCidr, parseIp, sameIp } from "../../provider/api/ip";
import { containsUnknown, isUnknown, UNKNOWN, unknownPaths } from "../../provider/octavia/unknown";

test("IP literals print canonically, as Go and loxilb print them", (t) => {
  const rows: Array<[string, string]> = [
    ["192.0.2.1", "192.0.2.1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:1:1:1:1:0:1", "2001:db8:1:1:1:1:0:1"],
    ["::", "::"],
    ["::1", "::1"],
    ["1::", "1::"],
    ["::192.0.2.1", "::c000:201"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
  ];
  for (const [text, canonical] of rows) t.is(canonicalIp(text), canonical, text);
  t.true(sameIp("2001:DB8:0::1", "2001:db8::1"));
});

test("strings that are not IP literals do not parse", (t) => {
  for (const text of [
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.1.1.1",
    "1.2.3.4/32",
    "fe80::1%eth0",
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1.2.3.4::",
    "g::1",
    " 1.2.3.4",
  ]) {
    t.is(parseIp(text), undefined, text);
  }
  t.true(isIpv4Mapped(parseIp("::ffff:192.0.2.1")!));
  t.false(isIpv4Mapped(parseIp("::192.0.2.1")!));
});

test("CIDRs normalise to their network, like Octavia and loxilb's GET", (t) => {
  const rows: Array<[string, string | undefined]> = [
    ["10.1.2.3/8", "10.0.0.0/8"],
    ["192.0.2.7", "192.0.2.7/32"],
    ["192.0.2.255/25", "192.0.2.128/25"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["2001:DB8:AB::1/40", "2001:db8::/40"],
    ["2001:db8::1", "2001:db8::1/128"],
    ["10.0.0.0/33", undefined],
    ["10.0.0.0/08", undefined],
    ["10.0.0.0/", undefined],
    ["2001:db8::/129", undefined],
  ];
  for (const [text, network] of rows) t.is(normalizeCidr(text), network, text);
});

test("the unknown sentinel is found at any depth, with its dotted path", (t) => {
  t.true(isUnknown(UNKNOWN));
  t.false(isUnknown("04da6b54"));
  t.false(containsUnknown({ a: [1, { b: "x" }] }));
  t.true(containsUnknown({ a: [1, { b: UNKNOWN }] }));
  t.deepEqual(unknownPaths({ a: [1, { b: UNKNOWN }], c: UNKNOWN, d: null }), ["a.1.b", "c"]);
  t.deepEqual(unknownPaths(UNKNOWN), [""]);
});
