/**
 * Runs `work` once per key at a time: concurrent callers with the same key share the first
 * caller's promise instead of starting their own (a crawler herd causes one render). Per
 * isolate; the result store (R2, Cache API) covers later requests and other isolates.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
