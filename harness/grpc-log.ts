/**
 * The real engine's gRPC log: with `PULUMI_DEBUG_GRPC=<file>` the `pulumi` CLI appends one JSON line
 * per gRPC event (`request_started`, then `response_completed` with the request again and the
 * response or `errors`), for the language host, the resource monitor and every provider plugin.
 * Decoded with a codec; the provider calls come out in the shape the comparison with the harness
 * uses (`ProviderCall`, also made from a harness transcript).
 */
import * as fs from "fs";
import * as t from "io-ts";
import { formatValidationErrors } from "../provider/api/codec-helpers";
import type { TranscriptEntry } from "./types";
import type { Wire, WireMap } from "./wire";

const WireValue = new t.Type<Wire, Wire, unknown>(
  "Wire",
  (u): u is Wire => u === null || ["string", "number", "boolean", "object"].includes(typeof u),
  (u, c) => (u !== undefined && typeof u !== "function" ? t.success(u as Wire) : t.failure(u, c)),
  t.identity,
);

/** One line of the log. */
export const GrpcLogLine = t.intersection([
  t.type({
    method: t.string,
    progress: t.keyof({ request_started: null, response_completed: null }),
    metadata: t.partial({ kind: t.string, mode: t.string, name: t.string, address: t.string }),
  }),
  t.partial({
    request: t.UnknownRecord,
    response: WireValue,
    errors: t.array(t.string),
    timestamp: t.string,
    duration: t.number,
  }),
]);
export type GrpcLogLine = t.TypeOf<typeof GrpcLogLine>;

/** Every line of a log file (none when the file does not exist: no call was made). */
export function readGrpcLog(file: string): GrpcLogLine[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line, i) => {
      const r = GrpcLogLine.decode(JSON.parse(line));
      if (r._tag === "Left")
        throw new Error(`${file} line ${i + 1}: ${formatValidationErrors(r.left).join("; ")}`);
      return r.right;
    });
}

/** One engine → provider call, from either engine. */
export interface ProviderCall {
  /** The RPC's short name: `Check`, `Diff`, `Create`, `Configure`, ... */
  readonly method: string;
  readonly urn: string;
  /** The request message as JSON (message-json.ts for the harness, protobuf JSON for the CLI). */
  readonly request: WireMap;
  readonly response?: Wire;
  /** `<code>: <description>` of a failed call, e.g. `Unimplemented: CheckConfig is not implemented...`. */
  readonly error?: string;
}

const PROVIDER_SERVICE = "/pulumirpc.ResourceProvider/";

/** `rpc error: code = Unimplemented desc = …` → `Unimplemented: …`. */
function cliError(text: string): string {
  const m = /^rpc error: code = (\w+) desc = ([\s\S]*)$/.exec(text);
  return m ? `${m[1]}: ${m[2]}` : text;
}

const urnOf = (request: WireMap): string => (typeof request["urn"] === "string" ? request["urn"] : "");

/** The completed calls the engine made to one provider plugin (`pulumi-nodejs`: the dynamic host). */
export function cliProviderCalls(lines: readonly GrpcLogLine[], plugin = "pulumi-nodejs"): ProviderCall[] {
  return lines
    .filter(
      (l) =>
        l.progress === "response_completed" &&
        l.method.startsWith(PROVIDER_SERVICE) &&
        l.metadata.kind === "resource" &&
        l.metadata.name === plugin,
    )
    .map((l) => {
      const request = (l.request ?? {}) as WireMap;
      const error = l.errors?.[0];
      return {
        method: l.method.slice(PROVIDER_SERVICE.length),
        urn: urnOf(request),
        request,
        ...(error !== undefined ? { error: cliError(error) } : { response: l.response ?? {} }),
      };
    });
}

/** gRPC status names by code (grpc-go's spelling, as the engine's log prints them). */
const STATUS_NAMES = [
  "OK",
  "Canceled",
  "Unknown",
  "InvalidArgument",
  "DeadlineExceeded",
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "ResourceExhausted",
  "FailedPrecondition",
  "Aborted",
  "OutOfRange",
  "Unimplemented",
  "Internal",
  "Unavailable",
  "DataLoss",
  "Unauthenticated",
];

/** The provider calls of one harness operation, from its transcript. */
export function harnessProviderCalls(entries: readonly TranscriptEntry[], operation: string): ProviderCall[] {
  return entries
    .filter((e) => e.operation === operation && e.message !== undefined)
    .map((e) => {
      const request = e.message!.request as WireMap;
      const code = e.error ? (STATUS_NAMES[e.error.code ?? 2] ?? String(e.error.code)) : "";
      return {
        method: e.method,
        urn: urnOf(request),
        request,
        ...(e.error ? { error: `${code}: ${e.error.message}` } : { response: e.message!.response ?? {} }),
      };
    });
}
