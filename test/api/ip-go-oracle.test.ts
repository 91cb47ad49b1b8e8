/**
 * The IP module against Go's net package, which loxilb parses and prints addresses with. The cases
 * are fast-check spellings (test/helpers/ip-spellings.ts) answered by the Go oracle
 * (test/fixtures/go-oracle); the properties below run live on fresh spellings.
 */
import test from "ava";
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import {
  formatIp,
  goCidrNetwork,
  goIpString,
  isIpv4,
  isIpv4Mapped,
  isNetIPv4,
  isUnspecified,
  normalizeCidr,
  parseCidr,
  parseIp,
} from "../../provider/api/ip";
import { HAND_PICKED, ipSpelling } from "../helpers/ip-spellings";

interface GoCase {
  readonly in: string;
  readonly ip: { readonly s: string; readonly v4: boolean; readonly unspec: boolean } | null;
  readonly cidr: { readonly ip: string; readonly net: string } | null;
  readonly vip: string | null;
}

const FIXTURE = path.join(__dirname, "..", "..", "..", "test", "fixtures", "go-oracle", "ip-cases.json");
const CASES = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as readonly GoCase[];

/** The cases where `ours` and Go's answer differ, as [input, ours, go] rows (empty when they agree). */
function disagreements<T>(ours: (c: GoCase) => T, go: (c: GoCase) => T): Array<[string, T, T]> {
  return CASES.filter((c) => JSON.stringify(ours(c)) !== JSON.stringify(go(c))).map((c) => [
    c.in,
    ours(c),
    go(c),
  ]);
}

test("the Go fixture covers thousands of spellings, the hand-picked edges among them", (t) => {
  t.true(CASES.length > 2000);
  t.true(CASES.filter((c) => c.ip !== null).length > 500);
  t.true(CASES.filter((c) => c.cidr !== null).length > 400);
  const inputs = new Set(CASES.map((c) => c.in));
  t.deepEqual(
    HAND_PICKED.filter((s) => !inputs.has(s)),
    [],
  );
});

test("addresses parse and print as Go's net.ParseIP and IP.String do, for every spelling", (t) => {
  t.deepEqual(
    disagreements(
      (c) => goIpString(c.in) ?? null,
      (c) => c.ip?.s ?? null,
    ),
    [],
  );
});

test("IPv4-ness and the unspecified address follow Go's To4 and IsUnspecified", (t) => {
  const facts = (ip: ReturnType<typeof parseIp>) =>
    ip === undefined ? null : { v4: isIpv4(ip), unspec: isUnspecified(ip) };
  t.deepEqual(
    disagreements(
      (c) => facts(parseIp(c.in)),
      (c) => (c.ip === null ? null : { v4: c.ip.v4, unspec: c.ip.unspec }),
    ),
    [],
  );
});

test("a VIP prints as loxilb stores it: ParseCIDR of the text with /32 or /128 by loxilib's colon count", (t) => {
  t.deepEqual(
    disagreements(
      (c) => goIpString(c.in) ?? null,
      (c) => c.vip,
    ),
    [],
  );
});

test("CIDRs parse and print as Go's net.ParseCIDR and IPNet.String do, IPv4-mapped networks included", (t) => {
  t.deepEqual(
    disagreements(
      (c) => goCidrNetwork(c.in) ?? null,
      (c) => c.cidr?.net ?? null,
    ),
    [],
  );
  t.is(goCidrNetwork("::ffff:1.2.3.4/120"), "1.2.3.0/24");
  t.is(goCidrNetwork("10.0.0.0/0008"), "10.0.0.0/8");
});

test("an Octavia CIDR that check accepts normalises to the network loxilb prints for it", (t) => {
  const accepted = CASES.filter((c) => c.in.includes("/") && parseCidr(c.in) !== undefined);
  t.true(accepted.length > 300);
  t.deepEqual(
    accepted.filter((c) => normalizeCidr(c.in) !== c.cidr?.net).map((c) => c.in),
    [],
  );
  // a bare address is a host route: loxilb gets it with /32 or /128
  const bare = CASES.filter((c) => !c.in.includes("/") && c.vip !== null);
  t.deepEqual(
    bare.filter((c) => !normalizeCidr(c.in)!.startsWith(`${c.vip}/`)).map((c) => c.in),
    [],
  );
});

test("check refuses only one kind of CIDR that Go reads: a prefix written with leading zeros", (t) => {
  const refused = CASES.filter((c) => c.cidr !== null && parseCidr(c.in) === undefined);
  t.true(refused.length > 0);
  t.deepEqual(
    refused.filter((c) => !/\/0[0-9]/.test(c.in)).map((c) => c.in),
    [],
  );
});

test("every spelling of an address parses to its 16 bytes and prints one canonical text", (t) => {
  fc.assert(
    fc.property(ipSpelling, (s) => {
      const ip = parseIp(s.text);
      if (ip === undefined) return false;
      const canonical = formatIp(ip);
      return (
        JSON.stringify(ip.bytes) === JSON.stringify(s.bytes) &&
        ip.family === s.family &&
        goIpString(canonical) === canonical &&
        goIpString(canonical.toUpperCase()) === canonical
      );
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test("IPv4-mapped addresses print as IPv4 but count as IPv6 in loxilib's colon test", (t) => {
  const mapped = parseIp("::ffff:192.0.2.1")!;
  t.true(isIpv4Mapped(mapped));
  t.is(formatIp(mapped), "192.0.2.1");
  t.false(isNetIPv4("::ffff:192.0.2.1"));
  t.true(isNetIPv4("192.0.2.1"));
  t.false(isIpv4Mapped(parseIp("::192.0.2.1")!));
  t.is(goIpString("::192.0.2.1"), "::c000:201");
});
