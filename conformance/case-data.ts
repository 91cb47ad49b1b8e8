/**
 * The conformance cases as data (`conformance/cases/*.json`): their io-ts contract, loading, and the
 * request each step sends. A step's body is a literal JSON value (`body`), raw text (`raw`), or a
 * named rule of the file (`rule`) with dotted-path edits (`set`, `unset`).
 */
import * as fs from "fs";
import * as path from "path";
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import { PathReporter } from "io-ts/PathReporter";

/** The emulator's error mode a case runs in: `legacy` (v0.9.8's HTTP 200) or `current` (HEAD's 4xx). */
export const Mode = t.keyof({ legacy: null, current: null });
export type Mode = t.TypeOf<typeof Mode>;

/** What of a step's answer is compared: everything (default), the status only, or nothing (setup). */
export const CompareLevel = t.keyof({ exact: null, status: null, none: null });
export type CompareLevel = t.TypeOf<typeof CompareLevel>;

/** One request. `path` is below `/netlox/v1`; a `null` header value removes a default header. */
export const Step = t.intersection([
  t.type({
    method: t.keyof({ GET: null, POST: null, DELETE: null, PUT: null, OPTIONS: null }),
    path: t.string,
  }),
  t.partial({
    body: t.unknown,
    raw: t.string,
    rule: t.string,
    set: t.record(t.string, t.unknown),
    unset: t.array(t.string),
    headers: t.record(t.string, t.union([t.string, t.null])),
    compare: CompareLevel,
    note: t.string,
  }),
]);
export type Step = t.TypeOf<typeof Step>;

/** One case: a fresh emulator and a fresh peer get the same steps; then both stores are compared. */
export const Case = t.intersection([
  t.type({ id: t.string, title: t.string, steps: t.array(Step) }),
  t.partial({ modes: t.array(Mode), volatile: t.array(t.string), note: t.string }),
]);
export type Case = t.TypeOf<typeof Case>;

/** One file of cases with the rules its steps name. */
export const CaseFile = t.intersection([
  t.type({ cases: t.array(Case) }),
  t.partial({ description: t.string, rules: t.record(t.string, t.unknown) }),
]);
export type CaseFile = t.TypeOf<typeof CaseFile>;

/** A case ready to run: its file's rules resolved into each step's body text. */
export interface LoadedCase {
  readonly id: string;
  readonly title: string;
  readonly modes: readonly Mode[];
  /** JSON keys left out of every comparison (values that change with time on the peer, e.g. `currState`). */
  readonly volatile: readonly string[];
  readonly steps: readonly PreparedStep[];
}

/** A step with its body text and headers decided. */
export interface PreparedStep {
  readonly method: Step["method"];
  readonly path: string;
  readonly body: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly compare: CompareLevel;
}

/** The folder of the case files, from the compiled runner (`dist/conformance`) or the sources. */
export function casesDir(): string {
  const fromDist = path.resolve(__dirname, "..", "..", "conformance", "cases");
  return fs.existsSync(fromDist) ? fromDist : path.resolve(__dirname, "cases");
}

type Bag = Record<string, unknown>;

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Sets (or with `remove`, deletes) the value at a dotted path; numeric segments index arrays. */
function edit(target: unknown, dotted: string, value: unknown, remove: boolean): void {
  const parts = dotted.split(".");
  let at = target as Bag;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (typeof next !== "object" || next === null) throw new Error(`no object at "${part}" of ${dotted}`);
    at = next as Bag;
  }
  const last = parts[parts.length - 1] ?? "";
  if (remove) delete at[last];
  else at[last] = value;
}

function bodyOf(step: Step, rules: Readonly<Record<string, unknown>>, where: string): string | undefined {
  if (step.raw !== undefined) return step.raw;
  if (step.body !== undefined) return JSON.stringify(step.body);
  if (step.rule === undefined) return undefined;
  const base = rules[step.rule];
  if (base === undefined) throw new Error(`${where}: unknown rule "${step.rule}"`);
  const value = clone(base);
  for (const [p, v] of Object.entries(step.set ?? {})) edit(value, p, v, false);
  for (const p of step.unset ?? []) edit(value, p, undefined, true);
  return JSON.stringify(value);
}

function prepare(step: Step, rules: Readonly<Record<string, unknown>>, where: string): PreparedStep {
  const body = bodyOf(step, rules, where);
  const headers: Record<string, string> = body === undefined ? {} : { "Content-Type": "application/json" };
  for (const [k, v] of Object.entries(step.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = v;
  }
  return { method: step.method, path: step.path, body, headers, compare: step.compare ?? "exact" };
}

/** Decodes one file's text; throws with the file name and io-ts's paths when it does not fit. */
export function parseCaseFile(text: string, name: string): LoadedCase[] {
  const decoded = CaseFile.decode(JSON.parse(text) as unknown);
  if (isLeft(decoded)) throw new Error(`${name}: ${PathReporter.report(decoded).join("; ")}`);
  const rules = decoded.right.rules ?? {};
  return decoded.right.cases.map((c) => ({
    id: c.id,
    title: c.title,
    modes: c.modes ?? ["legacy", "current"],
    volatile: c.volatile ?? [],
    steps: c.steps.map((s, i) => prepare(s, rules, `${name} ${c.id} step ${i + 1}`)),
  }));
}

/** Every case of every `*.json` in `dir`, in file then case order; ids must be unique. */
export function loadCases(dir = casesDir()): LoadedCase[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const cases = files.flatMap((f) => parseCaseFile(fs.readFileSync(path.join(dir, f), "utf8"), f));
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  return cases;
}
