/** The load-balancer routes of docs/loxilb-facts.md §4. */
import { formatIp, parseIp } from "../api/ip";
import type { LbProtocol } from "../api/model";
import { decodeRuleBody } from "./decode-rule";
import type { EmulatorState } from "./emulator-state";
import { parseError, type FrameworkError } from "./framework-errors";
import { parseJsonText } from "./go-json";
import { frameworkReply, handlerErrorReply, jsonReply, SUCCESS, type Reply } from "./reply";
import type { ApiRequest, Router } from "./router";
import { keyOf } from "./rule-store";
import { validateRule } from "./validate-rule";

/** Route options that change answers. */
export interface LbRouteOptions {
  readonly legacyErrors: boolean;
}

/** Go's `strconv.ParseFloat(raw, 64)` for decimal text (with `inf`/`infinity`/`nan`); undefined on error. */
function goParseFloat(raw: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  if (/^[+-]?inf(inity)?$/i.test(raw)) return raw.startsWith("-") ? -Infinity : Infinity;
  return /^[+-]?nan$/i.test(raw) ? Number.NaN : undefined;
}

/**
 * A `type: number` path or query parameter (go-openapi: 422 code 601 when it does not parse; the
 * generated binder names the Go type, `float64`).
 */
function numberParam(name: string, where: "path" | "query", raw: string): number | FrameworkError {
  const n = goParseFloat(raw);
  if (n === undefined) {
    return {
      status: 422,
      code: 601,
      message: `${name} in ${where} must be of type float64: ${JSON.stringify(raw)}`,
    };
  }
  return n;
}

/** An optional query parameter as go-swagger binds it: the last value; empty means absent. */
function lastQueryValue(query: URLSearchParams, name: string): string | undefined {
  const raw = query.getAll(name).pop();
  return raw === undefined || raw === "" ? undefined : raw;
}

/** Go's `uint16(float64)` / `uint32(float64)` on amd64: truncate, then wrap; not finite → 0. */
function toUint(n: number, bits: number): number {
  if (!Number.isFinite(n)) return 0;
  const m = 2 ** bits;
  return ((Math.trunc(n) % m) + m) % m;
}

function postRule(state: EmulatorState, o: LbRouteOptions, req: ApiRequest): Reply {
  const empty = req.body.trim() === "";
  let parsed: unknown = undefined;
  if (!empty) {
    const p = parseJsonText(req.body);
    if (!p.ok) return frameworkReply(parseError(p.error));
    parsed = p.value;
  }
  const decoded = decodeRuleBody(parsed, empty);
  if (!decoded.ok) return frameworkReply(decoded.error);
  const v = validateRule(decoded.entry);
  if (v.kind === "legacy200") return jsonReply(200, { result: v.result });
  if (v.kind === "error") return handlerErrorReply(v.error, o.legacyErrors);
  const result = state.store.apply(v.rule);
  if (!result.ok) return handlerErrorReply(result.error, o.legacyErrors);
  state.ruleChanged(result.key, result.change);
  return SUCCESS;
}

function deleteByKey(state: EmulatorState, o: LbRouteOptions, req: ApiRequest): Reply {
  const p = req.params;
  const port = numberParam("port", "path", p["port"] ?? "");
  if (typeof port !== "number") return frameworkReply(port);
  const portMax = p["portmax"] === undefined ? 0 : numberParam("portmax", "path", p["portmax"]);
  if (typeof portMax !== "number") return frameworkReply(portMax);
  const blockRaw = lastQueryValue(req.query, "block");
  const block = blockRaw === undefined ? 0 : numberParam("block", "query", blockRaw);
  if (typeof block !== "number") return frameworkReply(block);
  const ip = parseIp(p["ip_address"] ?? "");
  if (ip === undefined) return handlerErrorReply("malformed-service error", o.legacyErrors);
  const host = p["hosturl"] === undefined || p["hosturl"] === "any" ? "" : p["hosturl"];
  const key = keyOf(formatIp(ip), {
    port: toUint(port, 16),
    protocol: (p["proto"] ?? "") as LbProtocol,
    portMax: toUint(portMax, 16),
    block: toUint(block, 32),
    host,
  });
  if (!state.store.delete(key)) return handlerErrorReply("no-rule error", o.legacyErrors);
  state.ruleChanged(key, "deleted");
  return SUCCESS;
}

/** Registers every LB route of docs/loxilb-facts.md §4 on `router`. */
export function addLbRoutes(router: Router, state: EmulatorState, o: LbRouteOptions): void {
  const base = "/config/loadbalancer";
  const byKey = (req: ApiRequest) => deleteByKey(state, o, req);
  const tail = "externalipaddress/{ip_address}/port/{port}";
  router
    .add("POST", base, (req) => postRule(state, o, req))
    .add("GET", `${base}/all`, () => jsonReply(200, { lbAttr: state.listRules(true) }))
    .add("DELETE", `${base}/all`, () => {
      state.store.deleteAll().forEach((k) => state.ruleChanged(k, "deleted"));
      return SUCCESS;
    })
    .add("DELETE", `${base}/name/{lb_name}`, (req) => {
      state.store.deleteByName(req.params["lb_name"] ?? "").forEach((k) => state.ruleChanged(k, "deleted"));
      return SUCCESS;
    })
    .add("DELETE", `${base}/${tail}/protocol/{proto}`, byKey)
    .add("DELETE", `${base}/${tail}/portmax/{portmax}/protocol/{proto}`, byKey)
    .add("DELETE", `${base}/hosturl/{hosturl}/${tail}/protocol/{proto}`, byKey)
    .add("DELETE", `${base}/hosturl/{hosturl}/${tail}/portmax/{portmax}/protocol/{proto}`, byKey);
}
