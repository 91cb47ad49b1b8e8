/**
 * A LoxiLB HA pair. LoxiLB instances share connection tracking but not rules, so the provider
 * writes every rule to both instances (`replication: "all"`) and reads from the first healthy one.
 *
 * Config: `ha-pair:endpoints` (JSON array of the two instances' API URLs), `ha-pair:vip`.
 */
import * as pulumi from "@pulumi/pulumi";
import { HealthMonitor, Listener, LoxiLoadBalancer, Member, Pool } from "pulumi-loxilb";

const config = new pulumi.Config("ha-pair");
const endpoints = config.requireObject<string[]>("endpoints");
const vip = config.get("vip") ?? "192.0.2.20";

const lb = new LoxiLoadBalancer("ha", {
  vipAddress: vip,
  natMode: "fullnat",
  connection: { apiEndpoints: endpoints, replication: "all", apiTimeout: 10, apiRetries: 3 },
});
const listener = new Listener("ha-443", { loadbalancer: lb, protocol: "TCP", protocolPort: 443 });
const pool = new Pool("ha-pool", { listener, protocol: "TCP", lbMethod: "LEAST_CONNECTIONS" });
["198.51.100.21", "198.51.100.22"].forEach(
  (address, i) => new Member(`ha-${i + 1}`, { pool, address, protocolPort: 8443 }),
);
new HealthMonitor("ha-monitor", {
  pool,
  type: "TCP",
  delay: 3,
  timeout: 2,
  maxRetries: 2,
  maxRetriesDown: 2,
});

export const rule = listener.ruleKey;
export const status = lb.operatingStatus;
