/**
 * Authentication (docs/loxilb-facts.md §2): the raw `Authorization` header (no `Bearer `) is checked
 * against the manual token and the tokens `/auth/login` issued. Missing header → 401; a rejected one
 * → the validator's plain error, which go-openapi answers with HTTP 500 (expired issued tokens → 401).
 */
import { randomBytes } from "crypto";
import { UNAUTHENTICATED, type FrameworkError } from "./framework-errors";

/** The configured credentials. */
export interface AuthConfig {
  readonly token?: string;
  readonly users?: Readonly<Record<string, string>>;
}

/** Token checks and the user-service login. */
export class Authenticator {
  private readonly issued = new Set<string>();
  private readonly expired = new Set<string>();

  constructor(private readonly config: AuthConfig) {}

  /** True when any authentication mode is on. */
  get enabled(): boolean {
    return this.config.token !== undefined || this.config.users !== undefined;
  }

  /** True when `/auth/login` is served (user-service mode). */
  get loginEnabled(): boolean {
    return this.config.users !== undefined;
  }

  /** The framework error for this header, or undefined when the request may proceed. */
  check(header: string | undefined): FrameworkError | undefined {
    if (!this.enabled) return undefined;
    if (header === undefined || header === "") return UNAUTHENTICATED;
    if (this.config.token !== undefined && header === this.config.token) return undefined;
    if (this.issued.has(header)) return undefined;
    if (this.expired.has(header)) return { status: 401, code: 401, message: "token is expired" };
    const message = this.config.users !== undefined ? "Token not found" : "invalid token";
    return { status: 500, code: 500, message };
  }

  /** Issues a token for valid credentials, or undefined. */
  login(username: string, password: string): string | undefined {
    const users = this.config.users;
    if (users === undefined || !Object.prototype.hasOwnProperty.call(users, username)) return undefined;
    if (users[username] !== password) return undefined;
    const token = randomBytes(24).toString("base64url");
    this.issued.add(token);
    return token;
  }

  /** Invalidates every issued token (they answer 401 `token is expired` from now on). */
  expireTokens(): void {
    for (const t of this.issued) this.expired.add(t);
    this.issued.clear();
  }
}
