/**
 * The differences between two normalized runs, as readable lines: provider calls per resource in
 * the order each resource got them (calls of independent resources may interleave differently, the
 * calls of one resource may not), and the checkpoint per resource.
 */
import type { ProviderCall } from "../../../harness/grpc-log";
import { isObject, type Wire, type WireMap } from "../../../harness/wire";
import { shortUrn } from "./normalize";
import { asText } from "../../helpers/text";

const show = (v: Wire | undefined) => (v === undefined ? "(absent)" : JSON.stringify(v));

/** Paths where `a` (harness) and `b` (cli) differ, with both values; at most `limit` lines. */
export function valueDiffs(a: Wire | undefined, b: Wire | undefined, path = "", limit = 8): string[] {
  const out: string[] = [];
  const walk = (x: Wire | undefined, y: Wire | undefined, p: string) => {
    if (out.length >= limit) return;
    if (isObject(x) && isObject(y)) {
      for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort())
        walk(x[k], y[k], `${p}.${k}`);
    } else if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      x.forEach((e, i) => walk(e, y[i], `${p}[${i}]`));
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      out.push(`${p.replace(/^\./, "") || "(value)"}: harness ${show(x)}, cli ${show(y)}`);
    }
  };
  walk(a, b, path);
  return out;
}

/** The calls grouped by resource (`(plugin)` for calls without a URN), each group in call order. */
export function byResource(calls: readonly ProviderCall[]): Map<string, ProviderCall[]> {
  const groups = new Map<string, ProviderCall[]>();
  for (const c of calls) {
    const key = c.urn === "" ? "(plugin)" : shortUrn(c.urn);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return groups;
}

const callBody = (c: ProviderCall): WireMap => ({
  request: c.request,
  ...(c.response !== undefined ? { response: c.response } : {}),
  ...(c.error !== undefined ? { error: c.error } : {}),
});

/** Differences between the provider calls of one operation. */
export function callDiffs(
  op: string,
  harness: readonly ProviderCall[],
  cli: readonly ProviderCall[],
): string[] {
  const [h, c] = [byResource(harness), byResource(cli)];
  const out: string[] = [];
  for (const key of [...new Set([...h.keys(), ...c.keys()])].sort()) {
    const hs = h.get(key) ?? [];
    const cs = c.get(key) ?? [];
    const [hm, cm] = [hs.map((x) => x.method).join(" "), cs.map((x) => x.method).join(" ")];
    if (hm !== cm) {
      out.push(`${op} ${key}: calls harness [${hm}], cli [${cm}]`);
      continue;
    }
    hs.forEach((x, i) => {
      for (const d of valueDiffs(callBody(x), callBody(cs[i]!)))
        out.push(`${op} ${key} ${x.method} #${i + 1}: ${d}`);
    });
  }
  return out;
}

const resourceKey = (r: WireMap) =>
  `${shortUrn(asText(r["urn"]))}${r["delete"] === true ? " (pending delete)" : ""}`;

/** Differences between the checkpoints after one operation. */
export function resourceDiffs(op: string, harness: readonly WireMap[], cli: readonly WireMap[]): string[] {
  const index = (rs: readonly WireMap[]) => new Map(rs.map((r) => [resourceKey(r), r]));
  const [h, c] = [index(harness), index(cli)];
  const out: string[] = [];
  for (const key of [...new Set([...h.keys(), ...c.keys()])].sort()) {
    const [x, y] = [h.get(key), c.get(key)];
    if (x === undefined || y === undefined) {
      out.push(`${op} state ${key}: only the ${x === undefined ? "cli" : "harness"} has it`);
      continue;
    }
    for (const d of valueDiffs(x, y)) out.push(`${op} state ${key}: ${d}`);
  }
  return out;
}
