/**
 * The request pipeline: emulator control routes (`/__emulator/*`: no auth, no faults, not logged),
 * then for every other path faults, CORS preflight, routing (404/405), authentication and the
 * handler; every answered API request is logged.
 */
import type { IncomingMessage, ServerResponse } from "http";
import { STATUS_CODES } from "http";
import type { Authenticator } from "./auth";
import type { FaultRegistry } from "./faults";
import { pathNotFound } from "./framework-errors";
import { acceptError, contentTypeError } from "./media-types";
import { logBody, type RequestLog } from "./request-log";
import { frameworkReply, jsonReply, type Reply } from "./reply";
import type { Router } from "./router";

/** The API base path. */
export const BASE_PATH = "/netlox/v1";
const PUBLIC_PATHS = new Set(["/version", "/auth/login"]);

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Authorization",
};

/** What the pipeline needs. */
export interface AppDeps {
  readonly api: Router;
  readonly control: Router;
  readonly auth: Authenticator;
  readonly faults: FaultRegistry;
  readonly log: RequestLog;
  readonly now: () => number;
  /** Requests held by `hangNext`, destroyed on `clear()`/`close()`. */
  readonly hung: Set<ServerResponse>;
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    ...CORS,
    "Content-Type": reply.contentType,
    "Content-Length": Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () =>
      resolve(
        chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8"),
      ),
    );
    req.on("error", reject);
  });
}

function failReply(status: number, body: unknown, retryAfter: number | undefined): Reply {
  const value = body ?? { code: status, message: STATUS_CODES[status] ?? "injected fault" };
  const reply =
    typeof value === "string" ? { ...jsonReply(status, ""), body: value } : jsonReply(status, value);
  return retryAfter === undefined ? reply : { ...reply, headers: { "Retry-After": String(retryAfter) } };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function route(
  deps: AppDeps,
  router: Router,
  method: string,
  path: string,
  fullPath: string,
  query: URLSearchParams,
  body: string,
  req: IncomingMessage,
  authenticate: boolean,
): Reply {
  const found = router.resolve(method, path, fullPath);
  if ("status" in found) return found;
  if (authenticate && !PUBLIC_PATHS.has(path)) {
    const denied = deps.auth.check(header(req, "authorization"));
    if (denied !== undefined) return frameworkReply(denied);
  }
  const request = { method, path, query, params: found.params, body, headers: req.headers };
  if (!authenticate) return found.handler(request);
  // the Prometheus exposition is text; every other route produces JSON only
  const hasBody = body.length > 0;
  const accept = path === "/metrics" ? undefined : header(req, "accept");
  const media = contentTypeError(header(req, "content-type"), hasBody) ?? acceptError(accept, hasBody);
  if (media !== undefined) return frameworkReply(media);
  const reply = found.handler(request);
  // with a body, an Accept that admits no JSON is not refused, but the responder's Content-Type is empty
  const unacceptable = hasBody && acceptError(accept, false) !== undefined;
  return unacceptable && reply.framework !== true ? { ...reply, contentType: "" } : reply;
}

/** Builds the Node request listener. */
export function createApp(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedAt = deps.now();
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1));
    if (path.startsWith("/__emulator/")) {
      // control calls are not evidence of what the client did: never logged, never faulted
      const body = await readBody(req);
      const ctl = path.slice("/__emulator".length);
      send(res, route(deps, deps.control, method, ctl, path, query, body, req, false));
      return;
    }
    const finish = deps.log.begin();
    const body = await readBody(req);
    const done = (reply: Reply) => {
      send(res, reply);
      finish({
        method,
        path: rawUrl,
        status: reply.status,
        body: logBody(body),
        startedAt,
        finishedAt: deps.now(),
      });
    };
    if (path !== BASE_PATH && !path.startsWith(`${BASE_PATH}/`))
      return done(frameworkReply(pathNotFound(path)));
    const apiPath = path.slice(BASE_PATH.length) || "/";
    const plan = deps.faults.plan(method, apiPath);
    if (plan.latencyMs > 0) await new Promise((r) => setTimeout(r, plan.latencyMs));
    if (plan.action === "hang") {
      deps.hung.add(res);
      res.on("close", () => deps.hung.delete(res));
      return;
    }
    if (plan.action === "reset") {
      req.socket.destroy();
      return;
    }
    if (plan.action !== undefined) {
      const f = plan.action.fail;
      return done(failReply(f.status, f.body, f.retryAfterSeconds));
    }
    if (method === "OPTIONS") return done({ status: 200, body: "", contentType: "application/json" });
    done(route(deps, deps.api, method, apiPath, path, query, body, req, true));
  };
  return (req, res) => {
    serve(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, jsonReply(500, { code: 500, message: String(e) }));
    });
  };
}
