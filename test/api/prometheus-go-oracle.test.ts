/**
 * The Prometheus text format against client_golang, which loxilb serves `/metrics` with. The cases
 * are fast-check family sets (test/helpers/prom-families.ts) written by the Go oracle
 * (test/fixtures/go-oracle): the emulator's writer must print the same text, and the client's parser
 * must read back every sample. The last property runs live on fresh family sets.
 */
import test from "ava";
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { parsePrometheusText } from "../../provider/api/prometheus-text";
import { exposition, type ExpositionFamily } from "../../provider/emulator/metrics-prometheus";
import { familySet, type GenFamily } from "../helpers/prom-families";

interface GoCase {
  readonly families: ReadonlyArray<
    Omit<GenFamily, "samples"> & { readonly samples: ReadonlyArray<{ values: string[]; value: string }> }
  >;
  readonly text?: string;
  readonly error?: string;
}

const FIXTURE = path.join(__dirname, "..", "..", "..", "test", "fixtures", "go-oracle", "prom-cases.json");
const CASES = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as readonly GoCase[];

const goNumber = (s: string) =>
  s === "+Inf" ? Infinity : s === "-Inf" ? -Infinity : s === "NaN" ? NaN : Number(s);

const toExposition = (families: readonly GenFamily[]): ExpositionFamily[] =>
  families.map((f) => ({
    name: f.name,
    type: f.type,
    help: f.help,
    samples: f.samples.map((s) => [
      Object.fromEntries(f.labels.map((l, i) => [l, s.values[i] ?? ""])),
      s.value,
    ]),
  }));

const fromGo = (c: GoCase): GenFamily[] =>
  c.families.map((f) => ({
    ...f,
    samples: f.samples.map((s) => ({ values: s.values, value: goNumber(s.value) })),
  }));

/** Samples as comparable text, in a fixed order (NaN equals NaN; -0 equals 0, as Go prints it). */
function sampleKeys(
  samples: ReadonlyArray<{ name: string; labels: Record<string, string>; value: number }>,
): string[] {
  return samples
    .map((s) =>
      JSON.stringify([s.name, Object.entries(s.labels).sort(), Number.isNaN(s.value) ? "NaN" : s.value + 0]),
    )
    .sort();
}

const expectedKeys = (families: readonly GenFamily[]) =>
  sampleKeys(
    families.flatMap((f) =>
      f.samples.map((s) => ({
        name: f.name,
        labels: Object.fromEntries(f.labels.map((l, i) => [l, s.values[i] ?? ""])),
        value: s.value,
      })),
    ),
  );

function parsedKeys(text: string): string[] | { problems: string[] } {
  const r = parsePrometheusText(text);
  return Array.isArray(r) ? sampleKeys(r) : r;
}

test("the Go fixture holds client_golang's text for every generated family set", (t) => {
  t.true(CASES.length >= 200);
  t.deepEqual(
    CASES.filter((c) => c.text === undefined).map((c) => c.error),
    [],
  );
});

test("the emulator writes byte for byte what client_golang writes (order, escaping, Go floats)", (t) => {
  const differing = CASES.filter((c) => exposition(toExposition(fromGo(c))) !== c.text);
  t.deepEqual(
    differing.slice(0, 3).map((c) => [c.text, exposition(toExposition(fromGo(c)))]),
    [],
  );
});

test("the client reads every sample back from what client_golang writes, with or without the final newline", (t) => {
  const misread = CASES.filter((c) => {
    const want = JSON.stringify(expectedKeys(fromGo(c)));
    const text = c.text ?? "";
    return (
      JSON.stringify(parsedKeys(text)) !== want || JSON.stringify(parsedKeys(text.slice(0, -1))) !== want
    );
  });
  t.deepEqual(
    misread.slice(0, 3).map((c) => c.text),
    [],
  );
});

test("escaped label values come back in one pass: a literal backslash-n is not a newline", (t) => {
  t.deepEqual(parsePrometheusText('m{a="x\\\\ny",b="q\\"\\n"} 1\n'), [
    { name: "m", labels: { a: "x\\ny", b: 'q"\n' }, value: 1 },
  ]);
});

test("what the emulator writes, the client reads back (any labels, help and float64 values)", (t) => {
  fc.assert(
    fc.property(familySet, (families) => {
      const text = exposition(toExposition(families));
      return JSON.stringify(parsedKeys(text)) === JSON.stringify(expectedKeys(families));
    }),
    { numRuns: 300 },
  );
  t.pass();
});
