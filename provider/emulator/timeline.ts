/**
 * The rule-absent timeline: per rule key, after its first creation, every interval during which the
 * key did not exist. A delete followed by a create shows up; an in-place re-POST does not.
 */
import type { AbsentInterval } from "./types";

interface MutableInterval {
  readonly key: string;
  readonly from: number;
  to?: number;
}

/** Records creations and deletions of rule keys. */
export class AbsentTimeline {
  private readonly seen = new Set<string>();
  private readonly intervals: MutableInterval[] = [];
  private readonly open = new Map<string, MutableInterval>();

  constructor(private readonly now: () => number) {}

  /** A rule with this key now exists (created). */
  created(key: string): void {
    this.seen.add(key);
    const gap = this.open.get(key);
    if (gap === undefined) return;
    gap.to = this.now();
    this.open.delete(key);
  }

  /** A rule with this key was deleted. */
  deleted(key: string): void {
    if (!this.seen.has(key) || this.open.has(key)) return;
    const gap: MutableInterval = { key, from: this.now() };
    this.intervals.push(gap);
    this.open.set(key, gap);
  }

  /** Every interval, or those of one key, oldest first. */
  list(key?: string): AbsentInterval[] {
    return this.intervals
      .filter((i) => key === undefined || i.key === key)
      .map((i) =>
        i.to === undefined ? { key: i.key, from: i.from } : { key: i.key, from: i.from, to: i.to },
      );
  }
}
