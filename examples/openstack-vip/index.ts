/**
 * An OpenStack VIP for LoxiLB: a Neutron port reserves the VIP address on the tenant network, a
 * floating IP makes it reachable from outside, and the LoxiLB load balancer serves that address.
 *
 * Neutron drops traffic to an address a port does not own, so each LoxiLB node's port on the tenant
 * network must list the VIP in its allowed-address-pairs. This program creates those ports (one per
 * node) with the VIP as an allowed address pair and exports their ids, to be attached to the nodes.
 *
 * Config: `openstack-vip:networkId`, `openstack-vip:subnetId`, `openstack-vip:externalPool`
 * (floating IP pool name), `openstack-vip:backends` (comma-separated member addresses),
 * `openstack-vip:loxilbNodes` (how many LoxiLB node ports to create, default 2; 0 when the nodes'
 * ports are managed elsewhere), plus the `openstack:*` provider config and `loxilb:apiEndpoints`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { HealthMonitor, Listener, LoxiLoadBalancer, Member, Pool } from "pulumi-loxilb";

const config = new pulumi.Config("openstack-vip");
const networkId = config.require("networkId");
const subnetId = config.require("subnetId");
const externalPool = config.get("externalPool") ?? "public";
const backends = (config.get("backends") ?? "10.0.0.11,10.0.0.12").split(",").map((s) => s.trim());
const loxilbNodes = config.getNumber("loxilbNodes") ?? 2;

// The VIP port: Neutron allocates the address and keeps it from being reused. LoxiLB answers for it,
// so the port carries no device; allowed-address-pairs on the LoxiLB nodes' ports (below) let traffic in.
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

// The LoxiLB nodes' ports on the tenant network, each allowed to carry the VIP (Neutron's port security
// drops packets for an address the port does not own). Attach one to each LoxiLB node. If the nodes'
// ports already exist, set `loxilbNodes` to 0 and add the same allowedAddressPairs where they are managed.
const loxilbPorts = Array.from(
  { length: loxilbNodes },
  (_, i) =>
    new openstack.networking.Port(`loxilb-${i + 1}`, {
      networkId,
      fixedIps: [{ subnetId }],
      allowedAddressPairs: [{ ipAddress: vipAddress }],
      adminStateUp: true,
    }),
);

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
export const loxilbPortIds = loxilbPorts.map((p) => p.id);
