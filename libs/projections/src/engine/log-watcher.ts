import type { EventStore } from '@promo-ledger/event-store';
import type { Subscription } from 'rxjs';

/**
 * Wakes idle runners when the log grows: one live subscription from the head per process, shared by
 * every projection. Runners still read through readAll (a pull loop gives them backpressure and
 * batches); this only tells them when to look. If the subscription fails, runners fall back to
 * their idle poll until it is re-established.
 */
export class LogWatcher {
  private readonly waiters = new Set<() => void>();
  /** Counts appends seen, so a runner that looked at the log before an append never sleeps through it. */
  private seen = 0;
  private subscription: Subscription | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly store: EventStore) {}

  async start(): Promise<void> {
    if (this.stopped || this.subscription) return;
    try {
      const from = await this.store.headPosition();
      this.subscription = this.store.subscribeToAll({ fromPosition: from }).subscribe({
        next: () => this.wakeAll(),
        error: () => this.restartLater(),
        complete: () => this.restartLater(),
      });
    } catch {
      this.restartLater();
    }
  }

  /** Take before reading the log; pass to next(). */
  mark(): number {
    return this.seen;
  }

  /** Resolves at once if an append was seen since `mark`, else on the next one, after `timeoutMs`, or when `abort` settles. */
  next(mark: number, timeoutMs: number, abort?: Promise<unknown>): Promise<void> {
    if (this.seen !== mark) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      void abort?.then(done, done);
    });
  }

  wakeAll(): void {
    this.seen += 1;
    for (const waiter of [...this.waiters]) waiter();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.wakeAll();
  }

  private restartLater(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.stopped) return;
    this.retry = setTimeout(() => void this.start(), 1_000);
  }
}
