/**
 * Compares what the peer and the emulator answered: per step the status, the `Content-Type`/`Allow`
 * headers and the body (parsed JSON, so key order does not count, plus whether it ends with a
 * newline), then the stored rules and probe hosts as GET lists them. Each difference is a token:
 * `<step>.status`, `<step>.headers`, `<step>.body` (steps count from 1), `rules`, `hosts`, and
 * `<step>.error-mapping` for the one known version difference of the current error mode (below).
 */
import { isDeepStrictEqual } from "util";
import type { CompareLevel, Mode } from "./case-data";
import type { Answer } from "./exchange";

/** One difference: its token and both sides, for the report. */
export interface Difference {
  readonly token: string;
  readonly peer: string;
  readonly emulator: string;
}

type Bag = Record<string, unknown>;

const sortKey = (v: unknown): string => {
  const b = (v ?? {}) as Bag;
  return JSON.stringify(b["serviceArguments"] ?? b["name"] ?? b);
};

/**
 * The JSON value of a body with loxilb's random orders removed: rules (`lbAttr`) and probe hosts
 * (`Attr`) are listed in Go map order, so both lists are sorted. Endpoint order is kept: it is
 * behaviour (new rules sort by IP, later endpoints append, tombstones revive in place).
 */
export function normalizeJson(value: unknown, volatile: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => normalizeJson(v, volatile));
  if (typeof value !== "object" || value === null) return value;
  const out: Bag = {};
  for (const [k, v] of Object.entries(value as Bag))
    if (!volatile.includes(k)) out[k] = normalizeJson(v, volatile);
  for (const list of ["lbAttr", "Attr"]) {
    const items = out[list];
    if (Array.isArray(items))
      out[list] = [...(items as unknown[])].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  }
  return out;
}

function parsed(body: string, volatile: readonly string[]): { json: unknown } | undefined {
  try {
    return { json: normalizeJson(JSON.parse(body) as unknown, volatile) };
  } catch {
    return undefined;
  }
}

/**
 * True when two bodies are the same: equal JSON (without the `volatile` keys) and the same trailing
 * newline, or equal text.
 */
export function sameBody(a: string, b: string, volatile: readonly string[] = []): boolean {
  const [pa, pb] = [parsed(a, volatile), parsed(b, volatile)];
  if (pa === undefined || pb === undefined) return a === b;
  return a.endsWith("\n") === b.endsWith("\n") && isDeepStrictEqual(pa.json, pb.json);
}

const show = (a: Answer): string => `${a.status} ${a.body.replace(/\n$/, "⏎")}`;

function resultOnly(body: string): string | undefined {
  const p = parsed(body, []);
  const v = p?.json as Bag | undefined;
  if (typeof v !== "object" || v === null || Object.keys(v).length !== 1) return undefined;
  return typeof v["result"] === "string" ? v["result"] : undefined;
}

/**
 * True when the peer (v0.9.8) answered a handler error the old way, `200 {"result":"<error>"}`, and
 * the emulator answered the same error the way loxilb answers it since v0.9.8.5: a 4xx/5xx whose
 * body carries the same `result` and the status as `code`. Only the mapping differs, not the error.
 */
export function onlyErrorMapping(peer: Answer, emu: Answer): boolean {
  const result = resultOnly(peer.body);
  if (peer.status !== 200 || result === undefined || result === "Success" || emu.status === 200) return false;
  const e = parsed(emu.body, [])?.json as Bag | undefined;
  return (
    e?.["result"] === result &&
    e["code"] === emu.status &&
    emu.body.endsWith("\n") &&
    peer.body.endsWith("\n")
  );
}

/** How to compare: JSON keys to leave out, and the emulator's error mode. */
export interface CompareOptions {
  readonly volatile?: readonly string[];
  readonly mode?: Mode;
}

/** The differences between two answers to step `n` (1-based), at the step's compare level. */
export function compareAnswers(
  n: number,
  level: CompareLevel,
  peer: Answer,
  emu: Answer,
  o: CompareOptions = {},
): Difference[] {
  if (level === "none") return [];
  const volatile = o.volatile ?? [];
  const out: Difference[] = [];
  const add = (what: string, p: string, e: string) =>
    out.push({ token: `${n}.${what}`, peer: p, emulator: e });
  if (o.mode === "current" && onlyErrorMapping(peer, emu)) {
    add("error-mapping", show(peer), show(emu));
    return out;
  }
  if (peer.status !== emu.status) add("status", show(peer), show(emu));
  if (level === "status" || peer.status === 0 || emu.status === 0) return out;
  if (!isDeepStrictEqual(peer.headers, emu.headers)) {
    add("headers", JSON.stringify(peer.headers), JSON.stringify(emu.headers));
  }
  if (!sameBody(peer.body, emu.body, volatile)) add("body", show(peer), show(emu));
  return out;
}

/** The difference between two store listings (`rules` or `hosts`), if any. */
export function compareStore(
  token: string,
  peer: Answer,
  emu: Answer,
  volatile: readonly string[] = [],
): Difference[] {
  return peer.status === emu.status && sameBody(peer.body, emu.body, volatile)
    ? []
    : [{ token, peer: show(peer), emulator: show(emu) }];
}
