import test from "ava";
import { isLeft, isRight } from "fp-ts/Either";
import {
  LbSelect,
  LoadbalanceEntry,
  LoadbalancerList,
  formatRuleKey,
  formatValidationErrors,
} from "../../provider/api/model";

test("numeric enums decode to names and encode back to loxilb's numbers", (t) => {
  const decoded = LbSelect.decode(4);
  t.deepEqual(decoded, { _tag: "Right", right: "lc" });
  t.is(LbSelect.encode("priority"), 2);
  t.true(isLeft(LbSelect.decode(7)));
});

test("a GET answer with null arrays decodes to empty arrays", (t) => {
  const body = {
    lbAttr: [
      {
        allowedSources: null,
        endpoints: null,
        secondaryIPs: null,
        serviceArguments: {
          externalIP: "192.0.2.10",
          port: 80,
          protocol: "tcp",
          sel: 4,
          inactiveTimeOut: 240,
        },
      },
    ],
  };
  const r = LoadbalancerList.decode(body);
  if (!isRight(r)) return t.fail(formatValidationErrors(r.left).join("\n"));
  const rule = r.right.lbAttr[0];
  t.deepEqual(rule?.endpoints, []);
  t.deepEqual(rule?.allowedSources, []);
  t.is(rule?.serviceArguments.sel, "lc");
});

test("decode errors name the path of the offending field", (t) => {
  const r = LoadbalanceEntry.decode({
    serviceArguments: { externalIP: "192.0.2.10", port: "80" },
    endpoints: [{ endpointIP: "10.0.0.1", targetPort: 8080, weight: 1.5 }],
  });
  if (!isLeft(r)) return t.fail("expected a decode error");
  const lines = formatValidationErrors(r.left);
  t.true(
    lines.some((l) => l.startsWith('serviceArguments.port: expected an integer, got "80"')),
    lines.join("\n"),
  );
  t.true(
    lines.some((l) => l.startsWith("endpoints.0.weight: expected an integer, got 1.5")),
    lines.join("\n"),
  );
});

test("rule keys format the way loxilb keys rules", (t) => {
  t.is(formatRuleKey({ externalIP: "192.0.2.10", port: 80, protocol: "tcp" }), "tcp:192.0.2.10:80");
  t.is(
    formatRuleKey({ externalIP: "192.0.2.10", port: 80, protocol: "udp", portMax: 80 }),
    "udp:192.0.2.10:80",
  );
  t.is(
    formatRuleKey({ externalIP: "192.0.2.10", port: 80, protocol: "tcp", portMax: 90, block: 2 }),
    "tcp:192.0.2.10:80-90#block2",
  );
});
