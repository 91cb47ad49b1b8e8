/**
 * Decoding JSON the way Go's `encoding/json` fills a go-swagger model: keys match case-insensitively
 * (exact match preferred), unknown keys are ignored, `null` leaves a field unset, integers must be
 * whole and fit their Go type, and the first type mismatch is reported as Go words it.
 */

/** A Go field type, enough of it to decode loxilb's request models. */
export type GoType =
  | { readonly kind: "string" }
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly name: GoIntName }
  | { readonly kind: "struct"; readonly name: string; readonly fields: Readonly<Record<string, GoType>> }
  | { readonly kind: "slice"; readonly name: string; readonly elem: GoType };

export type GoIntName = "int64" | "int32" | "uint32" | "uint16" | "uint8";

const INT_RANGE: Record<GoIntName, readonly [number, number]> = {
  int64: [-(2 ** 63), 2 ** 63 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  uint16: [0, 65535],
  uint8: [0, 255],
};

/** Decoded value: an object of canonical keys (struct), an array, or a scalar. */
export type GoValue = unknown;

/** The outcome of {@link decodeGo}: the value, and the first Go unmarshal error if any. */
export interface GoDecodeResult {
  readonly value: GoValue;
  readonly error?: string;
}

interface Ctx {
  error?: string;
  struct?: string | undefined;
  fields: string[];
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  return "object";
}

function goTypeName(t: GoType): string {
  if (t.kind === "int") return t.name;
  if (t.kind === "struct" || t.kind === "slice") return t.name;
  return t.kind;
}

function fail(ctx: Ctx, what: string, t: GoType): undefined {
  if (ctx.error !== undefined) return undefined;
  const into =
    ctx.struct === undefined ? `Go value` : `Go struct field ${ctx.struct}.${ctx.fields.join(".")}`;
  ctx.error = `json: cannot unmarshal ${what} into ${into} of type ${goTypeName(t)}`;
  return undefined;
}

function findField(fields: Readonly<Record<string, GoType>>, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(fields, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(fields).find((f) => f.toLowerCase() === lower);
}

function decodeStruct(v: object, t: Extract<GoType, { kind: "struct" }>, ctx: Ctx): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(v)) {
    const field = findField(t.fields, key);
    const ft = field === undefined ? undefined : t.fields[field];
    if (field === undefined || ft === undefined || raw === null) continue;
    const saved = { struct: ctx.struct, depth: ctx.fields.length };
    ctx.struct = t.name.replace(/^\[\]\*?|^\*/, "").replace(/^models\./, "");
    ctx.fields.push(field);
    const value = decodeValue(raw, ft, ctx);
    ctx.fields.length = saved.depth;
    ctx.struct = saved.struct;
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function decodeValue(v: unknown, t: GoType, ctx: Ctx): unknown {
  switch (t.kind) {
    case "string":
      return typeof v === "string" ? v : fail(ctx, jsonKind(v), t);
    case "bool":
      return typeof v === "boolean" ? v : fail(ctx, jsonKind(v), t);
    case "int": {
      if (typeof v !== "number") return fail(ctx, jsonKind(v), t);
      const [lo, hi] = INT_RANGE[t.name];
      return Number.isInteger(v) && v >= lo && v <= hi ? v : fail(ctx, `number ${String(v)}`, t);
    }
    case "slice":
      if (!Array.isArray(v)) return fail(ctx, jsonKind(v), t);
      return v.map((item) => (item === null ? null : decodeValue(item, t.elem, ctx)));
    case "struct":
      if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(ctx, jsonKind(v), t);
      return decodeStruct(v, t, ctx);
  }
}

/** Decodes an already parsed JSON value into the shape of `t`. */
export function decodeGo(v: unknown, t: GoType): GoDecodeResult {
  const ctx: Ctx = { fields: [] };
  const value = v === null ? undefined : decodeValue(v, t, ctx);
  return ctx.error === undefined ? { value } : { value, error: ctx.error };
}

/**
 * Parses JSON text; on failure returns Go's syntax error wording (approximated from V8's message:
 * `unexpected end of JSON input` or `invalid character 'x' looking for beginning of value`).
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(msg)?.[1];
    const token = /Unexpected token '?(.)/.exec(msg)?.[1];
    const ch = at !== undefined ? text[Number(at)] : (token ?? text[text.length]);
    if (ch === undefined || /end of JSON input|Unterminated/i.test(msg)) {
      return { ok: false, error: "unexpected end of JSON input" };
    }
    const where = /after JSON/.test(msg)
      ? "after top-level value"
      : /property name/.test(msg)
        ? "looking for beginning of object key string"
        : "looking for beginning of value";
    return { ok: false, error: `invalid character '${ch}' ${where}` };
  }
}
