/**
 * Response bodies shared by every loxilb route (docs/loxilb-facts.md §3).
 */
import * as t from "io-ts";
import { Integer } from "./codec-helpers";

/**
 * `{"result":"Success"}`: every successful write answers HTTP 200 with this body. Before v0.9.8.5
 * loxilb also answered *errors* with HTTP 200 and `{"result":"<error text>"}`; see {@link isLegacyError}.
 */
export const ResultResponse = t.type({ result: t.string }, "ResultResponse");
export type ResultResponse = t.TypeOf<typeof ResultResponse>;

export const SUCCESS_RESULT = "Success";

/**
 * A `{result}` body that reports an error although the status was 200: the legacy (≤ v0.9.8.4) error
 * style, and the DSR check that still answers `200 {"result":"Error: ..."}` today.
 */
export function isLegacyError(body: ResultResponse): boolean {
  return body.result !== SUCCESS_RESULT;
}

/**
 * Error body. Handler errors carry `{code, fields: null, message, result}` where `result` is loxilb's
 * raw error text (e.g. `lbrule-exists error`) and `message` a fixed text per class. Framework errors
 * (unknown route, bad JSON, schema) carry only `{code, message}`; their `code` may be ≥ 600 (HTTP 422).
 */
export const ErrorBody = t.intersection(
  [
    t.type({ code: Integer, message: t.string }),
    t.partial({
      fields: t.union([t.array(t.string), t.null]),
      result: t.string,
      details: t.string,
      "sub-code": Integer,
    }),
  ],
  "ErrorBody",
);
export type ErrorBody = t.TypeOf<typeof ErrorBody>;

/** `GET /version` (no auth): the simplest liveness probe. */
export const VersionInfo = t.partial({ version: t.string, buildInfo: t.string }, "VersionInfo");
export type VersionInfo = t.TypeOf<typeof VersionInfo>;

/** `POST /auth/login` body (user service mode). */
export const LoginRequest = t.type({ username: t.string, password: t.string }, "LoginRequest");
export type LoginRequest = t.TypeOf<typeof LoginRequest>;

/** `POST /auth/login` answer: a token valid for 1440 minutes, sent raw in `Authorization`. */
export const LoginResponse = t.type({ token: t.string }, "LoginResponse");
export type LoginResponse = t.TypeOf<typeof LoginResponse>;
