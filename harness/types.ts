/** Shared shapes of the engine harness (no runtime code: safe to import from anywhere). */
import type { Wire, WireMap } from "./wire";

/** One resource registration exactly as the program sent it to the resource monitor. */
export interface Registration {
  /** Order of arrival within one program run. */
  readonly seq: number;
  readonly type: string;
  readonly name: string;
  /** URN of the parent resource, "" for none. */
  readonly parent: string;
  readonly custom: boolean;
  /** `req.getObject().toJavaScript()`: inputs with `__provider`, secret wrappers and UNKNOWN strings. */
  readonly object: WireMap;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  /** Provider reference ("" = the default provider for the package). */
  readonly provider: string;
  /** `opts.deleteBeforeReplace`, when the program set it. */
  readonly deleteBeforeReplace?: boolean;
  readonly ignoreChanges: string[];
  readonly replaceOnChanges: string[];
  readonly additionalSecretOutputs: string[];
  readonly retainOnDelete: boolean;
  readonly protect: boolean;
  readonly importId: string;
  readonly deletedWith: string;
  readonly version: string;
}

/** A registration plus the URN the monitor assigned (what `captureProgram` returns). */
export interface CapturedRegistration extends Registration {
  readonly urn: string;
}

/** A `ReadResource` (resource `get` with `opts.id`) as the program sent it. */
export interface ReadRegistration {
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly id: string;
  readonly object: WireMap;
  readonly dependencies: string[];
  readonly provider: string;
  readonly additionalSecretOutputs: string[];
}

/** The monitor's answer to a registration: what the program's outputs resolve to. */
export type RegistrationAnswer =
  | { readonly ok: true; readonly urn: string; readonly id: string; readonly object: WireMap }
  | { readonly ok: false; readonly error: string };

export interface InvokeRequest {
  readonly token: string;
  readonly args: WireMap;
  readonly provider: string;
}

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "read" | "refresh";

/** One resource-level step of an operation (what `pulumi preview` prints one line for). */
export interface PlanStep {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly op: StepOp;
  /** Top-level input keys that differ (old inputs vs new checked inputs, or the provider's `diffs`). */
  readonly diffKeys: string[];
  /** Keys the provider (or a DBR cascade) reported as forcing replacement. */
  readonly replaceKeys: string[];
  readonly deleteBeforeReplace: boolean;
  /** Check failures, when the step failed validation. */
  readonly failures?: CheckFailure[];
  /** Set when the step failed (validation or an RPC error). */
  readonly error?: string;
}

/** A resource as the engine keeps it in a snapshot. Mutable only inside a deployment's clone. */
export interface ResState {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  id: string;
  parent: string;
  inputs: WireMap;
  outputs: WireMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  provider: string;
  protect: boolean;
  retainOnDelete: boolean;
  additionalSecretOutputs: string[];
  ignoreChanges: string[];
  deletedWith: string;
  external: boolean;
  /** `Delete: true`: the old half of a create-before-delete replacement. */
  pendingDelete: boolean;
  /** Deleted by a delete-before-replace; its replacement has not been created yet. */
  pendingReplacement: boolean;
  initErrors: string[];
}

/**
 * The bookkeeping of one deployment: owned by `Deployment` (deployment.ts), read and written by its
 * step generator (step-generator.ts) and by the steps it executes (step.ts).
 */
export interface DeploymentState {
  /** Working copy of the starting snapshot. */
  readonly prev: ResState[];
  /** Live old resources by URN (not pending deletion). */
  readonly olds: Map<string, ResState>;
  /** URNs registered or read so far. */
  readonly seen: Set<string>;
  /** URNs a delete-before-replace cascade deleted; re-created when registered again. */
  readonly deletes: Set<string>;
  /** Old states that cascade deleted. */
  readonly pendingDeletes: Set<ResState>;
  /** The replace keys of each resource that cascade deleted (shown when it is re-created). */
  readonly dependentReplaceKeys: Map<string, string[]>;
  readonly sames: Set<string>;
  readonly updates: Set<string>;
  readonly replaces: Set<string>;
  readonly reads: Set<string>;
  /** New states in completion order. */
  readonly news: ResState[];
  /** Old states that left the snapshot (deleted, or superseded by a new state). */
  readonly removed: Set<ResState>;
  readonly steps: PlanStep[];
  readonly failures: CheckFailure[];
}

/** One gRPC call made to the provider host (or a mocked provider call). */
export interface TranscriptEntry {
  readonly seq: number;
  /** The harness operation in progress: start, preview, up, refresh, destroy, stop. */
  readonly operation: string;
  /** gRPC method name (`Check`, `Diff`, ...) or `mock:<Op>` for non-dynamic resources. */
  readonly method: string;
  readonly urn?: string;
  /** Milliseconds since the harness started (high resolution). */
  readonly startedAt: number;
  endedAt?: number;
  /** The request as JS (structs converted), `__provider` texts replaced by a digest. */
  readonly request: Wire;
  response?: Wire;
  error?: { code: number | undefined; message: string };
  /**
   * The request and response messages exactly as sent and received, in the JSON form of the
   * engine's `PULUMI_DEBUG_GRPC` log (message-json.ts), `__provider` texts replaced by a digest.
   * Absent for mocked provider calls.
   */
  message?: { request: Wire; response?: Wire };
}

/** A resource in the harness's stack state (secrets kept as wrappers, like the engine's state). */
export interface StateEntry {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly id: string;
  readonly parent: string;
  readonly inputs: WireMap;
  readonly outputs: WireMap;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  /** Top-level output keys that are (or contain) secrets. */
  readonly secretOutputKeys: string[];
  readonly provider: string;
  readonly external: boolean;
  /** Left over by a create-before-delete replacement whose delete has not happened yet. */
  readonly pendingDelete: boolean;
  /** Deleted by a delete-before-replace whose create has not happened yet. */
  readonly pendingReplacement: boolean;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly initErrors: string[];
}

export interface OperationResult {
  readonly steps: PlanStep[];
  /** Stack outputs (the program's returned object or the module's exports) in wire form. */
  readonly outputs: WireMap;
  /** Lines the program printed (stdout/stderr of the program process). */
  readonly programLogs: string[];
}
