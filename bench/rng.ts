/**
 * The seeded PRNG of the benchmarks' churn rounds, also behind the test suite's input generators
 * (`test/helpers/octavia-gen.ts`): the same seed gives the same sequence on every machine.
 */

/** A source of floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both included. */
export const int = (r: Rng, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
