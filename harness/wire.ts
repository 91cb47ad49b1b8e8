/**
 * Property values as they travel between the Pulumi SDK, the engine and a provider: plain JSON with
 * the SDK's sentinels (secret wrappers, resource references, the unknown string). These helpers do
 * to wire values what the engine does to `resource.PropertyMap`s: strip secrets for a provider that
 * answered `acceptSecrets=false`, re-mark outputs (`annotateSecrets`), compare, and redact.
 */
import { createHash } from "crypto";

/** Key of every special object on the wire (`rpc.specialSigKey`). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature of a secret wrapper: `{[SIG_KEY]: SECRET_SIG, value}`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** Signature of a resource reference: `{[SIG_KEY]: RESOURCE_SIG, urn, id?, packageVersion?}`. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** The string that stands for an unknown value during preview (`rpc.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };
export type WireMap = { [key: string]: Wire };

export function isObject(v: unknown): v is WireMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isSecret(v: unknown): v is { [SIG_KEY]: string; value: Wire } {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

export function isResourceRef(v: unknown): v is WireMap {
  return isObject(v) && v[SIG_KEY] === RESOURCE_SIG;
}

/** A plain object in the engine's sense: not a secret, resource reference, asset or archive. */
export function isPlainObject(v: unknown): v is WireMap {
  return isObject(v) && !(SIG_KEY in v);
}

export function makeSecret(v: Wire): Wire {
  return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

export function containsSecrets(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isObject(v)) return Object.values(v).some(containsSecrets);
  return false;
}

export function containsUnknowns(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknowns);
  if (isObject(v)) return Object.values(v).some(containsUnknowns);
  return false;
}

/** Deep copy through JSON: drops `undefined`, which `Struct.fromJavaScript` rejects. */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export interface MarshalOptions {
  /** Keep the unknown sentinel (the engine's `KeepUnknowns`, true only in preview). */
  readonly keepUnknowns: boolean;
}

/**
 * What the engine sends a provider that answered `acceptSecrets=false, acceptResources=false`
 * (`MarshalProperties` with `KeepSecrets=false, KeepResources=false`): secrets unwrapped (deep),
 * resource references replaced by their id (custom) or URN (component), and unknowns dropped unless
 * `keepUnknowns`.
 */
export function marshalForProvider(map: WireMap, opts: MarshalOptions): WireMap {
  const out: WireMap = {};
  for (const [k, v] of Object.entries(map)) {
    const m = marshalValue(v, opts);
    if (m !== undefined) out[k] = m;
  }
  return out;
}

function marshalValue(v: Wire, opts: MarshalOptions): Wire | undefined {
  if (v === UNKNOWN) return opts.keepUnknowns ? UNKNOWN : undefined;
  if (isSecret(v)) return marshalValue(v.value, opts);
  if (isResourceRef(v)) {
    const id = v["id"];
    if (typeof id === "string") return id === "" ? (opts.keepUnknowns ? UNKNOWN : undefined) : id;
    return v["urn"] ?? null;
  }
  if (Array.isArray(v)) {
    const arr: Wire[] = [];
    for (const e of v) {
      const m = marshalValue(e, opts);
      if (m !== undefined) arr.push(m);
    }
    return arr;
  }
  if (isObject(v)) {
    const obj: WireMap = {};
    for (const [k, e] of Object.entries(v)) {
      const m = marshalValue(e, opts);
      if (m !== undefined) obj[k] = m;
    }
    return obj;
  }
  return v;
}

/**
 * The engine's `annotateSecrets(outs, ins)` (provider_plugin.go): for every key present in both,
 * recurse into plain objects; otherwise mark the output secret when the input contained a secret.
 * Returns a new map.
 */
export function annotateSecrets(outs: WireMap, ins: WireMap): WireMap {
  const result: WireMap = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key] as Wire;
    if (isPlainObject(outValue) && isPlainObject(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = makeSecret(outValue);
    }
  }
  return result;
}

/** Remove every secret wrapper (deep), keeping the values. */
export function unwrapSecrets(v: Wire): Wire {
  if (isSecret(v)) return unwrapSecrets(v.value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (isObject(v)) {
    const out: WireMap = {};
    for (const [k, e] of Object.entries(v)) out[k] = unwrapSecrets(e);
    return out;
  }
  return v;
}

/** Structural equality of wire values (secret wrappers count: `secret(x)` differs from `x`). */
export function deepEqual(a: Wire | undefined, b: Wire | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((e, i) => deepEqual(e, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Top-level keys that differ between two input bags, the way the engine's `PropertyMap.Diff`
 * reports them (added, removed or changed; an unknown new value always counts as a change).
 * Secrets compare by value.
 */
export function changedKeys(olds: WireMap, news: WireMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  const out: string[] = [];
  for (const k of keys) {
    const o = olds[k];
    const n = news[k];
    if (n !== undefined && containsUnknowns(n)) out.push(k);
    else if (
      !deepEqual(
        o === undefined ? undefined : unwrapSecrets(o),
        n === undefined ? undefined : unwrapSecrets(n),
      )
    )
      out.push(k);
  }
  return out.sort();
}

/** Top-level keys whose value is (or contains) a secret. */
export function secretKeysOf(map: WireMap): string[] {
  return Object.keys(map)
    .filter((k) => containsSecrets(map[k]))
    .sort();
}

/**
 * What a state file holds for a secret: the wrapper with a ciphertext instead of the value. The
 * "ciphertext" here is an opaque hash, so a plaintext search of the export finds nothing secret.
 */
export function encryptSecrets(v: Wire): Wire {
  if (isSecret(v)) {
    const digest = createHash("sha256").update(JSON.stringify(v.value)).digest("hex").slice(0, 24);
    return { [SIG_KEY]: SECRET_SIG, ciphertext: `v1:${digest}` };
  }
  if (Array.isArray(v)) return v.map(encryptSecrets);
  if (isObject(v)) {
    const out: WireMap = {};
    for (const [k, e] of Object.entries(v)) out[k] = encryptSecrets(e);
    return out;
  }
  return v;
}

/**
 * A secret as `pulumi stack export --show-secrets` prints it: the wrapper with the value's JSON text
 * as `plaintext`.
 */
export function plaintextSecrets(v: Wire): Wire {
  if (isSecret(v)) return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(unwrapSecrets(v.value)) };
  if (Array.isArray(v)) return v.map(plaintextSecrets);
  if (isObject(v)) {
    const out: WireMap = {};
    for (const [k, e] of Object.entries(v)) out[k] = plaintextSecrets(e);
    return out;
  }
  return v;
}

/** Replace long `__provider` texts by a short digest so transcripts stay readable. */
export function summarize(v: Wire): Wire {
  if (Array.isArray(v)) return v.map(summarize);
  if (isObject(v)) {
    const out: WireMap = {};
    for (const [k, e] of Object.entries(v)) {
      if (k === "__provider" && typeof e === "string") out[k] = providerDigest(e);
      else if (k === "__provider" && isSecret(e) && typeof e.value === "string")
        out[k] = makeSecret(providerDigest(e.value));
      else out[k] = summarize(e);
    }
    return out;
  }
  return v;
}

export function providerDigest(text: string): string {
  if (text === UNKNOWN || text.startsWith("<__provider sha256:")) return text;
  return `<__provider sha256:${createHash("sha256").update(text).digest("hex").slice(0, 12)} ${text.length} chars>`;
}
