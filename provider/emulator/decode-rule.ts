/**
 * Turns a `POST /config/loadbalancer` body into the typed rule, in the order loxilb's framework does:
 * Go JSON decoding (400), then the swagger schema (422, first error only), then the handler's
 * integer truncation. The result is decoded with the shared `LoadbalanceEntry` codec.
 */
import { isLeft } from "fp-ts/Either";
import { LoadbalanceEntry } from "../api/model";
import { type FrameworkError, parseError, requiredError } from "./framework-errors";
import { decodeGo, type GoType } from "./go-json";

const str: GoType = { kind: "string" };
const bool: GoType = { kind: "bool" };
const int = (name: "int64" | "int32" | "uint32" | "uint16" | "uint8"): GoType => ({ kind: "int", name });

const SERVICE_ARGS: GoType = {
  kind: "struct",
  name: "models.LoadbalanceEntryServiceArguments",
  fields: {
    externalIP: str,
    port: int("int64"),
    portMax: int("int64"),
    protocol: str,
    sel: int("int64"),
    mode: int("int32"),
    security: int("int32"),
    bgp: bool,
    monitor: bool,
    probetype: str,
    probeport: int("uint16"),
    probereq: str,
    proberesp: str,
    probeTimeout: int("uint32"),
    probeRetries: int("int32"),
    inactiveTimeOut: int("int32"),
    managed: bool,
    name: str,
    snat: bool,
    oper: int("int32"),
    host: str,
    block: int("uint32"),
    privateIP: str,
    proxyprotocolv2: bool,
    egress: bool,
  },
};

const ENDPOINT: GoType = {
  kind: "struct",
  name: "models.LoadbalanceEntryEndpointsItems0",
  fields: { endpointIP: str, targetPort: int("int64"), weight: int("int64"), state: str, counter: str },
};

/** The Go model of `LoadbalanceEntry` (api/models/loadbalance_entry.go). */
export const LOADBALANCE_ENTRY: GoType = {
  kind: "struct",
  name: "models.LoadbalanceEntry",
  fields: {
    serviceArguments: SERVICE_ARGS,
    endpoints: { kind: "slice", name: "[]*models.LoadbalanceEntryEndpointsItems0", elem: ENDPOINT },
    secondaryIPs: {
      kind: "slice",
      name: "[]*models.LoadbalanceEntrySecondaryIPsItems0",
      elem: {
        kind: "struct",
        name: "models.LoadbalanceEntrySecondaryIPsItems0",
        fields: { secondaryIP: str },
      },
    },
    allowedSources: {
      kind: "slice",
      name: "[]*models.LoadbalanceEntryAllowedSourcesItems0",
      elem: { kind: "struct", name: "models.LoadbalanceEntryAllowedSourcesItems0", fields: { prefix: str } },
    },
  },
};

type Obj = Record<string, unknown>;

/** Swagger enums of `serviceArguments`, checked in go-swagger's (alphabetical) property order. */
const SA_CHECKS: ReadonlyArray<readonly [string, "required" | readonly (string | number)[]]> = [
  ["externalIP", "required"],
  ["mode", [0, 1, 2, 3, 4, 5]],
  ["oper", [0, 1, 2]],
  ["port", "required"],
  ["probetype", ["tcp", "udp", "sctp", "http", "https", "ping", "none"]],
  ["protocol", ["tcp", "udp", "sctp", "icmp"]],
  ["security", [0, 1, 2]],
  ["sel", [0, 1, 2, 3, 4, 5, 6]],
];

function isZero(v: unknown): boolean {
  return v === undefined || v === 0 || v === "" || v === false;
}

/** go-swagger's `LoadbalanceEntry.Validate`: the first schema error, or undefined. */
function schemaError(body: Obj): FrameworkError | undefined {
  const endpoints = body["endpoints"];
  if (!Array.isArray(endpoints)) return requiredError("endpoints");
  for (const [i, ep] of endpoints.entries()) {
    if (ep === null) continue;
    for (const f of ["endpointIP", "targetPort", "weight"]) {
      if ((ep as Obj)[f] === undefined) return requiredError(`endpoints.${i}.${f}`);
    }
  }
  const sa = body["serviceArguments"] as Obj | undefined;
  if (sa === undefined) return requiredError("serviceArguments");
  for (const [field, rule] of SA_CHECKS) {
    const name = `serviceArguments.serviceArguments.${field}`;
    if (rule === "required") {
      if (sa[field] === undefined) return requiredError(name);
    } else if (!isZero(sa[field]) && !rule.includes(sa[field] as string | number)) {
      return { status: 422, code: 606, message: `${name} in body should be one of [${rule.join(" ")}]` };
    }
  }
  return undefined;
}

const wrap = (v: unknown, bits: number): number => {
  const m = 2 ** bits;
  return (((v as number) % m) + m) % m;
};

/** The handler's copy into loxinet types: uint16/uint8/uint32 truncation, zero values dropped. */
function normalize(body: Obj): unknown {
  const sa = { ...(body["serviceArguments"] as Obj) };
  for (const f of ["port", "portMax"]) if (sa[f] !== undefined) sa[f] = wrap(sa[f], 16);
  if (sa["inactiveTimeOut"] !== undefined) sa["inactiveTimeOut"] = wrap(sa["inactiveTimeOut"], 32);
  for (const [k, v] of Object.entries(sa)) {
    if (k !== "externalIP" && k !== "port" && isZero(v)) delete sa[k];
  }
  const eps = (body["endpoints"] as Array<Obj | null>)
    .filter((ep): ep is Obj => ep !== null)
    .map((ep) => ({
      endpointIP: ep["endpointIP"],
      targetPort: wrap(ep["targetPort"], 16),
      weight: wrap(ep["weight"], 8),
    }));
  const list = (k: string) => ((body[k] as Array<Obj | null> | undefined) ?? []).filter((x) => x !== null);
  return {
    serviceArguments: sa,
    endpoints: eps,
    secondaryIPs: list("secondaryIPs").map((s) => ({ secondaryIP: s["secondaryIP"] ?? "" })),
    allowedSources: list("allowedSources").map((s) => ({ prefix: s["prefix"] ?? "" })),
  };
}

/** Either the typed rule or the framework error loxilb would answer with. */
export type DecodedRule = { ok: true; entry: LoadbalanceEntry } | { ok: false; error: FrameworkError };

/** Decodes a parsed JSON body (undefined when the body was empty). */
export function decodeRuleBody(parsed: unknown, empty: boolean): DecodedRule {
  if (empty) return { ok: false, error: requiredError("attr") };
  const go = decodeGo(parsed, LOADBALANCE_ENTRY);
  if (go.error !== undefined) return { ok: false, error: parseError(go.error) };
  const body = (go.value ?? {}) as Obj;
  const schema = schemaError(body);
  if (schema !== undefined) return { ok: false, error: schema };
  const decoded = LoadbalanceEntry.decode(normalize(body));
  if (isLeft(decoded)) return { ok: false, error: parseError("json: cannot unmarshal body") };
  return { ok: true, entry: decoded.right };
}
