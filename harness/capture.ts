/**
 * `captureProgram`: run a program under `setMocks` and return its registrations exactly as they
 * reach the resource monitor (the wire object with `__provider`, secret wrappers and UNKNOWN
 * strings), without any provider. The mocked monitor answers like the engine would without one:
 * the inputs come back as outputs, with id "" in preview (so dependents see unknown ids) and
 * `<name>-id` otherwise.
 */
import * as path from "path";
import { computeUrn } from "./deployment";
import { startProgram } from "./program-run";
import type { CapturedRegistration } from "./types";
import { clone, type WireMap } from "./wire";

export interface CaptureOptions {
  readonly preview?: boolean;
  readonly project?: string;
  readonly stack?: string;
  readonly config?: Record<string, string>;
  readonly secretKeys?: string[];
  readonly args?: unknown;
  /** Working directory of the program process (default: the current one). */
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** Extra outputs to answer a registration with (e.g. output-only properties). */
  readonly outputs?: (reg: CapturedRegistration) => WireMap | undefined;
  /** Answers invokes; the default throws. */
  readonly invoke?: (token: string, args: WireMap) => WireMap | Promise<WireMap>;
}

export interface CaptureResult {
  readonly registrations: CapturedRegistration[];
  readonly outputs: WireMap;
  readonly errors: string[];
  readonly logs: string[];
}

/** The captured registrations; throws if the program failed. */
export async function captureProgram(
  programPath: string,
  opts: CaptureOptions = {},
): Promise<CapturedRegistration[]> {
  const res = await captureProgramRun(programPath, opts);
  if (res.errors.length > 0) throw new Error(`the program failed:\n${res.errors.join("\n")}`);
  return res.registrations;
}

/** Like `captureProgram`, returning the program's outputs and errors instead of throwing. */
export async function captureProgramRun(
  programPath: string,
  opts: CaptureOptions = {},
): Promise<CaptureResult> {
  const preview = opts.preview ?? false;
  const project = opts.project ?? "project";
  const stack = opts.stack ?? "stack";
  const registrations: CapturedRegistration[] = [];
  const run = startProgram({
    programPath: path.resolve(programPath),
    ...(opts.args !== undefined ? { args: opts.args } : {}),
    project,
    stack,
    preview,
    config: opts.config ?? {},
    secretKeys: opts.secretKeys ?? [],
    cwd: opts.cwd ?? process.cwd(),
    ...(opts.env ? { env: opts.env } : {}),
    timeoutMs: opts.timeoutMs ?? 120_000,
    onRegister: async (reg) => {
      const urn = computeUrn(stack, project, reg.parent, reg.type, reg.name);
      const captured: CapturedRegistration = { ...reg, urn };
      registrations.push(captured);
      const extra = opts.outputs?.(captured) ?? {};
      const id = !reg.custom || preview ? "" : `${reg.name}-id`;
      return { ok: true, urn, id, object: { ...clone(reg.object), ...extra } };
    },
    onRead: async (reg) => ({ ok: true, object: clone(reg.object) }),
    onInvoke: async (req) => {
      if (!opts.invoke) throw new Error(`unexpected invoke ${req.token}`);
      return opts.invoke(req.token, req.args);
    },
  });
  const done = await run.done;
  registrations.sort((a, b) => a.seq - b.seq);
  return { registrations, outputs: done.outputs, errors: done.errors, logs: done.logs };
}
