/** The request log: every answered request in arrival order, with its status and parsed body. */
import type { RequestLogEntry } from "./types";

/** Parses a request body for the log: JSON when it parses, the raw text otherwise, undefined when empty. */
export function logBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface Slot {
  entry?: RequestLogEntry;
}

/** A bounded request log (oldest entries dropped beyond `limit`). */
export class RequestLog {
  private slots: Slot[] = [];

  constructor(private readonly limit = 100_000) {}

  /** Reserves the arrival position of a request; call the returned function when it is answered. */
  begin(): (entry: RequestLogEntry) => void {
    const slot: Slot = {};
    this.slots.push(slot);
    if (this.slots.length > this.limit * 1.5) this.slots.splice(0, this.slots.length - this.limit);
    return (entry) => {
      slot.entry = entry;
    };
  }

  /** The answered requests, in arrival order. */
  list(): RequestLogEntry[] {
    return this.slots.flatMap((s) => (s.entry === undefined ? [] : [s.entry]));
  }

  /** Forgets every entry (requests in flight are not logged afterwards). */
  clear(): void {
    this.slots = [];
  }
}
