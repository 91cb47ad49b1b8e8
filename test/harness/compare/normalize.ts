/**
 * What must differ between two runs of the same scenario, mapped to stable names so the rest can be
 * compared exactly: ids the provider or the engine generated (uuids, named after the resource that
 * got them, in the order it got them), the emulators' and the engine's ports, the random seed of
 * Check. Field names of the gRPC messages compare without case (message-json.ts), enums by name.
 * Nothing is dropped here; differences that stay are in allowlist.ts.
 */
import type { ProviderCall } from "../../../harness/grpc-log";
import { isObject, summarize, UNKNOWN, type Wire, type WireMap } from "../../../harness/wire";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ADDRESS = /127\.0\.0\.1:\d+/g;
const DIFF_CHANGES = ["DIFF_UNKNOWN", "DIFF_NONE", "DIFF_SOME"];

/** `Type::name` of a URN, short enough to read in a report. */
export function shortUrn(urn: string): string {
  const parts = urn.split("::");
  const type = (parts[2] ?? "").split("$").pop() ?? "";
  return `${type.split(":").pop() ?? type}::${parts.slice(3).join("::")}`;
}

/** One engine's names for the generated values of its run. */
export class Normalizer {
  private readonly ids = new Map<string, string>();
  private readonly perUrn = new Map<string, number>();

  /** `emulators`: the LoxiLB URLs of this engine's run, in the order the scenario declares them. */
  constructor(private readonly emulators: readonly string[]) {}

  /** Learn the ids of a run's calls: who got each id from Create or Read, the provider's id from Configure. */
  learn(calls: readonly ProviderCall[]): void {
    for (const c of calls) {
      const id = c.method === "Configure" ? c.request["id"] : isObject(c.response) ? c.response["id"] : "";
      if (typeof id !== "string" || id === "" || this.ids.has(id)) continue;
      if (c.method === "Configure") this.ids.set(id, "<provider id>");
      else if (c.method === "Create" || c.method === "Read") {
        const n = (this.perUrn.get(c.urn) ?? 0) + 1;
        this.perUrn.set(c.urn, n);
        this.ids.set(id, `<id ${shortUrn(c.urn)}${n > 1 ? ` #${n}` : ""}>`);
      }
    }
  }

  /** A string with generated values named. */
  text(s: string): string {
    let out = s;
    this.emulators.forEach((url, i) => (out = out.split(url).join(`<emulator ${i}>`)));
    return out
      .replace(ADDRESS, "<address>")
      .replace(UUID, (u) => (u === UNKNOWN ? u : (this.ids.get(u) ?? "<uuid>")));
  }

  /** Any value, deep; `__provider` texts become their digest. */
  value(v: Wire): Wire {
    if (typeof v === "string") return this.text(v);
    if (Array.isArray(v)) return v.map((e) => this.value(e));
    if (isObject(v)) {
      const out: WireMap = {};
      for (const [k, e] of Object.entries(summarize(v) as WireMap)) out[this.text(k)] = this.value(e);
      return out;
    }
    return v;
  }

  /** A call with generated values named, message field names lower-cased, enums by name. */
  call(c: ProviderCall): ProviderCall {
    return {
      method: c.method,
      urn: c.urn,
      request: this.message(c.request),
      ...(c.response !== undefined ? { response: this.message(c.response) } : {}),
      ...(c.error !== undefined ? { error: this.text(c.error) } : {}),
    };
  }

  private message(m: Wire): WireMap {
    const out: WireMap = {};
    if (!isObject(m)) return out;
    for (const [k, v] of Object.entries(m)) {
      const key = k.toLowerCase();
      if (key === "randomseed") out[key] = "<random seed>";
      else if (key === "changes" && typeof v === "number") out[key] = DIFF_CHANGES[v] ?? v;
      else out[key] = this.value(v);
    }
    return out;
  }
}
