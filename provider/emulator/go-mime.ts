/**
 * Go's `mime.ParseMediaType`, as far as go-openapi uses it on a request's `Content-Type`: the media
 * type in lower case, or Go's error text. Parameters are checked for syntax only (RFC 2231
 * continuations are not modelled).
 */

const TSPECIALS = new Set('()<>@,;:\\"/[]?='.split(""));

const isTokenChar = (c: string): boolean => c > " " && c < "\x7f" && !TSPECIALS.has(c);

/** The longest prefix of token characters, and the rest. */
function consumeToken(v: string): [string, string] {
  let i = 0;
  while (i < v.length && isTokenChar(v[i]!)) i++;
  return [v.slice(0, i), v.slice(i)];
}

/** A token or a quoted string; `undefined` when neither starts `v` (an unterminated quote too). */
function consumeValue(v: string): [string, string] | undefined {
  if (!v.startsWith('"')) {
    const [token, rest] = consumeToken(v);
    return token === "" ? undefined : [token, rest];
  }
  let out = "";
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    if (c === '"') return [out, v.slice(i + 1)];
    if (c === "\\" && i + 1 < v.length) out += v[++i]!;
    else if (c === "\r" || c === "\n") return undefined;
    else out += c;
  }
  return undefined;
}

/** `; key=value`: the lower-cased key and the rest, or undefined when `v` does not start with one. */
function consumeParam(v: string): [string, string] | undefined {
  let rest = v.trimStart();
  if (!rest.startsWith(";")) return undefined;
  const [key, afterKey] = consumeToken(rest.slice(1).trimStart());
  if (key === "") return undefined;
  rest = afterKey.trimStart();
  if (!rest.startsWith("=")) return undefined;
  const value = consumeValue(rest.slice(1).trimStart());
  return value === undefined ? undefined : [key.toLowerCase(), value[1]];
}

function checkType(s: string): string | undefined {
  const [type, rest] = consumeToken(s);
  if (type === "") return "mime: no media type";
  if (rest === "") return undefined;
  if (!rest.startsWith("/")) return "mime: expected slash after first token";
  const [subtype, after] = consumeToken(rest.slice(1));
  if (subtype === "") return "mime: expected token after slash";
  return after === "" ? undefined : "mime: unexpected content after media subtype";
}

/** The media type of a header value the way Go parses it, or Go's error. */
export function parseMediaType(v: string): { ok: true; type: string } | { ok: false; error: string } {
  const semi = v.indexOf(";");
  const base = semi < 0 ? v : v.slice(0, semi);
  const type = base.toLowerCase().trim();
  const bad = checkType(type);
  if (bad !== undefined) return { ok: false, error: bad };
  const seen = new Set<string>();
  let rest = v.slice(base.length);
  while ((rest = rest.trimStart()) !== "") {
    const param = consumeParam(rest);
    if (param === undefined) {
      if (rest.trim() === ";") break; // a trailing semicolon is allowed
      return { ok: false, error: "mime: invalid media parameter" };
    }
    if (seen.has(param[0])) return { ok: false, error: "mime: duplicate parameter name" };
    seen.add(param[0]);
    rest = param[1];
  }
  return { ok: true, type };
}
