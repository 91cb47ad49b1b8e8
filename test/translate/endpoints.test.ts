import test from "ava";
import { endpointKey } from "../../provider/api/rule-identity";

test("an endpoint key is the canonical IP and the port", (t) => {
  t.is(endpointKey("2001:DB8:0:0::1", 80), endpointKey("2001:db8::1", 80));
  t.not(endpointKey("10.0.0.1", 80), endpointKey("10.0.0.1", 81));
});
