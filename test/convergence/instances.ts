import { asText } from "../helpers/text";
/**
 * What a convergence run needs of the LoxiLB instances it deploys to, whatever serves them: the
 * emulator (emulators.ts, the default) or loxilb-peer, loxilb v0.9.8's own rule manager
 * (peer-instances.ts).
 */

/** One rule as an instance holds it, without anything that depends on how it got there. */
export interface HeldRule {
  readonly key: string;
  readonly name: string;
  /** GET view: `serviceArguments` without the name, endpoints sorted without counters and states. */
  readonly view: unknown;
  /**
   * Fields GET hides (probe interval and retries, the idle timeout), where the instance shows them
   * (the emulator's state file); undefined where nothing shows them (loxilb-peer).
   */
  readonly hidden?: unknown;
}

export interface Instances {
  readonly count: number;
  /** The API endpoints the program is given, one per instance. */
  readonly urls: string[];
  /** The rules instance `i` lists (`GET /config/loadbalancer/all`'s `lbAttr`). */
  liveRules(i: number): Promise<Array<Record<string, unknown>>>;
  /** What instance `i` holds, sorted by key. */
  held(i: number): Promise<HeldRule[]>;
  /** The probe timing a re-POST of the rule at `key` must carry so as not to change it ({} when unknown). */
  probeTiming(i: number, key: string): Promise<Record<string, unknown>>;
  /** Stop instance `i` and start it again at the same URL with nothing (a loxilb restart). */
  restart(i: number): Promise<void>;
  /** Start counting requests from now. */
  mark(): void;
  /** Per instance, the rule keys DELETEd since the mark (one entry per request; "?" when not by key). */
  deletesSinceMark(): string[][];
  /** Per instance, the requests since the mark that write (anything but GET). */
  writesSinceMark(): string[][];
  close(): Promise<void>;
}

type Bag = Record<string, unknown>;

/** `tcp:192.0.2.50:80`, the rule key of a listed rule's service arguments. */
export const keyOfSa = (sa: Bag): string =>
  `${asText(sa["protocol"], "tcp")}:${String(sa["externalIP"])}:${Number(sa["port"])}`;

/** The path-independent GET view of a listed rule. */
export function viewOf(rule: Bag): unknown {
  const { name: _name, ...sa } = rule["serviceArguments"] as Bag;
  const endpoints = ((rule["endpoints"] as Bag[] | null) ?? [])
    .map((e) => `${String(e["endpointIP"])}:${Number(e["targetPort"])} w${Number(e["weight"])}`)
    .sort();
  const sources = ((rule["allowedSources"] as Bag[] | null) ?? []).map((s) => String(s["prefix"])).sort();
  return { sa, endpoints, sources };
}

/** `tcp:192.0.2.50:80` from a DELETE path by key, or `?<path>` for any other DELETE. */
export function deletedKey(p: string): string {
  const m = /\/externalipaddress\/([^/]+)\/port\/(\d+)(?:\/portmax\/\d+)?\/protocol\/([a-z]+)/.exec(p);
  return m === null ? `?${p}` : `${m[3]}:${decodeURIComponent(m[1]!)}:${m[2]}`;
}
