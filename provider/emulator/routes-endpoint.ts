/**
 * Endpoint probe-host routes (docs/loxilb-facts.md §13): `/config/endpoint*` and
 * `/config/endpointhoststate`.
 */
import { isLeft } from "fp-ts/Either";
import { EndpointHost, EndpointHostState } from "../api/model";
import type { EmulatorState } from "./emulator-state";
import { parseError, requiredError, type FrameworkError } from "./framework-errors";
import { decodeGo, parseJsonText, scalarText, type GoType } from "./go-json";
import type { HostResult } from "./endpoint-hosts";
import { frameworkReply, handlerErrorReply, jsonReply, SUCCESS, type Reply } from "./reply";
import type { ApiRequest, Router } from "./router";

const str: GoType = { kind: "string" };
const int = (name: "int64" | "int32" | "uint32" | "uint16" | "uint8"): GoType => ({ kind: "int", name });

const ENDPOINT: GoType = {
  kind: "struct",
  name: "models.EndPoint",
  fields: {
    hostName: str,
    name: str,
    inactiveReTries: int("int64"),
    probeType: str,
    probeReq: str,
    probeResp: str,
    probeDuration: int("int64"),
    probePort: int("int64"),
  },
};

const HOST_STATE: GoType = {
  kind: "struct",
  name: "models.EndPointState",
  fields: { hostName: str, epPort: int("int64"), epProto: str, state: str },
};

const HOST_PROBE_TYPES = ["tcp", "udp", "sctp", "ping", "http", "https", "none"];
const HOST_STATES = ["green", "yellow", "red"];

/** Go-decodes a body, checks `required` and one enum field, drops zero values. */
function decode(
  req: ApiRequest,
  type: GoType,
  required: string[],
  enumField: [string, string[]],
): Record<string, unknown> | FrameworkError {
  if (req.body.trim() === "") return requiredError("attr");
  const parsed = parseJsonText(req.body);
  if (!parsed.ok) return parseError(parsed.error);
  const go = decodeGo(parsed.value, type);
  if (go.error !== undefined) return parseError(go.error);
  const body = { ...((go.value ?? {}) as Record<string, unknown>) };
  for (const f of required) if (body[f] === undefined) return requiredError(f);
  const [field, values] = enumField;
  const v = body[field];
  if (v !== undefined && v !== "" && !values.includes(scalarText(v))) {
    return { status: 422, code: 606, message: `${field} in body should be one of [${values.join(" ")}]` };
  }
  for (const [k, val] of Object.entries(body)) if (val === "" || val === 0) delete body[k];
  return body;
}

function isError(v: unknown): v is FrameworkError {
  return typeof v === "object" && v !== null && "status" in v && "code" in v && "message" in v;
}

function answer(state: EmulatorState, r: HostResult, legacy: boolean): Reply {
  if (!r.ok) return handlerErrorReply(r.error, legacy);
  state.onChange();
  return SUCCESS;
}

/** Registers the endpoint-host routes. */
export function addEndpointRoutes(
  router: Router,
  state: EmulatorState,
  o: { readonly legacyErrors: boolean },
): void {
  const legacy = o.legacyErrors;
  router
    // an empty list is [], not null: the handler makes the slice before filling it
    .add("GET", "/config/endpoint/all", () => jsonReply(200, { Attr: state.hosts.list() }))
    .add("POST", "/config/endpoint", (req) => {
      const body = decode(req, ENDPOINT, ["hostName"], ["probeType", HOST_PROBE_TYPES]);
      if (isError(body)) return frameworkReply(body);
      const e = EndpointHost.decode(body);
      if (isLeft(e)) return frameworkReply(parseError("json: cannot unmarshal body"));
      return answer(state, state.hosts.upsert(e.right), legacy);
    })
    .add("DELETE", "/config/endpoint/epipaddress/{ip_address}", (req) => {
      const port = req.query.get("probe_port");
      const r = state.hosts.remove(
        req.params["ip_address"] ?? "",
        req.query.get("name") ?? undefined,
        req.query.get("probe_type") ?? undefined,
        port === null ? undefined : Number(port),
      );
      return answer(state, r, legacy);
    })
    .add("POST", "/config/endpointhoststate", (req) => {
      const body = decode(req, HOST_STATE, ["hostName", "state"], ["state", HOST_STATES]);
      if (isError(body)) return frameworkReply(body);
      const s = EndpointHostState.decode(body);
      if (isLeft(s)) return handlerErrorReply("malformed-host-state args", legacy);
      const { hostName, state: value, epPort, epProto } = s.right;
      return answer(state, state.hosts.setHostState(hostName, value, epPort, epProto), legacy);
    });
}
