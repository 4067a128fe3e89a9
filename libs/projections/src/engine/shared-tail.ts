import { comparePositions, type Position, type ReadAllOptions, type RecordedEvent, samePosition, START_POSITION } from '@promo-ledger/event-store';
import { type LogReader, pageAfter } from './log-reader';
import type { LogWatcher } from './log-watcher';

export interface SharedTailOptions {
  /** Most events kept; a reader further behind reads the store itself. */
  readonly capacity: number;
  /** Events read from the store per read. */
  readonly pageSize: number;
  /** A window older than this is read again even without an append notification (the watch may be down). */
  readonly maxAgeMs: number;
  /**
   * For this long after a read, a reader with events left in the window gets them even if appends
   * were notified since: under load appends never stop, and runners a few milliseconds apart would
   * otherwise each read the store. Such a reader sees the newer events on its next read.
   */
  readonly shareForMs: number;
}

/**
 * The runners of one host follow the same log at about the same pace: they wake on the same append
 * notification, linger alike, then each ask for the events after its own checkpoint. SharedTail
 * answers those reads from one window of the newest events, so one store read — and one parse of
 * each event — serves every runner near the tail instead of one read per runner.
 *
 * The window holds every readable event after `after`, as the store answered. It is read again
 * (single flight) when a reader finds too little in it and it is stale: an append was notified
 * since it was read, it is older than `maxAgeMs`, or that read filled a whole page. Within
 * `shareForMs` of a read, a reader that still has events in the window gets those instead. A read
 * it cannot answer — behind the window (catching up, rebuilding), backwards, or one that may wait —
 * goes to the store as before.
 * Runners share the event objects: projections only read events, never change them.
 */
export class SharedTail implements LogReader {
  private events: RecordedEvent[] = [];
  private after: Position | null = null;
  /** The watcher's count and the time when the window was last read. */
  private readMark = -1;
  private readAt = 0;
  /** The store had more than one page when the window was last read. */
  private moreBeyond = false;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly store: LogReader,
    private readonly watcher: LogWatcher,
    private readonly options: SharedTailOptions,
  ) {}

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    if (options.direction === 'backwards' || options.noWait !== true) return this.store.readAll(options);
    const from = options.fromPosition ?? START_POSITION;
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    for (let extended = false; ; extended = true) {
      if (this.reading) await this.reading;
      if (this.after === null || comparePositions(from, this.end()) > 0) this.restartAt(from);
      if (comparePositions(from, this.after as Position) < 0) return this.store.readAll(options);
      const served = this.slice(from, maxCount);
      const shared = served.length > 0 && !this.moreBeyond && Date.now() - this.readAt < this.options.shareForMs;
      if (served.length === maxCount || extended || shared || !this.stale()) return served;
      await this.extend();
    }
  }

  /** The position the window reaches: its last event, or where it starts while empty. */
  private end(): Position {
    return this.events.length > 0 ? this.events[this.events.length - 1].position : (this.after ?? START_POSITION);
  }

  private restartAt(from: Position): void {
    this.events = [];
    this.after = from;
    this.readMark = -1;
  }

  private stale(): boolean {
    return this.moreBeyond || this.readMark !== this.watcher.mark() || Date.now() - this.readAt >= this.options.maxAgeMs;
  }

  private slice(from: Position, maxCount: number): RecordedEvent[] {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePositions(this.events[middle].position, from) <= 0) low = middle + 1;
      else high = middle;
    }
    return this.events.slice(low, low + maxCount);
  }

  /** One store read after the window's end at a time; readers arriving meanwhile wait for it. */
  private extend(): Promise<void> {
    this.reading ??= this.readMore().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readMore(): Promise<void> {
    const mark = this.watcher.mark();
    const readAt = Date.now();
    const end = this.end();
    const page = await this.store.readAll(pageAfter(end, this.options.pageSize));
    // a reader may have moved the window meanwhile (restartAt): keep what it holds
    if (!samePosition(end, this.end())) return;
    this.events.push(...page);
    this.readMark = mark;
    this.readAt = readAt;
    this.moreBeyond = page.length === this.options.pageSize;
    const excess = this.events.length - this.options.capacity;
    if (excess > 0) {
      this.after = this.events[excess - 1].position;
      this.events = this.events.slice(excess);
    }
  }
}
