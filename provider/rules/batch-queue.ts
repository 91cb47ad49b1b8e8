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
}

/**
 * Flushes a batch: returns one result per request, in order, or throws to fail the whole batch.
 */
export type BatchFlush<Req, Res> = (key: string, batch: readonly Req[]) => Promise<readonly Res[]>;

/**
 * Queue `request` under `key`. The flush starts after `gatherMs` (so requests the engine sends at
 * nearly the same moment share one write) and again after each flush while requests are waiting.
 */
export function enqueueBatched<Req, Res>(
  key: string,
  request: Req,
  flush: BatchFlush<Req, Res>,
  gatherMs = 5,
): Promise<Res> {
  const queues = processState().queues as Map<string, KeyQueue<Req, Res>>;
  let queue = queues.get(key);
  if (queue === undefined) {
    queue = { pending: [], running: false };
    queues.set(key, queue);
  }
  const q = queue;
  return new Promise<Res>((resolve, reject) => {
    q.pending.push({ request, resolve, reject });
    if (!q.running) {
      q.running = true;
      setTimeout(() => void drain(key, q, flush, gatherMs), gatherMs);
    }
  });
}

async function drain<Req, Res>(
  key: string,
  q: KeyQueue<Req, Res>,
  flush: BatchFlush<Req, Res>,
  gatherMs: number,
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
    setTimeout(() => void drain(key, q, flush, gatherMs), gatherMs);
  } else {
    q.running = false;
  }
}
