/**
 * A small path router with go-openapi's answers for misses: unknown path → 404
 * `path <p> was not found`, known path with another method → 405 with `Allow`.
 */
import { methodNotAllowed, pathNotFound } from "./framework-errors";
import { frameworkReply, type Reply } from "./reply";

/** A parsed request as handlers see it. */
export interface ApiRequest {
  readonly method: string;
  /** Path below `/netlox/v1`, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A route handler. */
export type Handler = (req: ApiRequest) => Reply;

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Routes by method and `/a/{param}/b` patterns; static segments win over parameters. */
export class Router {
  private readonly routes: Route[] = [];
  /** `METHOD /static/path` → handler: the O(1) fast path for routes without parameters. */
  private readonly statics = new Map<string, Handler>();

  /** Registers `handler` for `method` and `pattern` (e.g. `/config/loadbalancer/name/{name}`). */
  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: pattern.split("/").filter((s) => s !== ""), handler });
    if (!pattern.includes("{")) this.statics.set(`${method} ${pattern}`, handler);
    return this;
  }

  private match(route: Route, parts: readonly string[]): Record<string, string> | undefined {
    if (route.segments.length !== parts.length) return undefined;
    const params: Record<string, string> = {};
    for (const [i, seg] of route.segments.entries()) {
      const part = parts[i] ?? "";
      if (seg.startsWith("{")) {
        if (part === "") return undefined;
        params[seg.slice(1, -1)] = safeDecode(part);
      } else if (seg !== part) return undefined;
    }
    return params;
  }

  private staticScore(route: Route): number {
    return route.segments.filter((s) => !s.startsWith("{")).length;
  }

  /** Finds the route for a request, or answers 404/405 the go-openapi way. */
  resolve(
    method: string,
    path: string,
    fullPath: string,
  ): { handler: Handler; params: Record<string, string> } | Reply {
    const fast = this.statics.get(`${method} ${path}`);
    if (fast !== undefined) return { handler: fast, params: {} };
    const parts = path.split("/").filter((s) => s !== "");
    const hits = this.routes
      .map((route) => ({ route, params: this.match(route, parts) }))
      .filter((h): h is { route: Route; params: Record<string, string> } => h.params !== undefined);
    if (hits.length === 0) return frameworkReply(pathNotFound(fullPath));
    const best = Math.max(...hits.map((h) => this.staticScore(h.route)));
    const top = hits.filter((h) => this.staticScore(h.route) === best);
    const hit = top.find((h) => h.route.method === method);
    if (hit !== undefined) return { handler: hit.route.handler, params: hit.params };
    const allowed = [...new Set(top.map((h) => h.route.method))].sort();
    return frameworkReply(methodNotAllowed(method, allowed));
  }
}
