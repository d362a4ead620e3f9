/**
 * Runs `work` once per key at a time: concurrent callers with the same key share the first
 * caller's promise instead of starting their own (a crawler herd causes one render). Per
 * isolate; the result store (R2, Cache API) covers later requests and other isolates.
 *
 * workerd resumes each waiter in its own request, but if the first request is cancelled its
 * work may never finish: a waiter that has waited `patienceMs` does the work itself.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(private readonly patienceMs = 10_000) {}

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const ownTurn = new Promise<T>((resolve, reject) => {
        timer = setTimeout(() => work().then(resolve, reject), this.patienceMs);
      });
      return Promise.race([running, ownTurn]).finally(() => {
        if (timer !== undefined) clearTimeout(timer);
      });
    }
    const started = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
