/**
 * IP literals and CIDRs with Go's `net` rules, as loxilb parses and prints them (pure, no DNS). The one
 * IP module of the package: the client and `check` use it to validate input and to compare rule
 * identity with what loxilb's GET returns; the emulator uses it to accept, store and print addresses
 * as loxilb does.
 *
 * - Parsing is Go's `net.ParseIP` (`netip.ParseAddr` without a zone): a dotted quad without leading
 *   zeros, or RFC 4291 IPv6 text (one to four hex digits per group, one `::`, a dotted quad only as
 *   the last 32 bits). No zone, brackets, spaces, hex or octal IPv4, or fewer than four parts.
 * - Printing is Go's `IP.String()`: RFC 5952 for IPv6 (lower-case, longest run of two or more zero
 *   groups as `::`), and a dotted quad for IPv4-mapped addresses (`::ffff:a.b.c.d` prints `a.b.c.d`).
 * - CIDR networks print as Go's `IPNet.String()` after `net.ParseCIDR`, which turns an IPv4-mapped
 *   network into an IPv4 one (`::ffff:1.2.3.4/120` → `1.2.3.0/24`).
 *
 * Hand-written on purpose (docs/design.md §21): ipaddr.js, the ecosystem's standard, reads
 * `::a.b.c.d` as the IPv4-mapped `::ffff:a.b.c.d` (a different address from the one loxilb stores),
 * accepts leading zeros in an embedded dotted quad, octal and short IPv4 forms, and zones. On the
 * 2,492 spellings of test/fixtures/go-oracle/ip-cases.json it disagreed with Go on 91 addresses (26
 * even when held to its strict entry points); this module agrees with Go on all of them, addresses
 * and CIDRs (test/api/ip-go-oracle.test.ts).
 */

/** A parsed address. */
export interface ParsedIp {
  /** 4 for a dotted quad, 6 for colon text (an IPv4-mapped address written as IPv6 is 6). */
  readonly family: 4 | 6;
  /** The 16 bytes Go's `net.IP` holds; a dotted quad is stored as `::ffff:a.b.c.d`. */
  readonly bytes: readonly number[];
}

/** A parsed CIDR; `prefix` counts bits of the address as written (0..32 or 0..128). */
export interface ParsedCidr {
  readonly ip: ParsedIp;
  readonly prefix: number;
}

