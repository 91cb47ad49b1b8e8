/**
 * A gRPC message as JSON, the way the engine's `PULUMI_DEBUG_GRPC` log renders it (protobuf's JSON
 * mapping): fields left at their default (false, 0, "", empty repeated or map, unset message) are
 * omitted, `google.protobuf.Struct` fields are plain JSON, bytes are base64 and enums are numbers.
 * Field names are google-protobuf's (`randomseed`, `oldInputs`), which differ from the JSON mapping's
 * (`randomSeed`) only in case; the comparison with the engine's log ignores the case of field names.
 */
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import type { Wire, WireMap } from "./wire";

/** What the converter needs of a google-protobuf message (every generated message has these). */
interface MessageLike {
  toObject(): Record<string, unknown>;
  serializeBinary(): Uint8Array;
}

interface ProtoMapLike {
  getEntryList(): Array<[unknown, unknown]>;
}

function isMessage(v: unknown): v is MessageLike {
  return (
    !isProtoMap(v) &&
    typeof v === "object" &&
    v !== null &&
    typeof (v as Partial<MessageLike>).toObject === "function" &&
    typeof (v as Partial<MessageLike>).serializeBinary === "function"
  );
}

function isProtoMap(v: unknown): v is ProtoMapLike {
  return (
    typeof v === "object" && v !== null && typeof (v as Partial<ProtoMapLike>).getEntryList === "function"
  );
}

function isStruct(v: unknown): v is StructPb.Struct {
  return isMessage(v) && typeof (v as Partial<StructPb.Struct>).toJavaScript === "function";
}

/** A scalar or repeated field left at its default, which the JSON mapping omits. */
const isDefault = (v: Wire | undefined): boolean =>
  v === undefined || v === false || v === 0 || v === "" || (Array.isArray(v) && v.length === 0);

function fieldValue(v: unknown): Wire | undefined {
  if (v === undefined || v === null) return undefined;
  if (isStruct(v)) return v.toJavaScript();
  if (isMessage(v)) return messageJson(v);
  if (isProtoMap(v)) {
    const out: WireMap = {};
    for (const [k, e] of v.getEntryList()) {
      const value = fieldValue(e);
      if (value !== undefined) out[String(k)] = value;
    }
    return out;
  }
  if (Array.isArray(v)) return v.map((e) => fieldValue(e) ?? null);
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return undefined;
}

/** The message's set fields as JSON (see the module comment). */
export function messageJson(msg: MessageLike): WireMap {
  const out: WireMap = {};
  const getters = msg as unknown as Record<string, unknown>;
  for (const key of Object.keys(msg.toObject())) {
    const getter = `get${key[0]!.toUpperCase()}${key.slice(1)}`;
    const b64 = getters[`${getter}_asB64`];
    const get = typeof b64 === "function" ? b64 : getters[getter];
    if (typeof get !== "function") continue;
    const raw: unknown = get.call(msg);
    const value = fieldValue(raw);
    if (value === undefined) continue;
    // A set message (an empty Struct included) is kept; an empty map is omitted like an empty list.
    if (isProtoMap(raw) ? Object.keys(value as WireMap).length === 0 : !isMessage(raw) && isDefault(value))
      continue;
    out[key.replace(/(List|Map)$/, "")] = value;
  }
  return out;
}
