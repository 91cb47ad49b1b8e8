/**
 * Redaction for error messages and debug logs: secret-looking JSON keys lose their values, any known
 * secret string (configured token, passwords from the options and from endpoint URLs, TLS key
 * material, tokens issued by `/auth/login`) is masked wherever it appears, and URLs lose their user
 * info. {@link Redactor} holds one client's secrets and scrubs every error the client throws.
 */

export const REDACTED = "[REDACTED]";

/** Keys whose values are secrets, wherever they appear in a body or header set. */
const SECRET_KEY = /pass(word)?|token|authorization|secret|private.?key|license|api.?key|cookie/i;

/** A deep copy of `value` with secret keys' values replaced. */
export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) ? REDACTED : redactValue(v);
    }
    return out;
  }
  return value;
}

/** A body (JSON text or plain text) ready for a log line: redacted and shortened to `max` chars. */
export function redactBody(text: string | undefined, secrets: readonly string[], max = 2000): string {
  if (text === undefined || text === "") return "-";
  let out: string;
  try {
    out = JSON.stringify(redactValue(JSON.parse(text)));
  } catch {
    out = text.replace(
      /("?(?:password|token|authorization)"?\s*[:=]\s*)("[^"]*"|[^\s,&}]+)/gi,
      `$1${REDACTED}`,
    );
  }
  out = maskSecrets(out, secrets).replace(/\r?\n/g, "\\n");
  return out.length > max ? `${out.slice(0, max)}...(${out.length - max} more chars)` : out;
}

/** Secrets shorter than this are not masked (they would mask ordinary words). */
export const MIN_SECRET_LENGTH = 3;

/**
 * Replace every occurrence of each secret (at least 3 chars long) with {@link REDACTED}. Longer
 * secrets go first (so a secret containing another is masked whole), and text already masked stays
 * as it is (masking twice gives the same text).
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const usable = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH);
  if (usable.length === 0) return text;
  usable.sort((a, b) => b.length - a.length);
  return text
    .split(REDACTED)
    .map((piece) => usable.reduce((out, s) => (out.includes(s) ? out.split(s).join(REDACTED) : out), piece))
    .join(REDACTED);
}

/** `scheme://user:pass@` at the start of a URL in text (user info ends at the last `@` before the host). */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi;

/** Every URL in `text` without its user info: `http://admin:pw@10.0.0.5:11111` → `http://10.0.0.5:11111`. */
export function stripUserInfo(text: string): string {
  return text.replace(USER_INFO, "$1");
}

/** The forms a secret takes in text: as is, percent-encoded (URLs) and JSON-escaped (bodies). */
export function secretForms(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  try {
    forms.push(decodeURIComponent(secret));
  } catch {
    // not percent-encoded text
  }
  return [...new Set(forms)];
}

/** The password of each endpoint URL (as written, percent-decoded and re-encoded). */
export function endpointPasswords(endpoints: readonly string[]): string[] {
  const out: string[] = [];
  for (const e of endpoints) {
    const written = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*?:([^/?#]*)@/i.exec(e)?.[1];
    if (written !== undefined && written !== "") out.push(written);
    try {
      const password = new URL(e).password;
      if (password !== "") out.push(password);
    } catch {
      // not a URL: nothing to add
    }
  }
  return out;
}

/** A PEM private key and each line of its body, so that a partial echo is masked too. */
export function keyMaterial(pem: string | undefined): string[] {
  if (pem === undefined || pem.trim() === "") return [];
  const lines = pem
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 16 && !l.startsWith("-----"));
  return [pem, pem.trim(), ...lines];
}

/** Issued tokens remembered for masking (the oldest are forgotten past this many). */
const MAX_ISSUED_SECRETS = 32;

/**
 * One client's secrets and the single place its errors and log lines are cleaned: {@link text} masks
 * every known secret and strips URL user info; {@link error} does that to an error in place (message,
 * stack and every string field, nested requests and errors included) before the client throws it.
 */
export class Redactor {
  private readonly fixed: string[];
  private readonly issued: string[] = [];
  private all: string[];
  private readonly cleaned = new WeakSet<object>();

  constructor(secrets: readonly (string | undefined)[]) {
    this.fixed = expand(secrets);
    this.all = this.fixed;
  }

  /** Remember a secret learned at run time (a token issued by `/auth/login`). */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH || this.issued.includes(secret)) return;
    this.issued.push(secret);
    if (this.issued.length > MAX_ISSUED_SECRETS) this.issued.shift();
    this.all = [...this.fixed, ...expand(this.issued)];
  }

  /** Every secret string to mask, in every form it may take. */
  secrets(): readonly string[] {
    return this.all;
  }

  /** `text` with every secret masked and URLs without user info. */
  text(text: string): string {
    return stripUserInfo(maskSecrets(text, this.all));
  }

  /** `e` cleaned in place and returned (an error is cleaned once; later calls return it as is). */
  error<E>(e: E): E {
    this.clean(e, 0);
    return e;
  }

  private clean(value: unknown, depth: number): unknown {
    if (typeof value === "string") return this.text(value);
    if (value === null || typeof value !== "object" || depth > 8) return value;
    if (Array.isArray(value)) return value.map((v) => this.clean(v, depth + 1));
    if (this.cleaned.has(value)) return value;
    this.cleaned.add(value);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (value instanceof Error) keys.push("message", "stack");
    for (const k of keys) {
      const v = record[k];
      const cleaned = this.clean(v, depth + 1);
      if (cleaned !== v) assign(record, k, cleaned);
    }
    return value;
  }
}

function expand(secrets: readonly (string | undefined)[]): string[] {
  const forms = secrets.flatMap((s) => (s === undefined ? [] : secretForms(s)));
  return [...new Set(forms)].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** Set a (TypeScript-readonly) field; fields that cannot be written are left as they are. */
function assign(record: Record<string, unknown>, key: string, value: unknown): void {
  try {
    record[key] = value;
  } catch {
    // frozen or accessor-only: nothing to clean in place
  }
}

/** A URL without user info and without secret query parameters. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    for (const k of [...u.searchParams.keys()]) {
      if (SECRET_KEY.test(k)) u.searchParams.set(k, REDACTED);
    }
    return u.toString();
  } catch {
    return url;
  }
}
