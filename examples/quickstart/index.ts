/**
 * Quickstart: one load balancer with a TCP listener on port 80 and a UDP listener on port 53, each
 * with a pool of three members and a health monitor. Point it at loxilb (or the emulator) with
 * `pulumi config set loxilb:apiEndpoints '["http://127.0.0.1:11111"]'`.
 *
 * Config (namespace `quickstart`): `vip` (default 192.0.2.10), `memberCount` (1..32, default 3),
 * `webWeight` (weight of the first web member, default 1), `lbMethod` (default ROUND_ROBIN), `monitors`
 * (default true), `monitorDelay` (seconds between probes, default 5).
 */
import * as pulumi from "@pulumi/pulumi";
import { HealthMonitor, Listener, LoxiLoadBalancer, Member, Pool } from "pulumi-loxilb";

const config = new pulumi.Config("quickstart");
const vip = config.get("vip") ?? "192.0.2.10";
const memberCount = config.getNumber("memberCount") ?? 3;
const webWeight = config.getNumber("webWeight") ?? 1;
const lbMethod =
  config.get("lbMethod", { allowedValues: ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP"] as const }) ??
  "ROUND_ROBIN";
const monitors = config.getBoolean("monitors") ?? true;
const monitorDelay = config.getNumber("monitorDelay") ?? 5;

const lb = new LoxiLoadBalancer("quickstart", { vipAddress: vip, name: "quickstart", natMode: "fullnat" });

/** A listener with its pool, members and monitor. */
function service(name: string, protocol: "TCP" | "UDP", port: number, backendPort: number) {
  const listener = new Listener(`${name}-listener`, { loadbalancer: lb, protocol, protocolPort: port, name });
  const pool = new Pool(`${name}-pool`, { listener, protocol, lbMethod, name });
  const members = Array.from({ length: memberCount }, (_, i) => {
    const weight = name === "web" && i === 0 ? webWeight : 1;
    return new Member(`${name}-member-${i + 1}`, {
      pool,
      address: `198.51.100.${11 + i}`,
      protocolPort: backendPort,
      weight,
    });
  });
  // Declared after the members on purpose: the monitor reaches them whatever the order.
  const monitor = monitors
    ? new HealthMonitor(`${name}-monitor`, {
        pool,
        type: protocol === "TCP" ? "TCP" : "UDP-CONNECT",
        delay: monitorDelay,
        timeout: 3,
        maxRetries: 3,
        maxRetriesDown: 2,
      })
    : undefined;
  return { listener, pool, members, monitor };
}

const web = service("web", "TCP", 80, 8080);
const dns = service("dns", "UDP", 53, 5353);

export const loadBalancerId = lb.id;
export const webRule = web.listener.ruleKey;
export const dnsRule = dns.listener.ruleKey;
export const webMembers = pulumi.all(web.members.map((m) => m.operatingStatus));
