/**
 * The LoxiLB instances a convergence run deploys to: one emulator, or two (an HA pair written with
 * `replication: "all"`). Each persists to a state file, which is the only place the emulator shows
 * what GET hides (probe interval and retries, the effective idle timeout). Also: what each instance
 * holds in a form that does not depend on the path (no names, ids, order, counters or states), and
 * the DELETEs of rules since a mark.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../../provider/emulator";
import type { LoxilbEmulator, RequestLogEntry } from "../../provider/emulator/types";
import { deletedKey, keyOfSa, viewOf, type HeldRule, type Instances } from "./instances";
import { asText } from "../helpers/text";

export { deletedKey, type HeldRule } from "./instances";

/**
 * Rule capacity of the emulators. loxilb numbers rules from a counter that reuses freed numbers only
 * once it reaches its capacity, and refuses `allowedSources` on rules numbered above 28: a long
 * sequence of recreates would run into that limit (a LoxiLB limit, not a path dependence). A small
 * capacity makes the counter wrap early; a stack of this model never holds more than 3 rules.
 */
export const EMULATOR_MAX_RULES = 8;

type Bag = Record<string, unknown>;

const DIR_PREFIX = "convergence-";

function hiddenOf(stored: Bag): unknown {
  const sa = stored["sa"] as Bag;
  return {
    probeTimeout: sa["probeTimeout"] ?? null,
    probeRetries: sa["probeRetries"] ?? null,
    inactiveTimeOut: sa["inactiveTimeOut"] ?? null,
    monitor: stored["monitor"] ?? null,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EmulatorSet implements Instances {
  private marks: number[];

  private constructor(
    private readonly handles: LoxilbEmulator[],
    private readonly files: string[],
  ) {
    this.marks = handles.map(() => 0);
  }

  static async start(count: number): Promise<EmulatorSet> {
    trackStateWrites();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX));
    const files = Array.from({ length: count }, (_, i) => path.join(dir, `loxilb-${i}.json`));
    const handles = await Promise.all(
      files.map((stateFile) => startEmulator({ maxRules: EMULATOR_MAX_RULES, stateFile })),
    );
    return new EmulatorSet(handles, files);
  }

  get count(): number {
    return this.handles.length;
  }

  get urls(): string[] {
    return this.handles.map((h) => h.url);
  }

  at(i: number): LoxilbEmulator {
    return this.handles[i % this.handles.length]!;
  }

  liveRules(i: number): Promise<Bag[]> {
    return Promise.resolve(this.at(i).rules() as unknown as Bag[]);
  }

  /** Stop instance `i` and start it again on the same port with nothing (a loxilb restart without state). */
  async restart(i: number): Promise<void> {
    const at = i % this.handles.length;
    const old = this.handles[at]!;
    await old.close();
    fs.rmSync(this.files[at]!, { force: true });
    this.handles[at] = await startEmulator({
      port: old.port,
      maxRules: EMULATOR_MAX_RULES,
      stateFile: this.files[at]!,
    });
    this.marks[at] = 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.close()));
    fs.rmSync(path.dirname(this.files[0]!), { recursive: true, force: true });
  }

  /** Start counting requests from now (out-of-band requests before the mark are not counted). */
  mark(): void {
    this.marks = this.handles.map((h) => h.requests().length);
  }

  /** Requests each instance served since the mark. */
  sinceMark(): RequestLogEntry[][] {
    return this.handles.map((h, i) => h.requests().slice(this.marks[i]));
  }

  /** Per instance, the rule keys DELETEd since the mark (one entry per request; "?" when not by key). */
  deletesSinceMark(): string[][] {
    return this.sinceMark().map((reqs) =>
      reqs.filter((r) => r.method === "DELETE").map((r) => deletedKey(r.path)),
    );
  }

  /** Per instance, the requests since the mark that write (anything but GET). */
  writesSinceMark(): string[][] {
    return this.sinceMark().map((reqs) =>
      reqs.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
    );
  }

  /** What instance `i` holds, sorted by key. */
  async held(i: number): Promise<HeldRule[]> {
    const h = this.at(i);
    const stored = await this.storedRules(i);
    return (h.rules() as unknown as Bag[])
      .map((r) => {
        const sa = r["serviceArguments"] as Bag;
        const key = keyOfSa(sa);
        const s = stored.find((x) => x["key"] === key);
        return { key, name: asText(sa["name"]), view: viewOf(r), hidden: s ? hiddenOf(s) : "missing" };
      })
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  /**
   * The stored rules of instance `i` from its state file, once every write the emulator started has
   * landed (see {@link trackStateWrites}).
   */ /**
   * The probe timing instance `i` holds for the rule at `key` (GET does not show it), as a re-POST
   * must carry it: loxilb takes probe timing from every re-POST that changes anything.
   */
  async probeTiming(i: number, key: string): Promise<Bag> {
    const stored = (await this.storedRules(i)).find((r) => r["key"] === key);
    const sa = (stored?.["sa"] ?? {}) as Bag;
    return Object.fromEntries(
      ["probeTimeout", "probeRetries"].filter((k) => sa[k] !== undefined).map((k) => [k, sa[k]]),
    );
  }

  private async storedRules(i: number): Promise<Bag[]> {
    const file = this.files[i % this.files.length]!;
    await new Promise((r) => setImmediate(r));
    for (let n = 0; inFlight > 0; n++) {
      if (n > 1000) throw new Error(`the state file ${file} is still being written after 2 s`);
      await sleep(2);
    }
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : '{"rules":[]}';
    return (JSON.parse(text) as { rules: Bag[] }).rules;
  }
}

let inFlight = 0;

/**
 * Count the emulators' state-file writes in flight (temp file written, then renamed). The emulator
 * schedules a write right after each change and chains the next one in the same microtask as the
 * previous rename, so a count of 0 seen from a timer means the file holds every change made so far.
 */
function trackStateWrites(): void {
  const p = fs.promises as unknown as Record<string, unknown> & { __convergence?: boolean };
  if (p.__convergence === true) return;
  p.__convergence = true;
  const writeFile = fs.promises.writeFile.bind(fs.promises);
  const rename = fs.promises.rename.bind(fs.promises);
  const ours = (f: unknown) => typeof f === "string" && f.includes(`${path.sep}${DIR_PREFIX}`);
  p["writeFile"] = async (...args: Parameters<typeof writeFile>) => {
    if (ours(args[0])) inFlight++;
    try {
      return await writeFile(...args);
    } catch (e) {
      if (ours(args[0])) inFlight--;
      throw e;
    }
  };
  p["rename"] = async (from: string, to: string) => {
    try {
      return await rename(from, to);
    } finally {
      if (ours(from)) inFlight--;
    }
  };
}

/** POST a rule to instance `i` as it is (out of band); false when the emulator refused it. */
export async function postRule(url: string, rule: unknown): Promise<boolean> {
  const res = await fetch(`${url}/netlox/v1/config/loadbalancer`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(rule),
  });
  await res.text();
  return res.status === 200;
}

/** DELETE a path below /netlox/v1 (out of band). */
export async function deletePath(url: string, p: string): Promise<void> {
  const res = await fetch(`${url}/netlox/v1${p}`, { method: "DELETE" });
  await res.text();
}
