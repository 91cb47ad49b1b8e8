/**
 * A small counting semaphore: the bound on steps in flight at once (the engine's `--parallel`
 * workers in `pkg/resource/deploy/step_executor.go`), used by the step executor and by refresh.
 */
export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
