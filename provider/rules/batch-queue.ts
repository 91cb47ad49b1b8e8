/**
 * Serialize and coalesce work per key. Requests for one key never run concurrently: while a batch
 * is being written, new requests wait, and all of them are written together as the next batch. Keys
 * progress independently. Queues live in the process-wide state, so every serialized provider
 * text in the host process shares them.
 *
 * The queue never calls its callers back: each caller joins a batch and waits for its turn. When a
 * batch closes, its first caller gets the turn to lead it (the whole batch, to write), and the
 * others wait for the leader to settle it with one result per request.
 */
import { processState } from "../runtime/process-state";

/** What a caller of {@link joinBatch} gets once its batch closed. */
export type Turn<Req, Res> =
  | { readonly lead: false; readonly result: Res }
  | {
      readonly lead: true;
      /** Every request of the batch, the leader's first. */
      readonly batch: readonly Req[];
      /** Answer every request (one result each, in order); the leader keeps its own, the first. */
      settle(results: readonly Res[]): void;
      /** Fail every other request of the batch with `error`. */
      fail(error: unknown): void;
    };

interface Pending<Req, Res> {
  readonly request: Req;
  /** The engine step the request serves (one step may send many requests). */
  readonly slot: unknown;
  readonly resolve: (t: Turn<Req, Res>) => void;
  readonly reject: (e: unknown) => void;
}

interface KeyQueue<Req, Res> {
  readonly key: string;
  pending: Array<Pending<Req, Res>>;
  /** `gathering`: a timer will flush; `flushing`: a batch is being written. */
  phase: "idle" | "gathering" | "flushing";
  lastArrival: number;
  /** When the batch now gathering began (`Date.now()`), for oldest-first early flushes. */
  gatherStarted: number;
  timer: NodeJS.Timeout | undefined;
  /** Flush now (cancels the gather timer); set while gathering. */
  flushNow: (() => void) | undefined;
}

/**
 * How long a batch gathers: the engine dispatches the creates of a pool's members one after another
 * (it checks and diffs resources one at a time), tens of milliseconds apart. A batch therefore waits
 * until no request arrived for `quietMs`, at most `maxMs` after its first request, unless every
 * step the engine may run at once is already waiting here (see {@link setEngineParallel}).
 */
export interface GatherWindow {
  readonly quietMs: number;
  readonly maxMs: number;
}

export const DEFAULT_GATHER: GatherWindow = { quietMs: 40, maxMs: 400 };

/**
 * Tell the queues how many steps the engine runs at once (its `--parallel`). When that many steps
 * are waiting in the queues and none is being written, no further request can arrive before one of
 * them is answered, so the batch that has gathered longest is written at once. The others keep
 * gathering: the steps its answer frees are likely to bring them more requests (e.g. a pool whose
 * first members share the engine's slots with the previous pool's last). Undefined (unknown) keeps
 * the time-based window alone; so does 0 (what a program that was not told passes).
 */
export function setEngineParallel(parallel: number | undefined): void {
  processState().engineParallel =
    parallel !== undefined && Number.isInteger(parallel) && parallel > 0 ? parallel : undefined;
}

function allQueues(): Map<string, KeyQueue<unknown, unknown>> {
  return processState().queues as Map<string, KeyQueue<unknown, unknown>>;
}

/** When all the engine's step slots are waiting in the queues, write the oldest gathering batch. */
function flushIfEverySlotWaits(): void {
  const parallel = processState().engineParallel;
  if (parallel === undefined) return;
  const waiting = new Set<unknown>();
  let oldest: KeyQueue<unknown, unknown> | undefined;
  for (const q of allQueues().values()) {
    if (q.phase === "flushing") return;
    for (const p of q.pending) waiting.add(p.slot);
    if (q.phase === "gathering" && (oldest === undefined || q.gatherStarted < oldest.gatherStarted))
      oldest = q;
  }
  if (waiting.size >= parallel) oldest?.flushNow?.();
}

/**
 * Join the batch gathering under `key` with `request`, and wait for the turn. A batch closes once its
 * gather window does (so requests the engine sends close together share one write), and the next
 * one after each batch is settled while requests are waiting. `slot` names the engine step the
 * request serves (default: the request is a step of its own); the early close counts steps, not
 * requests. A leader must settle or fail its batch, or the key's queue stops.
 */
export function joinBatch<Req, Res>(
  key: string,
  request: Req,
  gather: GatherWindow | number = DEFAULT_GATHER,
  slot: unknown = {},
): Promise<Turn<Req, Res>> {
  const window = typeof gather === "number" ? { quietMs: gather, maxMs: gather } : gather;
  const queues = processState().queues as Map<string, KeyQueue<Req, Res>>;
  let queue = queues.get(key);
  if (queue === undefined) {
    queue = {
      key,
      pending: [],
      phase: "idle",
      lastArrival: 0,
      gatherStarted: 0,
      timer: undefined,
      flushNow: undefined,
    };
    queues.set(key, queue);
  }
  const q = queue;
  const turn = new Promise<Turn<Req, Res>>((resolve, reject) => {
    q.pending.push({ request, slot, resolve, reject });
    q.lastArrival = Date.now();
    if (q.phase === "idle") gatherThenClose(q, window);
  });
  flushIfEverySlotWaits();
  return turn;
}

/** Wait until the queue has been quiet for `quietMs` (or `maxMs` passed), then close the batch. */
function gatherThenClose<Req, Res>(q: KeyQueue<Req, Res>, w: GatherWindow) {
  const started = Date.now();
  q.phase = "gathering";
  q.gatherStarted = started;
  const go = () => {
    clearTimeout(q.timer);
    q.timer = undefined;
    q.flushNow = undefined;
    close(q, w);
  };
  const tick = () => {
    const now = Date.now();
    const quietFor = now - q.lastArrival;
    if (quietFor >= w.quietMs || now - started >= w.maxMs) go();
    else q.timer = setTimeout(tick, Math.min(w.quietMs - quietFor, w.maxMs - (now - started)));
  };
  q.flushNow = go;
  q.timer = setTimeout(tick, w.quietMs);
}

/** Close the gathered batch: its first request leads it; the queue moves on once it is settled. */
function close<Req, Res>(q: KeyQueue<Req, Res>, w: GatherWindow): void {
  q.phase = "flushing";
  const batch = q.pending;
  q.pending = [];
  const [leader, ...others] = batch;
  if (leader === undefined) {
    q.phase = "idle";
    return;
  }
  let settled = false;
  const next = () => {
    if (settled) return false;
    settled = true;
    // No early-close check here: this batch's steps were just answered, so fewer than --parallel
    // steps can be waiting until new requests arrive (and each arrival checks).
    if (q.pending.length > 0) gatherThenClose(q, w);
    else q.phase = "idle";
    return true;
  };
  leader.resolve({
    lead: true,
    batch: batch.map((p) => p.request),
    settle(results) {
      if (next()) others.forEach((p, i) => p.resolve({ lead: false, result: results[i + 1] as Res }));
    },
    fail(error) {
      if (next()) others.forEach((p) => p.reject(error));
    },
  });
}
