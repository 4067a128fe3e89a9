import type { EventStore } from '@promo-ledger/event-store';

/**
 * Wakes idle runners when the log grows: one watch of the store's appends per process (no events
 * read: on SQL stores a LISTEN), shared by every projection. Runners still read through readAll (a
 * pull loop gives them backpressure and batches); this only tells them when to look. If the watch
 * breaks, runners fall back to their idle poll until it is set up again.
 */
export class LogWatcher {
  private readonly waiters = new Set<() => void>();
  /** Counts appends seen, so a runner that looked at the log before an append never sleeps through it. */
  private seen = 0;
  private unwatch: (() => Promise<void>) | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly store: EventStore) {}

  async start(): Promise<void> {
    if (this.stopped || this.unwatch) return;
    try {
      const unwatch = await this.store.watchAppends({ onAppend: () => this.wakeAll(), onLost: () => this.restartLater() });
      if (this.stopped) await unwatch();
      else this.unwatch = unwatch;
    } catch {
      this.restartLater();
    }
  }

  /** Take before reading the log; pass to next(). */
  mark(): number {
    return this.seen;
  }

  /**
   * Resolves at once if an append was seen since `mark`, else on the next one, after `timeoutMs`, or
   * when `interrupt` is aborted. A wait that ends lets go of the signal: a runner passes one signal
   * to every wait of its lease, and a reaction left behind on it by each wait (as a promise's `then`
   * would leave) kept every wait's timer alive for as long as the lease lasted.
   */
  next(mark: number, timeoutMs: number, interrupt?: AbortSignal): Promise<void> {
    if (this.seen !== mark || interrupt?.aborted === true) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        interrupt?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      interrupt?.addEventListener('abort', done, { once: true });
    });
  }

  wakeAll(): void {
    this.seen += 1;
    for (const waiter of [...this.waiters]) waiter();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    void this.unwatch?.().catch(() => undefined);
    this.unwatch = null;
    this.wakeAll();
  }

  private restartLater(): void {
    void this.unwatch?.().catch(() => undefined);
    this.unwatch = null;
    if (this.stopped) return;
    this.retry = setTimeout(() => void this.start(), 1_000);
  }
}
