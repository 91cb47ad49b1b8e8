/**
 * Process-wide state of the dynamic-provider host. One Node process serves every dynamic resource
 * of a deployment, but each serialized provider text gets its own copy of captured module state,
 * so anything shared (stack config, clients and their keep-alive agents, rule queues, the read
 * cache, the declared rules) hangs off `globalThis` under one symbol.
 */

const STATE_KEY = Symbol.for("pulumi-loxilb.process-state");

export interface ProcessState {
  /** Stack config captured by `configure` (secrets decrypted), keyed `loxilb:<option>`. */
  stackConfig: Map<string, string>;
  /** Clients by the fingerprint of their options. */
  clients: Map<string, unknown>;
  /** Rule queues by rule key. */
  queues: Map<string, unknown>;
  /** Coalesced `GET /config/loadbalancer/all` per client fingerprint. */
  reads: Map<string, unknown>;
  /** The rules this deployment declares, by target and key (see rules/registry.ts). */
  declared: Map<string, unknown>;
  /** Per rule key, the sequence number at which its last write finished. */
  lastWrite: Map<string, number>;
  /** Per rule queue, the shape (recreate-only and unseen fields) of the last rule this process wrote. */
  appliedShape: Map<string, string>;
  /** Monotonic counter used to order reads against writes. */
  sequence: number;
  /** The engine's `--parallel` as the program saw it, when known (see rules/batch-queue.ts). */
  engineParallel: number | undefined;
}

/** The one {@link ProcessState} of this process, created on first use. */
export function processState(): ProcessState {
  const g = globalThis as unknown as Record<symbol, ProcessState | undefined>;
  let state = g[STATE_KEY];
  if (state === undefined) {
    state = {
      stackConfig: new Map(),
      clients: new Map(),
      queues: new Map(),
      reads: new Map(),
      declared: new Map(),
      lastWrite: new Map(),
      appliedShape: new Map(),
      sequence: 0,
      engineParallel: undefined,
    };
    g[STATE_KEY] = state;
  }
  return state;
}

/** The next value of the process-wide sequence (strictly increasing). */
export function nextSequence(): number {
  const state = processState();
  state.sequence += 1;
  return state.sequence;
}
