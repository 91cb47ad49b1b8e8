import test from "ava";
import type { LbEndpoint } from "../../provider/api/model";
import { OperatingStatus, ProvisioningStatus } from "../../provider/octavia/status";
import {
  listenerOperatingStatus,
  loadBalancerOperatingStatus,
  memberOperatingStatus,
  poolOperatingStatus,
  type MemberStatus,
  type MemberStatusInput,
} from "../../provider/translate/status";

const active: LbEndpoint = { endpointIP: "10.0.0.1", targetPort: 80, weight: 1, state: "active" };
const inactive: LbEndpoint = { ...active, state: "inactive" };
const up = { adminStateUp: true, weight: 1 };

test("a member's status follows its admin state, weight, endpoint presence and probe state", (t) => {
  const rows: Array<[string, MemberStatusInput, MemberStatus]> = [
    ["monitored and active", { member: up, endpoint: active, monitored: true, ruleEnabled: true }, "ONLINE"],
    [
      "monitored and inactive",
      { member: up, endpoint: inactive, monitored: true, ruleEnabled: true },
      "ERROR",
    ],
    [
      "monitored, no state reported",
      { member: up, endpoint: { ...active, state: undefined as never }, monitored: true, ruleEnabled: true },
      "ONLINE",
    ],
    [
      "not monitored (state means nothing)",
      { member: up, endpoint: inactive, monitored: false, ruleEnabled: true },
      "NO_MONITOR",
    ],
    ["weight 0", { member: { ...up, weight: 0 }, monitored: true, ruleEnabled: true }, "DRAINING"],
    [
      "admin down",
      { member: { ...up, adminStateUp: false }, endpoint: active, monitored: true, ruleEnabled: true },
      "OFFLINE",
    ],
    ["a parent admin down", { member: up, monitored: true, ruleEnabled: false }, "OFFLINE"],
    ["its endpoint vanished", { member: up, monitored: true, ruleEnabled: true }, "GONE"],
    ["an endpoint seen only in loxilb", { endpoint: inactive, monitored: true, ruleEnabled: true }, "ERROR"],
    [
      "an explicit undefined member",
      { member: undefined, endpoint: active, monitored: false, ruleEnabled: true },
      "NO_MONITOR",
    ],
  ];
  for (const [title, input, status] of rows) t.is(memberOperatingStatus(input), status, title);
});

test("a pool rolls up its members the Octavia way", (t) => {
  const rows: Array<[MemberStatus[], boolean, OperatingStatus]> = [
    [["ONLINE", "ONLINE"], true, "ONLINE"],
    [["ONLINE", "ERROR"], true, "DEGRADED"],
    [["ONLINE", "GONE"], true, "DEGRADED"],
    [["ERROR", "ERROR"], true, "ERROR"],
    [["ERROR", "GONE", "DRAINING", "OFFLINE"], true, "ERROR"],
    [["NO_MONITOR", "NO_MONITOR"], true, "ONLINE"],
    [["NO_MONITOR", "GONE"], true, "DEGRADED"],
    [["DRAINING", "ONLINE"], true, "ONLINE"],
    [["DRAINING", "OFFLINE"], true, "OFFLINE"],
    [[], true, "OFFLINE"],
    [["ONLINE"], false, "OFFLINE"],
  ];
  for (const [members, adminStateUp, status] of rows)
    t.is(poolOperatingStatus(members, adminStateUp), status, `${members.join(",")} up=${adminStateUp}`);
});

test("a listener is ONLINE while its rule is programmed, whatever its pool's health", (t) => {
  const rows: Array<[OperatingStatus[], boolean, boolean, OperatingStatus]> = [
    [["ONLINE"], true, false, "ONLINE"],
    [["DEGRADED"], true, false, "ONLINE"],
    [["ERROR"], true, false, "ONLINE"],
    [["OFFLINE"], true, false, "OFFLINE"],
    [[], true, false, "OFFLINE"],
    [["ONLINE"], true, true, "ERROR"],
    [["ONLINE"], false, true, "OFFLINE"],
  ];
  for (const [pools, adminStateUp, ruleMissing, status] of rows) {
    t.is(
      listenerOperatingStatus(pools, adminStateUp, { ruleMissing }),
      status,
      `${pools.join(",")} up=${adminStateUp} missing=${ruleMissing}`,
    );
  }
  t.is(listenerOperatingStatus(["ONLINE"], true), "ONLINE");
});

test("a load balancer is ERROR when a child is, DEGRADED when one is degraded, else ONLINE", (t) => {
  const rows: Array<[OperatingStatus[], boolean, OperatingStatus]> = [
    [[], true, "ONLINE"],
    [["ONLINE", "ONLINE"], true, "ONLINE"],
    [["ONLINE", "DEGRADED"], true, "DEGRADED"],
    [["ONLINE", "DEGRADED", "ERROR"], true, "ERROR"],
    [["OFFLINE", "NO_MONITOR"], true, "ONLINE"],
    [["ERROR"], false, "OFFLINE"],
  ];
  for (const [children, adminStateUp, status] of rows)
    t.is(loadBalancerOperatingStatus(children, adminStateUp), status, `${children.join(",")}`);
});

test("one failing member of a monitored rule makes its pool and load balancer DEGRADED, its listener stays ONLINE", (t) => {
  const endpoints = [active, { ...inactive, endpointIP: "10.0.0.2" }];
  const members = endpoints.map((endpoint) =>
    memberOperatingStatus({ member: up, endpoint, monitored: true, ruleEnabled: true }),
  );
  const pool = poolOperatingStatus(members, true);
  const listener = listenerOperatingStatus([pool], true);
  t.deepEqual(
    [members, pool, listener, loadBalancerOperatingStatus([listener, pool], true)],
    [["ONLINE", "ERROR"], "DEGRADED", "ONLINE", "DEGRADED"],
  );
});

test("the status enums decode Octavia's values and refuse others", (t) => {
  t.true(OperatingStatus.is("NO_MONITOR"));
  t.false(OperatingStatus.is("GONE"));
  t.true(ProvisioningStatus.is("PENDING_UPDATE"));
  t.false(ProvisioningStatus.is("ONLINE"));
});
