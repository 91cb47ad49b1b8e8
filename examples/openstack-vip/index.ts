/**
 * An OpenStack VIP for LoxiLB: a Neutron port reserves the VIP address on the tenant network, a
 * floating IP makes it reachable from outside, and the LoxiLB load balancer serves that address.
 *
 * Config: `openstack-vip:networkId`, `openstack-vip:subnetId`, `openstack-vip:externalPool`
 * (floating IP pool name), `openstack-vip:backends` (comma-separated member addresses), plus the
 * `openstack:*` provider config and `loxilb:apiEndpoints`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { HealthMonitor, Listener, LoxiLoadBalancer, Member, Pool } from "pulumi-loxilb";

const config = new pulumi.Config("openstack-vip");
const networkId = config.require("networkId");
const subnetId = config.require("subnetId");
const externalPool = config.get("externalPool") ?? "public";
const backends = (config.get("backends") ?? "10.0.0.11,10.0.0.12").split(",").map((s) => s.trim());

// The VIP port: Neutron allocates the address and keeps it from being reused. LoxiLB answers for it,
// so the port carries no device; allowed-address-pairs on the LoxiLB nodes' ports let traffic in.
const vipPort = new openstack.networking.Port("vip", {
  networkId,
  fixedIps: [{ subnetId }],
  adminStateUp: true,
});
const vipAddress = vipPort.allFixedIps.apply((ips) => {
  const ip = ips[0];
  if (ip === undefined) throw new Error("the VIP port got no fixed IP");
  return ip;
});

const floatingIp = new openstack.networking.FloatingIp("vip-fip", { pool: externalPool, portId: vipPort.id });

const lb = new LoxiLoadBalancer("web", {
  vipAddress,
  vipPortId: vipPort.id,
  vipSubnetId: subnetId,
  vipNetworkId: networkId,
  natMode: "fullnat",
});
const listener = new Listener("web-443", { loadbalancer: lb, protocol: "HTTPS", protocolPort: 443 });
const pool = new Pool("web-pool", { listener, protocol: "HTTPS", lbMethod: "SOURCE_IP" });
backends.forEach((address, i) => new Member(`web-${i + 1}`, { pool, address, protocolPort: 443, subnetId }));
new HealthMonitor("web-monitor", { pool, type: "TCP", delay: 5, timeout: 3, maxRetries: 3 });

export const vip = vipAddress;
export const publicAddress = floatingIp.address;
export const rule = listener.ruleKey;
