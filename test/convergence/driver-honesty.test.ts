/**
 * Keeps the in-process driver honest: for generated models, the inputs it builds for each resource
 * equal (up to key order, and ids, which both take from the mocked parents) what the real program
 * (program.ts with the `pulumi-loxilb` classes) registers, and so do the property dependencies the
 * driver's delete-before-replace cascade follows.
 */
import test from "ava";
import fc from "fast-check";
import { captureProgram, unwrapSecrets, type CapturedRegistration, type Wire } from "../../harness";
import { keyOf, registrationsFor, typeOf, type Bag, type Registration } from "./driver-inputs";
import { PROGRAM, ROOT } from "./harness-world";
import type { ProgramArgs } from "./model";
import { stackArb } from "./arbitraries";
import { seedFromEnv } from "./sequence";

const ENDPOINTS = ["http://127.0.0.1:1", "http://127.0.0.1:2"];

/** A registration's inputs in a comparable form: secrets unwrapped, `rule` parsed, no `__provider`. */
function comparable(bag: Bag): Bag {
  const { __provider: _p, ...rest } = unwrapSecrets(bag as Wire) as Bag;
  return typeof rest["rule"] === "string" ? { ...rest, rule: JSON.parse(rest["rule"]) as unknown } : rest;
}

/** The resource key `<kind>:<name>` of a URN (`urn:pulumi:stack::project::type::name`). */
function keyOfUrn(urn: string, regs: readonly Registration[]): string {
  const parts = urn.split("::");
  const [type, name] = [parts[2] ?? "", parts[3] ?? ""];
  const reg = regs.find((r) => typeOf(r.kind) === type && r.name === name);
  return reg === undefined ? urn : keyOf(reg.kind, reg.name);
}

/** The driver's inputs with parents as the mocked monitor answers them: id `<name>-id`, outputs = inputs. */
function driverInputs(regs: readonly Registration[]): Map<string, Bag> {
  const out = new Map<string, Bag>();
  for (const reg of regs) {
    const parent = (key: string) => {
      const name = key.slice(key.indexOf(":") + 1);
      return { id: `${name}-id`, outputs: out.get(key) ?? {} };
    };
    out.set(keyOf(reg.kind, reg.name), JSON.parse(JSON.stringify(reg.inputs(parent))) as Bag);
  }
  return out;
}

function differences(args: ProgramArgs, captured: CapturedRegistration[]): string[] {
  const regs = registrationsFor(args);
  const mine = driverInputs(regs);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of captured) {
    const key = keyOfUrn(c.urn, regs);
    seen.add(key);
    const reg = regs.find((r) => keyOf(r.kind, r.name) === key);
    if (reg === undefined) {
      problems.push(`the program registers ${c.type} ${c.name}, the driver does not`);
      continue;
    }
    const [want, have] = [comparable(c.object), comparable(mine.get(key) ?? {})];
    if (fc.stringify(sorted(want)) !== fc.stringify(sorted(have)))
      problems.push(
        `${key}: the program registers ${fc.stringify(sorted(want))}\n  the driver builds ${fc.stringify(sorted(have))}`,
      );
    const deps = Object.fromEntries(
      Object.entries(c.propertyDependencies)
        .filter(([, urns]) => urns.length > 0)
        .map(([k, urns]) => [k, urns.map((u) => keyOfUrn(u, regs)).join(",")]),
    );
    if (fc.stringify(sorted(deps)) !== fc.stringify(sorted(reg.deps as Bag)))
      problems.push(
        `${key}: property dependencies ${fc.stringify(deps)}, the driver follows ${fc.stringify(reg.deps)}`,
      );
  }
  for (const r of regs)
    if (!seen.has(keyOf(r.kind, r.name)))
      problems.push(`the driver registers ${keyOf(r.kind, r.name)}, the program does not`);
  return problems;
}

/** `v` with object keys sorted at every depth. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (typeof v !== "object" || v === null) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sorted((v as Bag)[k])]),
  );
}

test("the driver builds every resource's inputs as the real program registers them", async (t) => {
  t.timeout(300_000);
  await fc.assert(
    fc.asyncProperty(stackArb, fc.constantFrom(1, 2), async (stack, instances) => {
      const args: ProgramArgs = { endpoints: ENDPOINTS.slice(0, instances), stack };
      const captured = await captureProgram(PROGRAM, {
        args,
        cwd: ROOT,
        project: "convergence",
        stack: "honesty",
      });
      const problems = differences(args, captured);
      if (problems.length > 0) throw new Error(problems.join("\n"));
    }),
    { seed: seedFromEnv(20_261_206), numRuns: 6, includeErrorInReport: true },
  );
  t.pass();
});
