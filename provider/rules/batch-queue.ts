/**
 * Serialize and coalesce work per key. Requests for one key never run concurrently: while a batch
 * is being flushed, new requests wait, and all of them are flushed together as the next batch. Keys
 * progress independently. Queues live in the process-wide state, so every serialized provider
 * text in the host process shares them.
 */
import { processState } from "../runtime/process-state";

interface Pending<Req, Res> {
  readonly request: Req;
  /** The engine step the request serves (one step may send many requests). */
  readonly slot: unknown;
  readonly resolve: (r: Res) => void;
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
 * Flushes a batch: returns one result per request, in order, or throws to fail the whole batch.
 */
export type BatchFlush<Req, Res> = (key: string, batch: readonly Req[]) => Promise<readonly Res[]>;

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
 * Queue `request` under `key`. A flush starts once the gather window closes (so requests the engine
 * sends close together share one write) and again after each flush while requests are waiting.
 * `slot` names the engine step the request serves (default: the request is a step of its own); the
 * early flush counts steps, not requests.
 */
export function enqueueBatched<Req, Res>(
  key: string,
  request: Req,
  flush: BatchFlush<Req, Res>,
  gather: GatherWindow | number = DEFAULT_GATHER,
  slot: unknown = {},
): Promise<Res> {
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
  const answer = new Promise<Res>((resolve, reject) => {
    q.pending.push({ request, slot, resolve, reject });
    q.lastArrival = Date.now();
    if (q.phase === "idle") gatherThenDrain(q, flush, window);
  });
  flushIfEverySlotWaits();
  return answer;
}

/** Wait until the queue has been quiet for `quietMs` (or `maxMs` passed), then flush. */
function gatherThenDrain<Req, Res>(q: KeyQueue<Req, Res>, flush: BatchFlush<Req, Res>, w: GatherWindow) {
  const started = Date.now();
  q.phase = "gathering";
  q.gatherStarted = started;
  const go = () => {
    clearTimeout(q.timer);
    q.timer = undefined;
    q.flushNow = undefined;
    void drain(q, flush, w);
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

async function drain<Req, Res>(
  q: KeyQueue<Req, Res>,
  flush: BatchFlush<Req, Res>,
  w: GatherWindow,
): Promise<void> {
  q.phase = "flushing";
  const batch = q.pending;
  q.pending = [];
  try {
    const results = await flush(
      q.key,
      batch.map((p) => p.request),
    );
    batch.forEach((p, i) => p.resolve(results[i] as Res));
  } catch (e) {
    batch.forEach((p) => p.reject(e));
  }
  // No early-flush check here: this batch's steps were just answered, so fewer than --parallel
  // steps can be waiting until new requests arrive (and each arrival checks).
  if (q.pending.length > 0) {
    gatherThenDrain(q, flush, w);
  } else {
    q.phase = "idle";
  }
}
