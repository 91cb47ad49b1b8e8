/**
 * fast-check arbitraries for sets of Prometheus families as loxilb's collectors hold them: gauges and
 * counters with fixed label names, label values in any text (quotes, backslashes, newlines, braces,
 * commas, non-ASCII), help in any text, and values across float64 (integers, fractions, huge, tiny,
 * -0, ±Inf, NaN).
 *
 * Run as a script it prints a JSON array of family sets for the Go oracle (test/fixtures/go-oracle):
 * `node dist/test/helpers/prom-families.js > /tmp/prom-inputs.json`.
 */
import fc from "fast-check";

export interface GenFamily {
  readonly name: string;
  readonly type: "gauge" | "counter";
  readonly help: string;
  readonly labels: readonly string[];
  readonly samples: ReadonlyArray<{ readonly values: readonly string[]; readonly value: number }>;
}

const metricName = fc.oneof(
  fc.constantFrom("lb_rule_count", "loxilb_lb_rule_interaction_bytes_total", "processed_bytes", "a", "x:y"),
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,20}$/),
);
const labelName = fc.oneof(
  fc.constantFrom("service", "sip", "dip", "fw_rule", "le", "a_b"),
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,10}$/),
);
/** Any text, weighted toward the characters the text format escapes or delimits. */
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc
    .array(fc.constantFrom('"', "\\", "\n", "{", "}", ",", "=", " ", "#", "a", "é", "\\n", "\t"), {
      maxLength: 8,
    })
    .map((a) => a.join("")),
);
const value = fc.oneof(
  fc.integer({ min: -1e6, max: 1e15 }),
  fc.double(),
  fc.constantFrom(0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456.7, 1234567, Number.MAX_VALUE, Number.MIN_VALUE),
);

const family: fc.Arbitrary<GenFamily> = fc
  .record({
    name: metricName,
    type: fc.constantFrom("gauge" as const, "counter" as const),
    help: text,
    labels: fc.uniqueArray(labelName, { maxLength: 3 }),
  })
  .chain((f) =>
    fc
      .uniqueArray(
        fc.record({
          values: fc.array(text, { minLength: f.labels.length, maxLength: f.labels.length }),
          value,
        }),
        { minLength: 1, maxLength: f.labels.length === 0 ? 1 : 4, selector: (s) => JSON.stringify(s.values) },
      )
      .map((samples) => ({ ...f, samples })),
  );

/** One scrape's families, with distinct names. */
export const familySet: fc.Arbitrary<readonly GenFamily[]> = fc.uniqueArray(family, {
  minLength: 1,
  maxLength: 5,
  selector: (f) => f.name,
});

/** A float64 as a Go literal, since JSON has no NaN or infinities. */
export function goLiteral(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return Object.is(v, -0) ? "-0" : String(v);
}

if (require.main === module) {
  const sets = fc.sample(familySet, { seed: 20261206, numRuns: 200 });
  const inputs = sets.map((families) => ({
    families: families.map((f) => ({
      ...f,
      samples: f.samples.map((s) => ({ values: s.values, value: goLiteral(s.value) })),
    })),
  }));
  process.stdout.write(`${JSON.stringify(inputs)}\n`);
}
