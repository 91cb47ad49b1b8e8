/**
 * `argsAndSpec`: a kind's fields, each declared once, become the args codec users write to and the
 * resolved spec `check` produces. A narrowed field holds both codecs in one entry; `defaulted` is
 * optional in the args and required in the spec; `argsOnly` never reaches the spec.
 */
import test from "ava";
import * as io from "io-ts";
import { isRight } from "fp-ts/Either";
import { argsAndSpec, narrowed, shapeOf } from "../../provider/octavia/codecs";
import { PoolArgs, PoolSpec } from "../../provider/octavia/pool-spec";
import { MEMBER_OPTIONAL_AS_WRITTEN, MemberSpec } from "../../provider/octavia/member-spec";

const ok = (codec: io.Mixed, v: unknown) => isRight(codec.decode(v));

test("one declaration gives the args codec and the spec codec", (t) => {
  const { args, spec, optionalAsWritten } = argsAndSpec(
    { args: "XArgs", spec: "XSpec" },
    {
      required: { kind: narrowed(io.keyof({ a: null, b: null }), io.literal("a")) },
      optional: { name: io.string, limit: narrowed(io.number, io.literal(-1)) },
      defaulted: { up: io.boolean },
      argsOnly: { legacy: io.string },
    },
  );
  t.is(args.name, "XArgs");
  t.is(spec.name, "XSpec");
  t.true(ok(args, { kind: "b", limit: 5, legacy: "x" }), "the args take what users may write");
  t.false(ok(spec, { kind: "b", up: true }), "the spec holds only the narrowed value");
  t.true(ok(spec, { kind: "a", up: true, limit: -1 }));
  t.false(ok(spec, { kind: "a" }), "a defaulted field is always set in the spec");
  t.true(ok(args, { kind: "a" }), "and optional in the args");
  t.deepEqual(Object.keys(shapeOf(args)?.optional ?? {}), ["name", "limit", "up", "legacy"]);
  t.deepEqual(optionalAsWritten, ["name"], "narrowed fields are not copied as written");
});

test("the pool's narrowed fields: PROXY and cookies are args, never spec", (t) => {
  const pool = { protocol: "PROXY", lbMethod: "ROUND_ROBIN", persistence: { type: "HTTP_COOKIE" } };
  t.true(ok(PoolArgs, pool));
  t.false(ok(PoolSpec, { ...pool, adminStateUp: true }));
  t.true(
    ok(PoolSpec, {
      protocol: "PROXYV2",
      lbMethod: "ROUND_ROBIN",
      adminStateUp: true,
      persistence: { type: "SOURCE_IP" },
    }),
  );
  t.false(
    ok(MemberSpec, { address: "10.0.0.1", protocolPort: 80, weight: 1, adminStateUp: true, backup: true }),
  );
  t.deepEqual([...MEMBER_OPTIONAL_AS_WRITTEN], ["monitorAddress", "monitorPort", "subnetId", "name"]);
});
