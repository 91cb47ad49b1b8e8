/**
 * Redaction for debug logs: secret-looking JSON keys lose their values, and any known secret string
 * (configured token, password, client key, tokens issued by `/auth/login`) is masked wherever it appears.
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

/** Replace every occurrence of each secret (at least 3 chars long) with {@link REDACTED}. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 3) out = out.split(s).join(REDACTED);
  }
  return out;
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
