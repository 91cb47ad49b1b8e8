/**
 * Test helpers for the emulator suites: start an emulator torn down with the test, and a raw HTTP
 * caller that returns status, headers and the exact body text (no client library in between).
 */
import type { ExecutionContext } from "ava";
import { startEmulator } from "../../provider/emulator";
import type { LoxilbEmulator, StartEmulatorOptions } from "../../provider/emulator/types";

/** A raw answer. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body (undefined when it is not JSON). */
  readonly json: unknown;
}

/** Calls `<base>/netlox/v1<path>`; a non-string body is sent as JSON. */
export type Call = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<RawAnswer>;

/** Sends one request to an absolute URL and reads the whole answer. */
export async function rawRequest(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  // a body is JSON unless the caller says otherwise (fetch would send text/plain, which loxilb refuses)
  const sent = body === undefined ? headers : { "Content-Type": "application/json", ...headers };
  const init: RequestInit = { method, headers: sent };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Starts an emulator (closed in teardown) and returns it with a caller bound to its HTTP URL. */
export async function emulatorFor(
  t: ExecutionContext,
  options: StartEmulatorOptions = {},
): Promise<{ emu: LoxilbEmulator; call: Call }> {
  const emu = await startEmulator(options);
  t.teardown(() => emu.close());
  const call: Call = (method, path, body, headers) =>
    rawRequest(`${emu.url}/netlox/v1${path}`, method, body, headers);
  return { emu, call };
}

/** A rule body with sensible defaults; `sa` and `eps` override. */
export function ruleBody(
  sa: Record<string, unknown> = {},
  eps: Array<Record<string, unknown>> = [{ endpointIP: "10.0.0.11", targetPort: 8080, weight: 1 }],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    serviceArguments: { externalIP: "192.168.1.100", port: 80, protocol: "tcp", ...sa },
    endpoints: eps,
    ...extra,
  };
}

/** An endpoint item. */
export function ep(ip: string, targetPort = 8080, weight = 1): Record<string, unknown> {
  return { endpointIP: ip, targetPort, weight };
}

/** The GET list (`lbAttr`) parsed. */
export async function listRules(call: Call): Promise<Array<Record<string, unknown>>> {
  const r = await call("GET", "/config/loadbalancer/all");
  return (r.json as { lbAttr: Array<Record<string, unknown>> }).lbAttr;
}

/** The endpoint IPs the GET view shows for the only rule (or `null` when it shows none). */
export async function endpointIps(call: Call): Promise<string[] | null> {
  const [rule] = await listRules(call);
  const eps = rule?.["endpoints"] as Array<{ endpointIP: string }> | null | undefined;
  return eps === null || eps === undefined ? null : eps.map((e) => e.endpointIP);
}

/** The exact body of `200 {"result":"Success"}`. */
export const SUCCESS_TEXT = '{"result":"Success"}\n';

/** The exact body text of a handler error. */
export function handlerErrorText(code: number, message: string, result: string): string {
  return `${JSON.stringify({ code, fields: null, message, result })}\n`;
}
