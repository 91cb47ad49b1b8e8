/**
 * Coalesced reads of `GET /config/loadbalancer/all`. loxilb has no GET by key, so every read lists
 * every rule; concurrent readers share one request in flight. A reader that must see its own
 * earlier writes passes `notBefore`: it only joins a request that started after that point.
 */
import type { LoadbalanceEntry } from "../api/model";
import { nextSequence, processState } from "../runtime/process-state";

interface InFlight {
  readonly startedAt: number;
  readonly promise: Promise<LoadbalanceEntry[]>;
}

/**
 * List every rule through `list`, sharing a request already in flight for the same `source` when it
 * started after `notBefore` (a sequence number from {@link nextSequence}).
 */
export function listRulesCoalesced(
  source: string,
  list: () => Promise<LoadbalanceEntry[]>,
  notBefore = 0,
): Promise<LoadbalanceEntry[]> {
  const reads = processState().reads as Map<string, InFlight>;
  const current = reads.get(source);
  if (current !== undefined && current.startedAt > notBefore) return current.promise;
  const startedAt = nextSequence();
  const promise = list().finally(() => {
    if (reads.get(source)?.startedAt === startedAt) reads.delete(source);
  });
  reads.set(source, { startedAt, promise });
  return promise;
}
