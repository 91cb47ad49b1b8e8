/**
 * One loxilb endpoint: its keep-alive agent, its credentials, and one attempt at one call (retries,
 * failover and replication live in `executor.ts`). An attempt sends the request, reads the whole body
 * within `apiTimeout` (AbortController) and `maxResponseBytes`, logs it when `debugApiCalls` is on, and
 * interprets the answer into a value or a typed error. Every error leaves through {@link
 * EndpointTransport.send}, which passes it through the client's {@link Redactor}.
 */
import type * as http from "http";
import { interpretAnswer, type ApiCall, type RawAnswer } from "./api-call";
import { loginCall } from "./auth-api";
import { EndpointAuth } from "./auth";
import { formatCallLog } from "./debug-log";
import {
  NetworkError,
  ResponseTooLargeError,
  TimeoutError,
  isLoxiLBError,
  isUnauthorized,
  type RequestInfo,
} from "./errors";
import { nodeHttpFetch } from "./http-fetch";
import {
  BodyLimitExceeded,
  DEFAULT_MAX_RESPONSE_BYTES,
  type FetchInit,
  type FetchLike,
  type LoxiLBClientOptions,
} from "./options";
import { Redactor, safeUrl, stripUserInfo } from "./redact";
import { agentFor, type TlsMaterial } from "./tls-agent";

/** Settings shared by every endpoint of a client. */
export interface TransportSettings {
  readonly options: LoxiLBClientOptions;
  readonly tls: TlsMaterial;
  readonly fetch: FetchLike;
  readonly now: () => number;
  /** Debug sink, present only when `debugApiCalls` is on. */
  readonly log: ((line: string) => void) | undefined;
  /** The client's secrets: cleans every error and log line (issued tokens are added to it). */
  readonly redactor: Redactor;
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
  /** The endpoint without user info: its name in errors. */
  readonly safeEndpoint: string;
  private readonly auth: EndpointAuth;
  private readonly maxResponseBytes: number;

  constructor(
    /** The endpoint as configured (its key in the client; never shown). */
    readonly endpoint: string,
    private readonly s: TransportSettings,
  ) {
    this.base = apiBase(endpoint);
    this.safeEndpoint = stripUserInfo(endpoint);
    this.maxResponseBytes = s.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.agent = agentFor(this.base, s.options.apiConnectionPoolSize ?? 10, s.tls);
    this.auth = new EndpointAuth(s.options, async (username, password) => {
      const { token } = await this.sendOnce(loginCall(username, password), undefined);
      s.redactor.add(token);
      return token;
    });
  }

  /**
   * One attempt. With password auth, a refused token triggers one fresh login and one resend. Every
   * error (network, timeout, HTTP, decode, login) is cleaned by the redactor on its way out.
   */
  async send<A>(call: ApiCall<A>): Promise<A> {
    try {
      return await this.sendAuthenticated(call);
    } catch (e) {
      throw this.s.redactor.error(e);
    }
  }

  private async sendAuthenticated<A>(call: ApiCall<A>): Promise<A> {
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
    const req: RequestInfo = { method: call.method, url: safeUrl(url), endpoint: this.safeEndpoint };
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
    return interpretAnswer(call, req, answer, this.s.now(), (text) => this.s.redactor.text(text));
  }

  /**
   * Send and read the whole body within `apiTimeout` and `maxResponseBytes`; transport failures become
   * typed errors. A failed attempt aborts its request, so a body nobody wants is not read any further.
   */
  private async exchange(url: string, req: RequestInfo, init: FetchInit, body?: string): Promise<RawAnswer> {
    const timeoutMs = Math.round((this.s.options.apiTimeout ?? 30) * 1000);
    const limit = this.maxResponseBytes;
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
        maxResponseBytes: limit,
      });
      const h = (name: string) => res.headers.get(name);
      // Checked here too, for injected transports that do not honour `maxResponseBytes`.
      const length = h("content-length");
      const declared = length === null ? Number.NaN : Number(length);
      if (Number.isFinite(declared) && declared > limit) {
        throw new BodyLimitExceeded(res.status, limit, declared);
      }
      const text = await res.text();
      if (Buffer.byteLength(text) > limit) throw new BodyLimitExceeded(res.status, limit);
      return { status: res.status, text, contentType: h("content-type"), retryAfter: h("retry-after") };
    })();
    work.catch(() => undefined); // settled after a timeout: nobody listens any more
    try {
      return await Promise.race([work, deadline]);
    } catch (e) {
      controller.abort();
      if (isLoxiLBError(e)) throw e;
      if (timedOut) throw new TimeoutError(req, timeoutMs);
      if (e instanceof BodyLimitExceeded) throw new ResponseTooLargeError(req, e.status, limit, e.declared);
      throw networkError(req, e, this.s.redactor);
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
    this.s.log(this.s.redactor.text(formatCallLog(record, this.s.redactor.secrets())));
  }
}

/** `http://h:1/` → `http://h:1/netlox/v1` (kept when already there); user info dropped. */
export function apiBase(endpoint: string): string {
  const u = new URL(endpoint);
  const path = u.pathname.replace(/\/+$/, "");
  const withApi = path.endsWith("/netlox/v1") ? path : `${path}/netlox/v1`;
  return `${u.protocol}//${u.host}${withApi}`;
}

function networkError(req: RequestInfo, e: unknown, redactor: Redactor): NetworkError {
  const err = e as { message?: unknown; code?: unknown };
  const code = typeof err.code === "string" ? err.code : undefined;
  const message = typeof err.message === "string" ? err.message : String(e);
  return new NetworkError(req, redactor.text(message), code);
}
