/**
 * fast-check arbitraries for IP and CIDR text in the many spellings users and loxilb meet: IPv4, IPv6
 * compressed or expanded, upper and mixed case, zero-padded groups, IPv4-mapped and other embedded
 * dotted quads, and (for the Go oracle fixture) the near misses around them: leading zeros, zones,
 * brackets, spaces, five-digit groups, misplaced `::`, odd prefixes.
 *
 * Run as a script it prints a JSON array of inputs for the Go oracle (test/fixtures/go-net/README.md):
 * `node dist/test/helpers/ip-spellings.js > /tmp/ip-inputs.json`.
 */
import fc from "fast-check";

/** A spelling of one address, with the 16 bytes it means (IPv4 as `::ffff:a.b.c.d`, as Go holds it). */
export interface Spelling {
  readonly text: string;
  readonly bytes: readonly number[];
  readonly family: 4 | 6;
}

const V4_IN_V6 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255];

const octet = fc.oneof(fc.constantFrom(0, 1, 10, 127, 192, 255), fc.integer({ min: 0, max: 255 }));

/** A dotted quad in plain decimal, the only IPv4 spelling Go accepts. */
export const ipv4: fc.Arbitrary<Spelling> = fc
  .tuple(octet, octet, octet, octet)
  .map((b) => ({ text: b.join("."), bytes: [...V4_IN_V6, ...b], family: 4 }));

const group = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom(1, 0xffff, 0xdb8, 0x2001, 0xfe80) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
);
const groups8 = fc.array(group, { minLength: 8, maxLength: 8 });

/** Eight groups, often shaped like the special forms: IPv4-mapped, IPv4-compatible, all zeros. */
const ipv6Groups: fc.Arbitrary<readonly number[]> = fc.oneof(
  { weight: 4, arbitrary: groups8 },
  { weight: 1, arbitrary: fc.tuple(group, group).map(([a, b]) => [0, 0, 0, 0, 0, 0xffff, a, b]) },
  { weight: 1, arbitrary: fc.tuple(group, group).map(([a, b]) => [0, 0, 0, 0, 0, 0, a, b]) },
  {
    weight: 1,
    arbitrary: fc.constantFrom([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0, 0, 0]),
  },
);

/** How one hex group is written: case and zero padding. */
const hexStyle = fc.record({ upper: fc.boolean(), pad: fc.integer({ min: 0, max: 3 }) });
const hex = (g: number, s: { upper: boolean; pad: number }) => {
  const h = g.toString(16).padStart(Math.min(4, g.toString(16).length + s.pad), "0");
  return s.upper ? h.toUpperCase() : h;
};

/** The runs of zero groups in `gs[0..end)`: [start, length]. */
function zeroRuns(gs: readonly number[], end: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < end; ) {
    let j = i;
    while (j < end && gs[j] === 0) j++;
    if (j > i) runs.push([i, j - i]);
    i = Math.max(j, i + 1);
  }
  return runs;
}

/** One IPv6 spelling: per-group style, maybe a dotted quad for the last 32 bits, maybe one `::`. */
export const ipv6: fc.Arbitrary<Spelling> = fc
  .record({
    gs: ipv6Groups,
    styles: fc.array(hexStyle, { minLength: 8, maxLength: 8 }),
    dotted: fc.boolean(),
    compress: fc.nat(),
  })
  .map(({ gs, styles, dotted, compress }) => {
    const words = dotted ? 6 : 8;
    const text = gs.slice(0, words).map((g, i) => hex(g, styles[i] ?? { upper: false, pad: 0 }));
    const tail = dotted ? [gs[6]! >> 8, gs[6]! & 255, gs[7]! >> 8, gs[7]! & 255].join(".") : undefined;
    const runs = zeroRuns(gs, words);
    // one choice in (runs + 1) writes every group out
    const run = runs[compress % (runs.length + 1)];
    let body: string;
    if (run === undefined) {
      body = [...text, ...(tail === undefined ? [] : [tail])].join(":");
    } else {
      const [start, len] = run;
      const head = text.slice(0, start).join(":");
      const rest = [...text.slice(start + len), ...(tail === undefined ? [] : [tail])].join(":");
      body = `${head}::${rest}`;
    }
    return { text: body, bytes: gs.flatMap((g) => [g >> 8, g & 255]), family: 6 as const };
  });

/** Any valid spelling of an address. */
export const ipSpelling: fc.Arbitrary<Spelling> = fc.oneof(ipv4, ipv6);

