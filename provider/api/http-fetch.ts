/**
 * The default transport: a minimal {@link FetchLike} on Node's `http`/`https` modules that reads the
 * whole body before resolving. node-fetch v2 is not used by default because its chunked-response
 * check reports false "Premature close" errors on reused keep-alive sockets (node-fetch#1767),
 * which a pooled client hits constantly.
 */
import * as http from "http";
import * as https from "https";
import nodeFetch, { type RequestInit } from "node-fetch";
import type { FetchLike, FetchResponse } from "./options";

/**
 * node-fetch v2 as a {@link FetchLike}, for callers who prefer it (pass it as the `fetch` option). It
 * receives the endpoint's agent and abort signal. Beware its false "Premature close" on chunked
 * answers over reused keep-alive sockets (see the file comment).
 */
export const nodeFetchTransport: FetchLike = (url, init) => nodeFetch(url, init as unknown as RequestInit);

/** The default transport: Node `http`/`https`, whole body read before resolving. */
export const nodeHttpFetch: FetchLike = (url, init) =>
  new Promise<FetchResponse>((resolve, reject) => {
    const u = new URL(url);
    const request = u.protocol === "https:" ? https.request : http.request;
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers["Content-Length"] = Buffer.byteLength(init.body);
    const req = request(
      u,
      {
        method: init.method,
        headers,
        ...(init.agent !== undefined ? { agent: init.agent } : {}),
        ...(init.signal !== undefined ? { signal: init.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("close", () => {
          if (!res.complete) reject(prematureClose());
        });
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: headerGetter(res.headers),
            text: async () => text,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });

function headerGetter(h: http.IncomingHttpHeaders): FetchResponse["headers"] {
  return {
    get(name: string): string | null {
      const v = h[name.toLowerCase()];
      if (v === undefined) return null;
      return Array.isArray(v) ? v.join(", ") : v;
    },
  };
}

function prematureClose(): Error {
  const e = new Error("connection closed before the response was complete") as NodeJS.ErrnoException;
  e.code = "ECONNRESET";
  return e;
}
