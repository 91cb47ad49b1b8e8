/**
 * The default transport: a minimal {@link FetchLike} on Node's `http`/`https` modules that reads the
 * whole body before resolving. node-fetch v2 is not used by default because its chunked-response
 * check reports false "Premature close" errors on reused keep-alive sockets (node-fetch#1767),
 * which a pooled client hits constantly. Both transports stop reading a body past
 * `init.maxResponseBytes` and reject with {@link BodyLimitExceeded}.
 */
import * as http from "http";
import * as https from "https";
import nodeFetch, { type RequestInit } from "node-fetch";
import { BodyLimitExceeded, type FetchLike, type FetchResponse } from "./options";

/**
 * node-fetch v2 as a {@link FetchLike}, for callers who prefer it (pass it as the `fetch` option). It
 * receives the endpoint's agent and abort signal. Beware its false "Premature close" on chunked
 * answers over reused keep-alive sockets (see the file comment).
 */
export const nodeFetchTransport: FetchLike = async (url, init) => {
  const { maxResponseBytes, ...rest } = init;
  // node-fetch's `size` rejects past the limit but keeps the stream flowing: the client's abort stops it.
  const res = await nodeFetch(url, { ...rest, size: maxResponseBytes ?? 0 } as unknown as RequestInit);
  return {
    status: res.status,
    headers: res.headers,
    text: () =>
      res.text().catch((e: unknown) => {
        if ((e as { type?: unknown }).type !== "max-size" || maxResponseBytes === undefined) throw e;
        throw new BodyLimitExceeded(res.status, maxResponseBytes);
      }),
  };
};

/**
 * The default transport: Node `http`/`https`, whole body read before resolving. Past
 * `init.maxResponseBytes` (announced or received) the request is destroyed, so nothing more is read.
 */
export const nodeHttpFetch: FetchLike = (url, init) =>
  new Promise<FetchResponse>((resolve, reject) => {
    const u = new URL(url);
    const request = u.protocol === "https:" ? https.request : http.request;
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers["Content-Length"] = Buffer.byteLength(init.body);
    const limit = init.maxResponseBytes ?? Infinity;
    const req = request(
      u,
      {
        method: init.method,
        headers,
        ...(init.agent !== undefined ? { agent: init.agent } : {}),
        ...(init.signal !== undefined ? { signal: init.signal } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.on("error", reject);
        let stopped = false;
        const tooLarge = (declared?: number) => {
          stopped = true;
          reject(new BodyLimitExceeded(status, limit, declared));
          req.destroy();
        };
        const declared = Number(res.headers["content-length"]);
        if (Number.isFinite(declared) && declared > limit) {
          tooLarge(declared);
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        res.on("data", (c: Buffer) => {
          if (stopped) return;
          received += c.length;
          if (received > limit) tooLarge();
          else chunks.push(c);
        });
        res.on("close", () => {
          if (!res.complete) reject(prematureClose());
        });
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status,
            headers: headerGetter(res.headers),
            text: () => Promise.resolve(text),
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
