/**
 * IP helpers with Go `net` semantics, as loxilb uses them: parsing, canonical text, CIDR
 * normalization and loxilib's `IPtonl` endpoint ordering.
 */
import * as net from "net";

/** A parsed address: its canonical text (Go `IP.String()`), family and 16-byte form. */
export interface ParsedIp {
  readonly text: string;
  readonly v4: boolean;
  readonly bytes: Uint8Array;
}

function v4Bytes(ip: string): number[] {
  return ip.split(".").map((p) => Number(p));
}

function v6Bytes(ip: string): number[] {
  const [head = "", tail] = ip.split("::");
  const expand = (s: string): number[] => {
    if (s === "") return [];
    return s.split(":").flatMap((g) => {
      if (g.includes(".")) return v4Bytes(g);
      const n = parseInt(g, 16);
      return [n >> 8, n & 0xff];
    });
  };
  const h = expand(head);
  const tl = tail === undefined ? [] : expand(tail);
  return [...h, ...new Array<number>(16 - h.length - tl.length).fill(0), ...tl];
}

function formatV6(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return new URL(`http://[${groups.join(":")}]/`).hostname.slice(1, -1);
}

/** Parses like Go's `net.ParseIP`; undefined when the text is not an address. */
export function parseIp(text: string): ParsedIp | undefined {
  if (net.isIPv4(text)) {
    const b = v4Bytes(text);
    return {
      text: b.join("."),
      v4: true,
      bytes: Uint8Array.from([...new Array<number>(10).fill(0), 255, 255, ...b]),
    };
  }
  if (!net.isIPv6(text) || text.includes("%")) return undefined;
  const bytes = Uint8Array.from(v6Bytes(text));
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  if (mapped) return { text: Array.from(bytes.slice(12)).join("."), v4: true, bytes };
  return { text: formatV6(bytes), v4: false, bytes };
}

/** loxilib `IsNetIPv4`: fewer than two colons. */
export function isNetIPv4(text: string): boolean {
  return text.split(":").length - 1 < 2;
}

/** True for `0.0.0.0` and `::`. */
export function isUnspecified(ip: ParsedIp): boolean {
  const from = ip.v4 ? 12 : 0;
  return ip.bytes.slice(from).every((b) => b === 0);
}

/** loxilib `IPtonl`: the last four address bytes read in reversed byte order (unsigned). */
export function ipToNl(ip: ParsedIp): number {
  const b = ip.bytes;
  return ((b[15] ?? 0) * 2 ** 24 + ((b[14] ?? 0) << 16) + ((b[13] ?? 0) << 8) + (b[12] ?? 0)) >>> 0;
}

/** Go `net.ParseCIDR(...)` then `ipnet.String()`: the masked network, or undefined when invalid. */
export function normalizeCidr(text: string): string | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (ip === undefined || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  const v4 = net.isIPv4(text.slice(0, slash));
  if (bits > (v4 ? 32 : 128)) return undefined;
  const bytes = Uint8Array.from(ip.bytes);
  const total = v4 ? bits + 96 : bits;
  for (let i = 0; i < 16; i += 1) {
    const keep = Math.max(0, Math.min(8, total - i * 8));
    bytes[i] = (bytes[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  const netText = v4 ? Array.from(bytes.slice(12)).join(".") : formatV6(bytes);
  return `${netText}/${bits}`;
}
