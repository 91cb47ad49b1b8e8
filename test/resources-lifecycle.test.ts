import test from "ava";
import { diffInputs, sameValue } from "../provider/resources/lifecycle";
import { memberLifecycle } from "../provider/resources/member";
import { listenerLifecycle } from "../provider/resources/listener";
import { loadBalancerLifecycle } from "../provider/resources/load-balancer";
import { poolLifecycle } from "../provider/resources/pool";
import { healthMonitorLifecycle } from "../provider/resources/health-monitor";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const member = {
  address: "198.51.100.11",
  protocolPort: 8080,
  weight: 1,
  poolId: "p1",
  listenerId: "l1",
  loadbalancerId: "lb1",
  pool: { protocol: "TCP", lbMethod: "ROUND_ROBIN" },
  members: [{ address: "198.51.100.11", protocolPort: 8080 }],
  providerVersion: "0.1.0",
};

test("an unchanged member diffs as no change, whatever its outputs", (t) => {
  const olds = { ...member, provisioningStatus: "ACTIVE", operatingStatus: "ONLINE" };
  t.deepEqual(diffInputs(memberLifecycle, olds, { ...member }).changes, false);
});

test("a sibling joining the pool does not update the other members", (t) => {
  const news = { ...member, members: [...member.members, { address: "198.51.100.12", protocolPort: 8080 }] };
  t.is(diffInputs(memberLifecycle, member, news).changes, false);
});

test("a weight change updates the member in place", (t) => {
  const d = diffInputs(memberLifecycle, member, { ...member, weight: 5 });
  t.true(d.changes);
  t.deepEqual(d.replaces, []);
});

test("an algorithm or load balancer name change on the parents does not update a member (the pool writes it)", (t) => {
  const d = diffInputs(memberLifecycle, member, {
    ...member,
    pool: { protocol: "TCP", lbMethod: "LEAST_CONNECTIONS" },
    loadbalancer: { vipAddress: "192.0.2.10", name: "renamed" },
  });
  t.false(d.changes);
});

test("a change of the weight LoxiLB will hold for a member (its share) updates it in place", (t) => {
  const d = diffInputs(memberLifecycle, { ...member, loxilbWeight: 13 }, { ...member, loxilbWeight: 19 });
  t.true(d.changes);
  t.deepEqual(d.replaces, []);
});

test("address, port, pool and subnet changes replace a member", (t) => {
  t.deepEqual(diffInputs(memberLifecycle, member, { ...member, address: "198.51.100.99" }).replaces, [
    "address",
  ]);
  t.deepEqual(diffInputs(memberLifecycle, member, { ...member, protocolPort: 9090 }).replaces, [
    "protocolPort",
  ]);
  t.deepEqual(diffInputs(memberLifecycle, member, { ...member, poolId: "p2" }).replaces, ["poolId"]);
  t.deepEqual(diffInputs(memberLifecycle, member, { ...member, subnetId: "s1" }).replaces, ["subnetId"]);
});

test("an unknown parent id during preview is treated as a replacement", (t) => {
  t.deepEqual(diffInputs(memberLifecycle, member, { ...member, poolId: UNKNOWN }).replaces, ["poolId"]);
});

test("listeners replace delete-before-create because rule keys would collide", (t) => {
  const olds = { protocol: "TCP", protocolPort: 80, loadbalancerId: "lb1" };
  const d = diffInputs(listenerLifecycle, olds, { ...olds, protocolPort: 8080 });
  t.deepEqual(d.replaces, ["protocolPort"]);
  t.true(d.deleteBeforeReplace);
});

test("structural equality treats undefined and absent alike", (t) => {
  t.true(sameValue({ a: 1, b: undefined }, { a: 1 }));
  t.false(sameValue([1, 2], [2, 1]));
  t.true(sameValue({ x: [{ y: "z" }] }, { x: [{ y: "z" }] }));
});

test("replacement fields are exactly @pulumi/openstack's ForceNew fields", (t) => {
  t.deepEqual(loadBalancerLifecycle.replaceOn, ["vipAddress", "vipSubnetId", "vipNetworkId", "vipPortId"]);
  t.deepEqual(listenerLifecycle.replaceOn, ["protocol", "protocolPort", "portMax", "loadbalancerId"]);
  t.deepEqual(poolLifecycle.replaceOn, ["protocol", "listenerId"]);
  t.deepEqual(memberLifecycle.replaceOn, ["address", "protocolPort", "poolId", "subnetId"]);
  t.deepEqual(healthMonitorLifecycle.replaceOn, ["type", "poolId"]);
});

test("everything else updates in place", (t) => {
  const pool = { protocol: "TCP", lbMethod: "ROUND_ROBIN", listenerId: "l1", name: "a" };
  const d = diffInputs(poolLifecycle, pool, { ...pool, lbMethod: "SOURCE_IP", name: "b" });
  t.true(d.changes);
  t.deepEqual(d.replaces, []);
  const hm = { type: "TCP", delay: 5, timeout: 3, maxRetries: 3, poolId: "p1" };
  const h = diffInputs(healthMonitorLifecycle, hm, { ...hm, delay: 10, maxRetriesDown: 4 });
  t.true(h.changes);
  t.deepEqual(h.replaces, []);
  const lb = { vipAddress: "192.0.2.10", natMode: "dnat" };
  t.deepEqual(diffInputs(loadBalancerLifecycle, lb, { ...lb, natMode: "fullnat" }).replaces, []);
});
