/**
 * Credentials of one endpoint, per `authType` (docs/loxilb-facts.md §2):
 * - `none`: no `Authorization` header (loxilb's default mode);
 * - `token`: the raw token in `Authorization`, **without** a `Bearer ` prefix (`--manualtoken`);
 * - `password`: `POST /auth/login {"username","password"}` → `{"token"}`, cached and sent raw; when
 *   loxilb answers 401 (or its 500 "invalid token"/"token is expired"), one fresh login and one resend;
 * - `tls`: the client certificate travels in the TLS handshake (see `tls-agent.ts`), no header.
 */
import type { LoxiLBClientOptions } from "./options";

/** Logs in and returns the issued token (rejects with the typed login failure). */
export type LoginFn = (username: string, password: string) => Promise<string>;

export class EndpointAuth {
  private token: string | undefined;
  private pendingLogin: Promise<string> | undefined;

  constructor(
    private readonly o: LoxiLBClientOptions,
    private readonly login: LoginFn,
  ) {
    if (o.authType === "token") this.token = o.apiToken;
  }

  /** True when a 401 should trigger one re-login and one resend. */
  get canRenew(): boolean {
    return this.o.authType === "password";
  }

  /** The `Authorization` value for a call that needs credentials (logs in first when needed). */
  async header(): Promise<string | undefined> {
    if (this.o.authType === "token") return this.token;
    if (this.o.authType !== "password") return undefined;
    return this.token ?? this.loginOnce();
  }

  /**
   * A new token after `stale` was refused. Concurrent callers that saw the same stale token share one
   * login; a caller whose stale token was already replaced gets the replacement without logging in.
   */
  async renew(stale: string | undefined): Promise<string> {
    if (this.token !== undefined && this.token !== stale) return this.token;
    this.token = undefined;
    return this.loginOnce();
  }

  private loginOnce(): Promise<string> {
    if (this.pendingLogin === undefined) {
      this.pendingLogin = this.login(this.o.username ?? "", this.o.password ?? "")
        .then((token) => (this.token = token))
        .finally(() => (this.pendingLogin = undefined));
    }
    return this.pendingLogin;
  }
}
