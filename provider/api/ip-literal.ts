/**
 * IP literals compared the way loxilb stores them: loxilb's GET prints IPv6 in canonical (RFC 5952)
 * form, so `2001:DB8:0::1` posted by a user is listed as `2001:db8::1`. Used to find a rule by key.
 */
import { isIPv6 } from "net";

/** The canonical text of an IP literal (IPv6 compressed, lower case); other text trimmed and lower-cased. */
export function canonicalIp(text: string): string {
  const s = text.trim();
  if (isIPv6(s)) {
    try {
      return new URL(`http://[${s}]/`).hostname.slice(1, -1);
    } catch {
      // Zone ids (`fe80::1%eth0`) are not URL hosts; compare them as text.
    }
  }
  return s.toLowerCase();
}

/** True when both literals name the same address. */
export function sameIp(a: string, b: string): boolean {
  return canonicalIp(a) === canonicalIp(b);
}
