/**
 * IP literals and CIDRs, parsed strictly and printed canonically (pure, no DNS).
 *
 * Parsing follows what loxilb (Go `net.ParseIP`, `net.ParseCIDR`) accepts: dotted-quad IPv4 without
 * leading zeros, RFC 4291 IPv6 text with an optional trailing dotted quad, no zone (`%eth0`).
 * Printing follows Go's `IP.String()` / RFC 5952 (lower-case hex, longest run of two or more zero
 * groups as `::`), so what we send compares equal to what loxilb's GET returns.
 */

export interface ParsedIp {
  readonly family: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6. */
  readonly bytes: readonly number[];
}

export interface ParsedCidr {
  readonly ip: ParsedIp;
  /** 0..32 for IPv4, 0..128 for IPv6. */
  readonly prefix: number;
}

const DEC_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(s: string): number[] | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (DEC_OCTET.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

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
  // An embedded IPv4 part is only allowed at the very end.
  if (halves.length === 2 && halves[0]!.includes(".")) return undefined;
  const explicit = head.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...tail];
  return groups.flatMap((g) => [g >> 8, g & 255]);
}

/** Parse an IPv4 or IPv6 literal; undefined when it is not one (prefixes and zones are not literals). */
export function parseIp(text: string): ParsedIp | undefined {
  if (text.includes(":")) {
    const bytes = parseIpv6(text);
    return bytes === undefined ? undefined : { family: 6, bytes };
  }
  const bytes = parseIpv4(text);
  return bytes === undefined ? undefined : { family: 4, bytes };
}

/** True for `::ffff:a.b.c.d` (an IPv4 address written as IPv6), which loxilb and Go treat inconsistently. */
export function isIpv4Mapped(ip: ParsedIp): boolean {
  return (
    ip.family === 6 &&
    ip.bytes.slice(0, 10).every((b) => b === 0) &&
    ip.bytes[10] === 255 &&
    ip.bytes[11] === 255
  );
}

/** True for `0.0.0.0` and `::`. */
export function isUnspecified(ip: ParsedIp): boolean {
  return ip.bytes.every((b) => b === 0);
}

/** Canonical text of a parsed address (Go `IP.String()` for non-mapped addresses). */
export function formatIp(ip: ParsedIp): string {
  if (ip.family === 4) return ip.bytes.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
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

/** The canonical form of an IP literal, or the trimmed, lower-cased text when it does not parse. */
export function canonicalIp(text: string): string {
  const ip = parseIp(text.trim());
  return ip === undefined ? text.trim().toLowerCase() : formatIp(ip);
}

/** True when two IP literals name the same address (`2001:DB8::1` and `2001:db8:0::1` do). */
export function sameIp(a: string, b: string): boolean {
  return canonicalIp(a) === canonicalIp(b);
}

const PREFIX = /^(0|[1-9][0-9]{0,2})$/;

/**
 * Parse a CIDR like Python's `ipaddress.ip_network(text, strict=False)`, which Octavia uses: host bits
 * are allowed, and a bare address means a host route (`/32`, `/128`).
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

/** The network of a CIDR: host bits cleared (`10.1.2.3/8` → `10.0.0.0/8`). */
export function networkOf(c: ParsedCidr): ParsedCidr {
  const bytes = c.ip.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, c.prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return { ip: { family: c.ip.family, bytes }, prefix: c.prefix };
}

/** Canonical network text of a CIDR (`10.1.2.3/8` → `10.0.0.0/8`), as loxilb's GET reports allowed sources. */
export function normalizeCidr(text: string): string | undefined {
  const c = parseCidr(text.trim());
  if (c === undefined) return undefined;
  const n = networkOf(c);
  return `${formatIp(n.ip)}/${n.prefix}`;
}
