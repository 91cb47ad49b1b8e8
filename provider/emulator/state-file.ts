/**
 * Persistence: rules, probe hosts (user-created ones, forced states, probe results) and HA instances
 * as JSON, loaded at start and rewritten atomically (temp file + rename) after changes, coalesced to
 * one write per tick. Flushed on close.
 */
import * as fs from "fs";
import * as path from "path";
import type { CiInstance, EmulatorState } from "./emulator-state";
import type { ProbeHost } from "./endpoint-hosts";
import type { StoredRule } from "./rule-store";

/** The file format (version 1). */
interface StateFileV1 {
  readonly version: 1;
  readonly rules: StoredRule[];
  readonly hosts: ProbeHost[];
  readonly probeResults: Array<[string, "ok" | "nok"]>;
  readonly instances: Array<[string, CiInstance]>;
}

function snapshot(state: EmulatorState): StateFileV1 {
  return {
    version: 1,
    rules: [...state.store.rules.values()],
    hosts: [...state.hosts.hosts.values()],
    probeResults: [...state.hosts.results],
    instances: [...state.instances],
  };
}

function load(state: EmulatorState, file: string): void {
  if (!fs.existsSync(file)) return;
  const data = JSON.parse(fs.readFileSync(file, "utf8")) as StateFileV1;
  if (data.version !== 1) throw new Error(`${file}: unsupported state file version ${String(data.version)}`);
  for (const rule of data.rules) {
    state.store.restore(rule);
    state.timeline.created(rule.key);
  }
  for (const h of data.hosts) state.hosts.hosts.set(h.key, { ...h, refs: 0 });
  for (const rule of data.rules) state.hosts.syncRule(rule.key, rule);
  for (const [k, v] of data.probeResults) state.hosts.results.set(k, v);
  for (const [k, v] of data.instances) state.instances.set(k, v);
}

/** Writes `text` to `file` atomically (same-directory temp file, then rename). */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.promises.writeFile(tmp, text);
  await fs.promises.rename(tmp, file);
}

/** Loads `file` into `state` and keeps it up to date; `flush()` waits for the last write. */
export function attachStateFile(state: EmulatorState, file: string): { flush(): Promise<void> } {
  load(state, file);
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    writing = writing.then(async () => {
      if (!dirty) return;
      dirty = false;
      await writeAtomic(file, JSON.stringify(snapshot(state)));
    });
    return writing;
  };
  state.onChange = () => {
    if (dirty) return;
    dirty = true;
    setImmediate(() => void write().catch(() => undefined));
  };
  return { flush: () => write() };
}
