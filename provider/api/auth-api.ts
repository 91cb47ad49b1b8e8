/**
 * Routes without credentials: `POST /auth/login` (user-service mode) and `GET /version`, the
 * liveness probe used by failover and `healthCheck` (docs/loxilb-facts.md §2, §14).
 */
import type { ApiCall } from "./api-call";
import { LoginRequest, LoginResponse, VersionInfo } from "./model";

export const loginUrl = (): string => "/auth/login";
export const versionUrl = (): string => "/version";

/** `POST /auth/login {"username","password"}` → `{"token"}`. */
export function loginCall(username: string, password: string): ApiCall<LoginResponse> {
  return {
    method: "POST",
    path: loginUrl(),
    body: LoginRequest.encode({ username, password }),
    response: { kind: "json", codec: LoginResponse },
    auth: false,
    sensitive: true,
  };
}

/** `GET /version` → `{"version","buildInfo"}`. */
export function versionCall(): ApiCall<VersionInfo> {
  return { method: "GET", path: versionUrl(), response: { kind: "json", codec: VersionInfo }, auth: false };
}
