/**
 * Serialize and coalesce work per key. Requests for one key never run concurrently: while a batch
 * is being flushed, new requests wait, and all of them are flushed together as the next batch. Keys
 * progress independently. Queues live in the process-wide state, so every serialized provider
 * text in the host process shares them.
 */
import { processState } from "../runtime/process-state";

interface Pending<Req, Res> {
  readonly request: Req;
  readonly resolve: (r: Res) => void;
  readonly reject: (e: unknown) => void;
}

interface KeyQueue<Req, Res> {
  pending: Array<Pending<Req, Res>>;
  running: boolean;
  lastArrival: number;
}

/**
 * Flushes a batch: returns one result per request, in order, or throws to fail the whole batch.
 */
export type BatchFlush<Req, Res> = (key: string, batch: readonly Req[]) => Promise<readonly Res[]>;

/**
 * How long a batch gathers: the engine dispatches the creates of a pool's members one after another
 * (it checks and diffs resources one at a time), tens of milliseconds apart. A batch therefore waits
 * until no request arrived for `quietMs`, at most `maxMs` after its first request.
 */
export interface GatherWindow {
  readonly quietMs: number;
  readonly maxMs: number;
}

export const DEFAULT_GATHER: GatherWindow = { quietMs: 40, maxMs: 400 };

/**
 * Queue `request` under `key`. A flush starts once the gather window closes (so requests the engine
 * sends close together share one write) and again after each flush while requests are waiting.
 */
export function enqueueBatched<Req, Res>(
  key: string,
  request: Req,
  flush: BatchFlush<Req, Res>,
  gather: GatherWindow | number = DEFAULT_GATHER,
): Promise<Res> {
  const window = typeof gather === "number" ? { quietMs: gather, maxMs: gather } : gather;
  const queues = processState().queues as Map<string, KeyQueue<Req, Res>>;
  let queue = queues.get(key);
  if (queue === undefined) {
    queue = { pending: [], running: false, lastArrival: 0 };
    queues.set(key, queue);
  }
  const q = queue;
  return new Promise<Res>((resolve, reject) => {
    q.pending.push({ request, resolve, reject });
    q.lastArrival = Date.now();
    if (!q.running) {
      q.running = true;
      gatherThenDrain(key, q, flush, window);
    }
  });
}

/** Wait until the queue has been quiet for `quietMs` (or `maxMs` passed), then flush. */
function gatherThenDrain<Req, Res>(
  key: string,
  q: KeyQueue<Req, Res>,
  flush: BatchFlush<Req, Res>,
  w: GatherWindow,
) {
  const started = Date.now();
  const tick = () => {
    const now = Date.now();
    const quietFor = now - q.lastArrival;
    if (quietFor >= w.quietMs || now - started >= w.maxMs) void drain(key, q, flush, w);
    else setTimeout(tick, Math.min(w.quietMs - quietFor, w.maxMs - (now - started)));
  };
  setTimeout(tick, w.quietMs);
}

async function drain<Req, Res>(
  key: string,
  q: KeyQueue<Req, Res>,
  flush: BatchFlush<Req, Res>,
  w: GatherWindow,
): Promise<void> {
  const batch = q.pending;
  q.pending = [];
  try {
    const results = await flush(
      key,
      batch.map((p) => p.request),
    );
    batch.forEach((p, i) => p.resolve(results[i] as Res));
  } catch (e) {
    batch.forEach((p) => p.reject(e));
  }
  if (q.pending.length > 0) {
    gatherThenDrain(key, q, flush, w);
  } else {
    q.running = false;
  }
}
