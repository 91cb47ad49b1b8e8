/**
 * The emulator's own HTTP API under `/__emulator` (no auth): faults, request log, rule-absent
 * timeline, token expiry, probe results and traffic. Bodies are JSON; answers are JSON.
 */
import type { Router } from "./router";
import { jsonReply, SUCCESS, type Reply } from "./reply";
import type { LoxilbEmulator, RouteMatch, TrafficSpec } from "./types";
import { scalarText } from "./go-json";

type Body = Record<string, unknown>;

function parse(text: string): Body {
  if (text.trim() === "") return {};
  const v = JSON.parse(text) as unknown;
  return typeof v === "object" && v !== null ? (v as Body) : {};
}

function matchOf(b: Body): RouteMatch {
  const m: { method?: string; path?: string | RegExp } = {};
  if (typeof b["method"] === "string") m.method = b["method"];
  if (typeof b["path"] === "string") m.path = b["path"];
  if (typeof b["pathRegex"] === "string") m.path = new RegExp(b["pathRegex"]);
  return m;
}

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

function guarded(
  fn: (b: Body, query: URLSearchParams) => Reply,
): (req: { body: string; query: URLSearchParams }) => Reply {
  return (req) => {
    try {
      return fn(parse(req.body), req.query);
    } catch (e) {
      return jsonReply(400, { code: 400, message: e instanceof Error ? e.message : String(e) });
    }
  };
}

/** Registers the control routes (paths below `/__emulator`). */
export function addControlRoutes(router: Router, emu: LoxilbEmulator): void {
  const f = emu.faults;
  router
    .add(
      "POST",
      "/faults/fail",
      guarded((b) => {
        const status = num(b["status"]);
        if (status === undefined) throw new Error("status (number) is required");
        const retryAfterSeconds = num(b["retryAfterSeconds"]);
        const count = num(b["count"]);
        f.failNext(matchOf(b), {
          status,
          ...(count !== undefined ? { count } : {}),
          ...(b["body"] !== undefined ? { body: b["body"] } : {}),
          ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        });
        return SUCCESS;
      }),
    )
    .add(
      "POST",
      "/faults/latency",
      guarded((b) => {
        f.addLatency(matchOf(b), num(b["ms"]) ?? 0, num(b["count"]));
        return SUCCESS;
      }),
    )
    .add(
      "POST",
      "/faults/reset",
      guarded((b) => (f.resetNext(matchOf(b), num(b["count"]) ?? 1), SUCCESS)),
    )
    .add(
      "POST",
      "/faults/hang",
      guarded((b) => (f.hangNext(matchOf(b), num(b["count"]) ?? 1), SUCCESS)),
    )
    .add("POST", "/faults/clear", () => (f.clear(), SUCCESS))
    .add(
      "POST",
      "/faults/down",
      guarded((b, q) => {
        const ms = Number(q.get("ms") ?? num(b["ms"]) ?? 5000);
        setImmediate(() => {
          void f.down().then(() => setTimeout(() => void f.up(), ms));
        });
        return jsonReply(200, { result: "Success", downForMs: ms });
      }),
    )
    .add("GET", "/requests", () => jsonReply(200, { requests: emu.requests() }))
    .add("DELETE", "/requests", () => (emu.clearRequests(), SUCCESS))
    .add("GET", "/timeline", (req) =>
      jsonReply(200, { absent: emu.absentTimeline(req.query.get("key") ?? undefined) }),
    )
    .add("GET", "/rules", () => jsonReply(200, { lbAttr: emu.rules() }))
    .add("POST", "/tokens/expire", () => (emu.expireTokens(), SUCCESS))
    .add(
      "POST",
      "/probe",
      guarded((b) => {
        const result = b["result"] === "nok" ? "nok" : "ok";
        emu.setProbeResult(scalarText(b["ip"]), num(b["port"]) ?? 0, scalarText(b["proto"], "tcp"), result);
        return SUCCESS;
      }),
    )
    .add(
      "POST",
      "/traffic",
      guarded((b) => (emu.traffic(b as unknown as TrafficSpec), SUCCESS)),
    );
}
