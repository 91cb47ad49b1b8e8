/**
 * One loxilb endpoint: its keep-alive agent, its credentials, and one attempt at one call (retries,
 * failover and replication live in `executor.ts`). An attempt sends the request, reads the whole body
 * within `apiTimeout` (AbortController), logs it when `debugApiCalls` is on, and interprets the answer
 * into a value or a typed error.
 */
import type * as http from "http";
import { interpretAnswer, type ApiCall, type RawAnswer } from "./api-call";
import { loginCall } from "./auth-api";
import { EndpointAuth } from "./auth";
import { formatCallLog } from "./debug-log";
import { NetworkError, TimeoutError, isLoxiLBError, isUnauthorized, type RequestInfo } from "./errors";
import { nodeHttpFetch } from "./http-fetch";
import type { FetchInit, FetchLike, LoxiLBClientOptions } from "./options";
import { maskSecrets, safeUrl } from "./redact";
import { agentFor, type TlsMaterial } from "./tls-agent";

/** Settings shared by every endpoint of a client. */
export interface TransportSettings {
  readonly options: LoxiLBClientOptions;
  readonly tls: TlsMaterial;
  readonly fetch: FetchLike;
  readonly now: () => number;
  /** Debug sink, present only when `debugApiCalls` is on. */
  readonly log: ((line: string) => void) | undefined;
}

/**
 * The default transport: Node `http`/`https` (see `http-fetch.ts` for why node-fetch v2 is not the
 * default with pooled keep-alive sockets). Any `fetch`-shaped function can be injected instead.
 */
export const defaultFetch: FetchLike = nodeHttpFetch;

export class EndpointTransport {
  /** The keep-alive agent (exposed for socket accounting). */
  readonly agent: http.Agent;
  /** Base URL with `/netlox/v1`, without user info. */
  readonly base: string;
  private readonly auth: EndpointAuth;

  constructor(
    /** The endpoint as configured (its name in errors and reports). */
    readonly endpoint: string,
    private readonly s: TransportSettings,
  ) {
    this.base = apiBase(endpoint);
    this.agent = agentFor(this.base, s.options.apiConnectionPoolSize ?? 10, s.tls);
    this.auth = new EndpointAuth(s.options, async (username, password) => {
      return (await this.sendOnce(loginCall(username, password), undefined)).token;
    });
  }

  /** One attempt. With password auth, a refused token triggers one fresh login and one resend. */
  async send<A>(call: ApiCall<A>): Promise<A> {
    if (call.auth === false) return this.sendOnce(call, undefined);
    const token = await this.auth.header();
    try {
      return await this.sendOnce(call, token);
    } catch (e) {
      if (!this.auth.canRenew || !isUnauthorized(e)) throw e;
      return this.sendOnce(call, await this.auth.renew(token));
    }
  }

  /** Destroy the agent: idle and busy sockets are closed. */
  close(): void {
    this.agent.destroy();
  }

  private async sendOnce<A>(call: ApiCall<A>, token: string | undefined): Promise<A> {
    const url = `${this.base}${call.path}`;
    const req: RequestInfo = { method: call.method, url: safeUrl(url), endpoint: this.endpoint };
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token !== undefined) headers["Authorization"] = token;
    const started = this.s.now();
    let answer: RawAnswer;
    try {
      answer = await this.exchange(url, req, { method: call.method, headers, agent: this.agent }, body);
    } catch (e) {
      this.log(req, "ERR", started, body, e instanceof Error ? e.message : undefined);
      throw e;
    }
    this.log(req, answer.status, started, body, answer.text);
    return interpretAnswer(call, req, answer, this.s.now());
  }

  /** Send and read the whole body within `apiTimeout`; transport failures become typed errors. */
  private async exchange(url: string, req: RequestInfo, init: FetchInit, body?: string): Promise<RawAnswer> {
    const timeoutMs = Math.round((this.s.options.apiTimeout ?? 30) * 1000);
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    // The race also ends attempts whose (injected) fetch ignores the abort signal.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
        reject(new TimeoutError(req, timeoutMs));
      }, timeoutMs);
    });
    const work = (async (): Promise<RawAnswer> => {
      const res = await this.s.fetch(url, {
        ...init,
        ...(body !== undefined ? { body } : {}),
        signal: controller.signal,
      });
      const text = await res.text();
      const h = (name: string) => res.headers.get(name);
      return { status: res.status, text, contentType: h("content-type"), retryAfter: h("retry-after") };
    })();
    work.catch(() => undefined); // settled after a timeout: nobody listens any more
    try {
      return await Promise.race([work, deadline]);
    } catch (e) {
      if (isLoxiLBError(e)) throw e;
      if (timedOut) throw new TimeoutError(req, timeoutMs);
      throw networkError(req, e, this.auth.secrets());
    } finally {
      clearTimeout(timer);
    }
  }

  private log(req: RequestInfo, status: number | "ERR", started: number, reqBody?: string, resBody?: string) {
    if (this.s.log === undefined) return;
    const record = {
      method: req.method,
      url: req.url,
      status,
      durationMs: this.s.now() - started,
      ...(reqBody !== undefined ? { requestBody: reqBody } : {}),
      ...(resBody !== undefined ? { responseBody: resBody } : {}),
    };
    this.s.log(formatCallLog(record, this.auth.secrets()));
  }
}

/** `http://h:1/` → `http://h:1/netlox/v1` (kept when already there); user info dropped. */
export function apiBase(endpoint: string): string {
  const u = new URL(endpoint);
  const path = u.pathname.replace(/\/+$/, "");
  const withApi = path.endsWith("/netlox/v1") ? path : `${path}/netlox/v1`;
  return `${u.protocol}//${u.host}${withApi}`;
}

function networkError(req: RequestInfo, e: unknown, secrets: string[]): NetworkError {
  const err = e as { message?: unknown; code?: unknown };
  const code = typeof err.code === "string" ? err.code : undefined;
  const message = typeof err.message === "string" ? err.message : String(e);
  return new NetworkError(req, maskSecrets(message, secrets), code);
}