const V4_IN_V6 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255];
const DEC_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(s: string): number[] | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (DEC_OCTET.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

/** The 16-bit groups of one side of `::`; a dotted quad may end it and counts as two groups. */
function parseGroups(s: string): number[] | undefined {
  if (s === "") return [];
  const out: number[] = [];
  const parts = s.split(":");
  for (const [i, p] of parts.entries()) {
    if (i === parts.length - 1 && p.includes(".")) {
      const v4 = parseIpv4(p);
      if (v4 === undefined) return undefined;
      out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (HEX_GROUP.test(p)) {
      out.push(parseInt(p, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

function parseIpv6(s: string): number[] | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  // A dotted quad is only allowed as the last 32 bits.
  if (halves.length === 2 && halves[0]!.includes(".")) return undefined;
  const explicit = head.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...tail];
  return groups.flatMap((g) => [g >> 8, g & 255]);
}

/** Go's `net.ParseIP`: the address, or undefined when the text is not one (prefixes and zones are not). */
export function parseIp(text: string): ParsedIp | undefined {
  if (text.includes(":")) {
    const bytes = parseIpv6(text);
    return bytes === undefined ? undefined : { family: 6, bytes };
  }
  const v4 = parseIpv4(text);
  return v4 === undefined ? undefined : { family: 4, bytes: [...V4_IN_V6, ...v4] };
}

const hasV4Prefix = (bytes: readonly number[]) => V4_IN_V6.every((b, i) => bytes[i] === b);

/** True for `::ffff:a.b.c.d` written as IPv6, which loxilb stores as IPv4 but counts as IPv6 in its checks. */
export function isIpv4Mapped(ip: ParsedIp): boolean {
  return ip.family === 6 && hasV4Prefix(ip.bytes);
}

/** Go's `ip.To4() != nil`: a dotted quad or an IPv4-mapped address. */
export function isIpv4(ip: ParsedIp): boolean {
  return hasV4Prefix(ip.bytes);
}

/** Go's `IsUnspecified`: `0.0.0.0`, `::` and `::ffff:0.0.0.0`. */
export function isUnspecified(ip: ParsedIp): boolean {
  return ip.bytes.slice(isIpv4(ip) ? 12 : 0).every((b) => b === 0);
}

/** RFC 5952 text of 16 bytes: lower-case hex, the first longest run of two or more zero groups as `::`. */
function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** Go's `IP.String()`: what loxilb's GET prints for an address. */
export function formatIp(ip: ParsedIp): string {
  return isIpv4(ip) ? ip.bytes.slice(12).join(".") : formatIpv6(ip.bytes);
}

/** Go's `net.ParseIP(text).String()`, or undefined when Go refuses the text. */
export function goIpString(text: string): string | undefined {
  const ip = parseIp(text);
  return ip === undefined ? undefined : formatIp(ip);
}

/** The canonical form of an IP literal, or the trimmed, lower-cased text when it does not parse. */
export function canonicalIp(text: string): string {
  return goIpString(text.trim()) ?? text.trim().toLowerCase();
}

/** True when two IP literals name the same address (`2001:DB8::1` and `2001:db8:0::1` do). */
export function sameIp(a: string, b: string): boolean {
  return canonicalIp(a) === canonicalIp(b);
}

/** Go's `IPNet.String()` of the network `ip/prefix` (as `net.ParseCIDR` masks it). */
function networkText(c: ParsedCidr): string {
  const bits = c.ip.family === 4 ? c.prefix + 96 : c.prefix;
  const bytes = c.ip.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  // An IPv4(-mapped) network prints as IPv4, with the mask's last 32 bits as its length.
  return hasV4Prefix(bytes) ? `${bytes.slice(12).join(".")}/${bits - 96}` : `${formatIpv6(bytes)}/${bits}`;
}

const PREFIX = /^(0|[1-9][0-9]{0,2})$/;

/**
 * Parse a CIDR as Octavia's `allowed_cidrs` takes it: host bits are allowed and a bare address means a
 * host route (`/32`, `/128`). The prefix is plain decimal (`/08` is refused, though Go would read it),
 * so what passes `check` has one spelling.
 */
export function parseCidr(text: string): ParsedCidr | undefined {
  const slash = text.indexOf("/");
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (ip === undefined) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { ip, prefix: max };
  const p = text.slice(slash + 1);
  if (!PREFIX.test(p) || Number(p) > max) return undefined;
  return { ip, prefix: Number(p) };
}

/** Canonical network text of an Octavia CIDR (`10.1.2.3/8` → `10.0.0.0/8`), as loxilb's GET reports it. */
export function normalizeCidr(text: string): string | undefined {
  const c = parseCidr(text.trim());
  return c === undefined ? undefined : networkText(c);
}

/** Go's `net.ParseCIDR(text)` then `ipnet.String()`, or undefined when Go refuses the text. */
export function goCidrNetwork(text: string): string | undefined {
  const slash = text.indexOf("/");
  const ip = slash < 0 ? undefined : parseIp(text.slice(0, slash));
  // Go's dtoi: ASCII digits, any number of leading zeros, below 2^24.
  const digits = text.slice(slash + 1);
  if (ip === undefined || !/^[0-9]+$/.test(digits)) return undefined;
  const prefix = Number(digits);
  return prefix > (ip.family === 4 ? 32 : 128) ? undefined : networkText({ ip, prefix });
}

/** loxilib `IsNetIPv4`: fewer than two colons (text only; `::ffff:1.2.3.4` is not IPv4 here). */
export function isNetIPv4(text: string): boolean {
  return text.split(":").length - 1 < 2;
}

/** loxilib `IPtonl`: the last four address bytes read in reversed byte order (unsigned). */
export function ipToNl(ip: ParsedIp): number {
  const b = ip.bytes;
  return (b[15]! * 2 ** 24 + (b[14]! << 16) + (b[13]! << 8) + b[12]!) >>> 0;
}
