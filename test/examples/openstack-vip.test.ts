import test from "ava";
import * as path from "path";
import { ofType, runUnderMocks } from "../helpers/mock-run";

const program = path.resolve(__dirname, "..", "..", "examples", "openstack-vip", "index.js");

test("the openstack-vip example serves the Neutron port's address with LoxiLB", async (t) => {
  const all = await runUnderMocks(program, {
    project: "loxilb-openstack-vip",
    config: {
      "openstack-vip:networkId": "net-1",
      "openstack-vip:subnetId": "subnet-1",
      "openstack-vip:backends": "10.0.0.11,10.0.0.12,10.0.0.13",
    },
    stateFor: (type) =>
      type === "openstack:networking/port:Port"
        ? { allFixedIps: ["10.0.0.100"] }
        : type === "openstack:networking/floatingIp:FloatingIp"
          ? { address: "203.0.113.50" }
          : {},
  });
  const port = all.find((r) => r.type === "openstack:networking/port:Port");
  t.deepEqual(port?.inputs["fixedIps"], [{ subnetId: "subnet-1" }]);
  const fip = all.find((r) => r.type === "openstack:networking/floatingIp:FloatingIp");
  t.is(fip?.inputs["portId"], "vip-id");
  const [lb] = ofType(all, "LoadBalancer");
  t.is(lb?.inputs["vipAddress"], "10.0.0.100");
  t.is(lb?.inputs["vipPortId"], "vip-id");
  t.is(ofType(all, "Member").length, 3);
  t.deepEqual(
    ofType(all, "Member").map((m) => m.inputs["subnetId"]),
    ["subnet-1", "subnet-1", "subnet-1"],
  );
});
