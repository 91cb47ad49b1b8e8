/**
 * Sends one prepared step with Node's `http` (so the headers are exactly the step's: no implicit
 * `Content-Type`) and records what came back. A connection closed without an answer (loxilb
 * v0.9.8's handler panics) is recorded as status 0.
 */
import * as http from "http";
import type { PreparedStep } from "./case-data";

/** What a server answered to one step. */
export interface Answer {
  /** HTTP status, or 0 when the connection closed without a response. */
  readonly status: number;
  /** `Content-Type` and `Allow` (the headers loxilb's answers vary in), absent ones left out. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The base path of loxilb's API. */
export const API = "/netlox/v1";

/** Sends `step` to the server at `baseUrl` (no `/netlox/v1`); never rejects. */
export function send(baseUrl: string, step: PreparedStep, timeoutMs = 10_000): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...step.headers };
    if (step.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(step.body));
    const req = http.request(`${baseUrl}${API}${step.path}`, { method: step.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const kept: Record<string, string> = {};
        for (const name of ["content-type", "allow"]) {
          const v = res.headers[name];
          if (v !== undefined) kept[name] = Array.isArray(v) ? v.join(",") : v;
        }
        resolve({ status: res.statusCode ?? 0, headers: kept, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (e) => resolve({ status: 0, headers: {}, body: `<${e.message}>` }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ status: 0, headers: {}, body: `<no response: ${e.message}>` }));
    req.end(step.body);
  });
}

/** `GET` a path below `/netlox/v1` (the store checks after the steps). */
export function get(baseUrl: string, path: string): Promise<Answer> {
  return send(baseUrl, { method: "GET", path, body: undefined, headers: {}, compare: "exact" });
}
