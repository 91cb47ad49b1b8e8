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

/**
 * A JSON number written with a fraction or an exponent (`80.0`, `1e2`). JavaScript's parser makes it
 * an ordinary number; Go's decoder refuses it for integer fields, so {@link parseJsonText} keeps it
 * apart. Only ever appears inside a parsed value, never in a decoded one.
 */
export class GoNumberLiteral {
  constructor(
    /** The literal as written, e.g. `80.0`. */
    readonly literal: string,
  ) {}
}

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
  if (v instanceof GoNumberLiteral) return "number";
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
      if (v instanceof GoNumberLiteral) return fail(ctx, `number ${v.literal}`, t);
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

/** Marks a number literal with a fraction or exponent inside a rewritten text (see {@link markFloats}). */
const FLOAT_MARK = "\u0000go-float:";
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Rewrites every number literal that has a fraction or an exponent into a marked string, so the
 * literal survives `JSON.parse`; undefined when there is none (the common case). `text` must be valid
 * JSON.
 */
function markFloats(text: string): string | undefined {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // skip a string literal (escapes included)
      for (i += 1; i < text.length && text.charCodeAt(i) !== 34; i += text.charCodeAt(i) === 92 ? 2 : 1);
      i += 1;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const lexeme = NUMBER.exec(text)?.[0] ?? "-";
      if (/[.eE]/.test(lexeme)) {
        parts.push(text.slice(copied, i), JSON.stringify(FLOAT_MARK + lexeme));
        copied = i + lexeme.length;
      }
      i += lexeme.length;
    } else i += 1;
  }
  return parts.length === 0 ? undefined : parts.join("") + text.slice(copied);
}

function reviveFloats(_key: string, v: unknown): unknown {
  return typeof v === "string" && v.startsWith(FLOAT_MARK)
    ? new GoNumberLiteral(v.slice(FLOAT_MARK.length))
    : v;
}

/**
 * Parses JSON text as go-openapi's body consumer does (`json.NewDecoder(body).Decode`): one value is
 * read and anything after it is ignored. Numbers with a fraction or exponent come back as
 * {@link GoNumberLiteral}. On failure returns Go's error wording: `unexpected EOF` for text that ends
 * inside the value, else a syntax error approximated from V8's message (`invalid character 'x'
 * looking for beginning of value`).
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    const end = /after JSON at position (\d+)/.exec(e instanceof Error ? e.message : "")?.[1];
    if (end !== undefined && Number(end) > 0) return parseJsonText(text.slice(0, Number(end)));
    return { ok: false, error: goSyntaxError(text, e) };
  }
  const marked = markFloats(text);
  return { ok: true, value: marked === undefined ? value : (JSON.parse(marked, reviveFloats) as unknown) };
}

function goSyntaxError(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const at = /position (\d+)/.exec(msg)?.[1];
  const token = /Unexpected token '?(.)/.exec(msg)?.[1];
  const ch = at !== undefined ? text[Number(at)] : (token ?? text[text.length]);
  if (ch === undefined || /end of JSON input|Unterminated/i.test(msg)) return "unexpected EOF";
  const where = /after JSON/.test(msg)
    ? "after top-level value"
    : /property name/.test(msg)
      ? "looking for beginning of object key string"
      : "looking for beginning of value";
  return `invalid character '${ch}' ${where}`;
}

/**
 * A decoded scalar as text (a string as it is, a number or boolean in its usual form), or `fallback`
 * for anything else: what a Go string field holds after `decodeGo` checked its type.
 */
export function scalarText(v: unknown, fallback = ""): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return fallback;
}