/** Edits that turn a valid spelling into a near miss (or, for some, into another valid one). */
const NEAR_MISSES: ReadonlyArray<(s: string) => string> = [
  (s) => s.replace(/(^|[.:])(\d)(?=[.:]|$)/, "$10$2"), // a leading zero on a short part
  (s) => s.replace(/(^|\.)(\d{1,2})(?=\.|$)/, "$100$2"), // two leading zeros on an octet
  (s) => `${s}%eth0`,
  (s) => `${s}%25`,
  (s) => `${s}%`,
  (s) => `[${s}]`,
  (s) => ` ${s}`,
  (s) => `${s} `,
  (s) => `${s}\n`,
  (s) => s.replace(/:([0-9a-fA-F]{1,4})(?=:|$)/, ":0$1"), // a group padded to five digits when already four
  (s) => s.replace(/:([0-9a-fA-F]{1,4})(?=:|$)/, ":00000"),
  (s) => s.replace("::", ":::"),
  (s) => (s.includes("::") ? `${s}::1` : s.replace(":", "::")),
  (s) => `:${s}`,
  (s) => `${s}:`,
  (s) => `${s}:1`,
  (s) => `1:${s}`,
  (s) => s.replace(/\.\d+$/, ""), // three octets
  (s) => `${s}.1`, // five octets
  (s) => `${s}.`,
  (s) => s.replace(/\d+/, "256"),
  (s) => s.replace(/\d+/, "0x0a"),
  (s) => s.replace(/\d+/, "+1"),
  (s) => s.replace(/\d+\.\d+\.\d+\.\d+$/, "::1.2.3.4"), // a dotted quad after `::` at the end
  (s) => s.replace(/(\d+\.\d+\.\d+\.\d+)$/, "$1:1"), // a dotted quad not at the end
  (s) => s.replace(/[a-f]/, "g"),
  (s) => s.replace(/[a-f]/, "\u0430"), // Cyrillic a
  (s) => s.toUpperCase().replace("::", "::0:"),
];

/** Text around the grammar: a valid spelling, sometimes edited into a near miss. */
export const ipText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: ipSpelling.map((s) => s.text) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(ipSpelling, fc.integer({ min: 0, max: NEAR_MISSES.length - 1 }))
      .map(([s, i]) => NEAR_MISSES[i]!(s.text)),
  },
);

/** A prefix length as written after `/`: mostly in range, sometimes padded, signed, empty or too long. */
const prefixText = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 128 }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 32 }).map((n) => `0${n}`) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 128 }).map((n) => `000000000${n}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", "+8", " 8", "8 ", "-1", "1e1", "33", "129", "999999999999", "٣"),
  },
);

/** IP text, bare or with a prefix: what Go's ParseIP and ParseCIDR both get in the fixture. */
export const ipOrCidrText: fc.Arbitrary<string> = fc.oneof(
  ipText,
  fc.tuple(ipText, prefixText).map(([ip, p]) => `${ip}/${p}`),
);

/** Spellings chosen by hand: the rows of the older table tests and the edges they name. */
export const HAND_PICKED: readonly string[] = [
  "",
  "0.0.0.0",
  "255.255.255.255",
  "::",
  "::1",
  "1::",
  "::ffff:192.0.2.1",
  "::FFFF:192.0.2.1",
  "::ffff:0.0.0.0",
  "::ffff:c000:201",
  "0:0:0:0:0:ffff:192.0.2.1",
  "::192.0.2.1",
  "::ffff:01.2.3.4",
  "64:ff9b::192.0.2.1",
  "2001:DB8::1",
  "2001:0db8:0000:0000:0000:0000:0000:0001",
  "2001:db8:0:1:0:0:0:1",
  "2001:db8:0:0:1:0:0:1",
  "1:2:3:4:5:6:7::",
  "::2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7:8:9",
  "1:2:3:4:5:6:1.2.3.4",
  "1:2:3:4:5:6:7:1.2.3.4",
  "1.2.3.4::",
  "fe80::1%eth0",
  "fe80::1%eth0/64",
  "01.1.1.1",
  "1.2.3.4/32",
  "10.1.2.3/8",
  "10.0.0.0/08",
  "10.0.0.0/0032",
  "10.0.0.0/33",
  "10.0.0.0/",
  "192.0.2.255/25",
  "2001:DB8:AB::1/40",
  "2001:db8::/129",
  "::ffff:1.2.3.4/120",
  "::ffff:1.2.3.4/96",
  "::ffff:1.2.3.4/90",
  "::ffff:1.2.3.4/128",
  "::ffff:1.2.3.4/32",
  "::ffff:0:0/96",
];

if (require.main === module) {
  const generated = fc.sample(ipOrCidrText, { seed: 20261206, numRuns: 2500 });
  const inputs = [...new Set([...HAND_PICKED, ...generated])];
  process.stdout.write(`${JSON.stringify(inputs, null, 0)}\n`);
}
