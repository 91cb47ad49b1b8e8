/** Endpoint identity: loxilb matches a rule's endpoints by IP (compared as addresses) and target port. */
import { canonicalIp } from "../api/ip";

/** An endpoint's identity as loxilb matches it: canonical IP and target port. */
export function endpointKey(ip: string, port: number): string {
  return `${canonicalIp(ip)}|${port}`;
}
