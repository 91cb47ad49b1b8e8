import test from "ava";
import type { LbEndpoint } from "../provider/api/model";
import { endpointKey, mergeEndpoints } from "../provider/translate/endpoints";
import { chance, createRng, int } from "./helpers/octavia-gen";

const ep = (
  endpointIP: string,
  targetPort = 80,
  weight = 1,
  extra: Partial<LbEndpoint> = {},
): LbEndpoint => ({
  endpointIP,
  targetPort,
  weight,
  ...extra,
});
const own = (ip: string, port = 80) => ({ ip, port });

test("owned endpoints take their desired weight and keep their live position", (t) => {
  const live = [ep("10.0.0.3"), ep("10.0.0.1"), ep("10.0.0.2")];
  const desired = [ep("10.0.0.1", 80, 25), ep("10.0.0.2", 80, 75), ep("10.0.0.3", 80, 7)];
  t.deepEqual(mergeEndpoints(live, desired, []), [
    ep("10.0.0.3", 80, 7),
    ep("10.0.0.1", 80, 25),
    ep("10.0.0.2", 80, 75),
  ]);
});

test("endpoints added outside Pulumi survive unchanged, weight included", (t) => {
  const live = [ep("10.0.0.9", 80, 40), ep("10.0.0.1")];
  t.deepEqual(mergeEndpoints(live, [ep("10.0.0.1", 80, 2)], [own("10.0.0.1")]), [
    ep("10.0.0.9", 80, 40),
    ep("10.0.0.1", 80, 2),
  ]);
});

test("an owned endpoint that is no longer desired is removed; an unowned one with the same IP on another port stays", (t) => {
  const live = [ep("10.0.0.1"), ep("10.0.0.1", 81), ep("10.0.0.2")];
  t.deepEqual(mergeEndpoints(live, [ep("10.0.0.2")], [own("10.0.0.1"), own("10.0.0.2")]), [
    ep("10.0.0.1", 81),
    ep("10.0.0.2"),
  ]);
});

test("new desired endpoints are appended in desired order", (t) => {
  const live = [ep("10.0.0.5")];
  t.deepEqual(mergeEndpoints(live, [ep("10.0.0.7"), ep("10.0.0.5"), ep("10.0.0.6")], []), [
    ep("10.0.0.5"),
    ep("10.0.0.7"),
    ep("10.0.0.6"),
  ]);
});

test("IP literals match canonically, so an IPv6 endpoint written differently keeps its place", (t) => {
  const live = [ep("2001:db8::1"), ep("10.0.0.1")];
  const desired = [ep("10.0.0.1"), ep("2001:DB8:0:0::1", 80, 3)];
  t.deepEqual(mergeEndpoints(live, desired, []), [ep("2001:DB8:0:0::1", 80, 3), ep("10.0.0.1")]);
  t.deepEqual(mergeEndpoints([ep("2001:db8::2")], [], [own("2001:DB8::0:2")]), []);
});

test("the merged list is a request body: live state and counters are dropped", (t) => {
  const live = [
    ep("10.0.0.1", 80, 1, { state: "inactive", counter: "5:300" }),
    ep("10.0.0.9", 80, 1, { state: "active", counter: "1:1" }),
  ];
  t.deepEqual(mergeEndpoints(live, [ep("10.0.0.1")], []), [ep("10.0.0.1"), ep("10.0.0.9")]);
});

test("duplicate endpoints, live or desired, collapse to the first", (t) => {
  t.deepEqual(
    mergeEndpoints([ep("10.0.0.9"), ep("10.0.0.9", 80, 5)], [ep("10.0.0.1"), ep("10.0.0.1", 80, 9)], []),
    [ep("10.0.0.9"), ep("10.0.0.1")],
  );
});

test("with nothing live the desired list is written; with nothing desired only unowned endpoints remain", (t) => {
  t.deepEqual(mergeEndpoints([], [ep("10.0.0.1"), ep("10.0.0.2")], []), [ep("10.0.0.1"), ep("10.0.0.2")]);
  t.deepEqual(mergeEndpoints([ep("10.0.0.1"), ep("10.0.0.9")], [], [own("10.0.0.1")]), [ep("10.0.0.9")]);
});

test("an endpoint key is the canonical IP and the port", (t) => {
  t.is(endpointKey("2001:DB8:0::1", 443), "2001:db8::1|443");
  t.is(endpointKey("10.0.0.1", 80), "10.0.0.1|80");
});

test("merging random lists keeps exactly the unowned live endpoints and the desired ones, in the promised order", (t) => {
  const r = createRng(99);
  const pool = Array.from({ length: 12 }, (_, i) => [`10.0.0.${i}`, 80 + (i % 2)] as const);
  for (let n = 0; n < 300; n++) {
    const live = pool.filter(() => chance(r, 0.4)).map(([ip, port]) => ep(ip, port, int(r, 0, 100)));
    const desired = pool.filter(() => chance(r, 0.4)).map(([ip, port]) => ep(ip, port, int(r, 1, 100)));
    const owned = pool.filter(() => chance(r, 0.3)).map(([ip, port]) => own(ip, port));
    const key = (e: LbEndpoint) => endpointKey(e.endpointIP, e.targetPort);
    const mine = new Set([...owned.map((o) => endpointKey(o.ip, o.port)), ...desired.map(key)]);
    const out = mergeEndpoints(live, desired, owned);
    const survivors = live.filter((e) => !mine.has(key(e)));
    t.deepEqual(out.map(key).sort(), [...new Set([...survivors, ...desired].map(key))].sort());
    // Survivors and kept desired endpoints appear in live order, then new ones in desired order.
    const liveKeys = live.map(key);
    const kept = out.filter((e) => liveKeys.includes(key(e))).map(key);
    t.deepEqual(
      kept,
      liveKeys.filter((k) => kept.includes(k)),
    );
    const added = out.filter((e) => !liveKeys.includes(key(e))).map(key);
    t.deepEqual(
      added,
      desired.map(key).filter((k) => !liveKeys.includes(k)),
    );
    t.deepEqual(out.slice(out.length - added.length).map(key), added);
    for (const e of out) {
      const want = desired.find((d) => key(d) === key(e)) ?? live.find((l) => key(l) === key(e));
      t.deepEqual(e.weight, want?.weight);
    }
  }
});
