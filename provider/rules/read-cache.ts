/**
 * Coalesced reads of `GET /config/loadbalancer/all`. loxilb has no GET by key, so every read lists
 * every rule; concurrent readers share one request in flight. A reader that must see its own
 * earlier writes passes `notBefore`: it only joins a request that started after that point.
 * Status reads may also wait `gatherMs` before sending, so that readers the engine dispatches a few
 * milliseconds apart (a refresh runs `--parallel` reads at once) share the request: the data is
 * never older than the read that asked for it.
 */
import type { LoxiLBClient } from "../api/client";
import type { LoadbalanceEntry } from "../api/model";
import { nextSequence, processState } from "../runtime/process-state";

/** What the cache reads through: the client's listing of one instance (undefined: the failover target). */
export type RuleLister = Pick<LoxiLBClient, "listLoadBalancersOn">;

interface InFlight {
  readonly startedAt: number;
  readonly promise: Promise<LoadbalanceEntry[]>;
}

/**
 * List every rule `instance` holds through `client`, sharing a request already in flight for the
 * same `source` when it started after `notBefore` (a sequence number from {@link nextSequence}); a
 * new request is sent after `gatherMs` (0: at once). The cache calls the client, never its caller.
 */
export function listRulesCoalesced(
  source: string,
  client: RuleLister,
  instance: string | undefined,
  notBefore = 0,
  gatherMs = 0,
): Promise<LoadbalanceEntry[]> {
  const reads = processState().reads as Map<string, InFlight>;
  const current = reads.get(source);
  if (current !== undefined && current.startedAt > notBefore) return current.promise;
  const startedAt = nextSequence();
  const list = () => client.listLoadBalancersOn(instance);
  const send = gatherMs > 0 ? new Promise<void>((r) => setTimeout(r, gatherMs)).then(list) : list();
  const promise = send.finally(() => {
    if (reads.get(source)?.startedAt === startedAt) reads.delete(source);
  });
  reads.set(source, { startedAt, promise });
  return promise;
}
