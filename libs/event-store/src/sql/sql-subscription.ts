import { Observable, type Subscriber } from 'rxjs';
import type { SubscribeOptions, SubscriptionMessage } from '../port/event-store.port';
import type { EventTypeRegistry } from '../port/event-type-registry';
import { comparePositions, type Position, START_POSITION } from '../port/position';
import { isConnectionError } from './connection-errors';
import type { NotificationListener, SqlQueryable } from './sql-executor';
import { headPosition } from './sql-reads';
import { type ExaminedRow, fetchExamined } from './sql-subscription-query';
import type { SqlTables } from './sql-schema';
import { rowPosition, toRecordedEvent } from './sql-rows';

export interface SubscriptionDeps {
  readonly db: SqlQueryable;
  readonly tables: SqlTables;
  readonly registry: EventTypeRegistry;
  readonly listen: (listener: NotificationListener) => Promise<() => Promise<void>>;
  /** Registers what to do when the store closes; returns the deregistration. */
  readonly onStoreClose: (callback: () => Promise<void>) => () => void;
}

export interface SubscriptionTuning {
  /** Events examined per query. */
  readonly batchSize: number;
  /** Live polling period: the fallback when a NOTIFY is lost or LISTEN is down. */
  readonly pollMs: number;
  readonly maxBackoffMs: number;
}

/** How soon to look again while catching up behind a transaction that is about to commit. */
const HELD_BACK_RETRY_MS = 10;

export const DEFAULT_TUNING: SubscriptionTuning = { batchSize: 500, pollMs: 100, maxBackoffMs: 2_000 };

export function subscribeToAll(deps: SubscriptionDeps, options: SubscribeOptions, tuning: SubscriptionTuning): Observable<SubscriptionMessage> {
  return new Observable<SubscriptionMessage>((subscriber) => {
    const run = new CatchUpRun(deps, options, tuning, subscriber);
    // Closing the store ends its subscriptions; otherwise they would retry a closed pool forever.
    const forget = deps.onStoreClose(async () => {
      subscriber.complete();
      await run.stop();
    });
    void run.loop();
    return () => {
      forget();
      void run.stop();
    };
  });
}

/**
 * One subscription's life: query the stable log strictly after the last examined position, deliver,
 * and once a batch comes back short and the head as of subscribing has been examined, announce
 * caughtUp (so it is never early, even behind a slow concurrent transaction) and then wait for a
 * NOTIFY or the poll timer.
 * `position` only moves past an event after it was handed to the subscriber, so a retry after the
 * store went away resumes exactly behind the last delivery: nothing is lost, nothing repeated.
 */
class CatchUpRun {
  private position: Position;
  private examinedSinceCheckpoint = 0;
  private caughtUp = false;
  /** The head when we started: caughtUp waits until everything committed before subscribing was examined. */
  private catchUpTarget: Position | null = null;
  private stopped = false;
  private notifiedWhileBusy = false;
  private pauseIsWakeable = false;
  private endCurrentPause: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: Promise<(() => Promise<void>) | null> | null = null;
  private listenRetryAt = 0;
  private readonly checkpointInterval: number;

  constructor(
    private readonly deps: SubscriptionDeps,
    private readonly options: SubscribeOptions,
    private readonly tuning: SubscriptionTuning,
    private readonly subscriber: Subscriber<SubscriptionMessage>,
  ) {
    this.position = options.fromPosition ?? START_POSITION;
    this.checkpointInterval = Math.max(1, options.checkpointInterval ?? 256);
  }

  async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        this.ensureListening();
        this.catchUpTarget ??= await headPosition(this.deps.db, this.deps.tables);
        this.notifiedWhileBusy = false; // a NOTIFY from now on means "look again after this batch"
        const rows = await fetchExamined(this.deps.db, this.deps.tables, this.position, this.tuning.batchSize, this.options.filter);
        if (this.stopped) return;
        this.deliver(rows);
        failures = 0;
        if (rows.length < this.tuning.batchSize) {
          // A short batch below the start head means events are held back by an older open transaction.
          const reachedStartHead = comparePositions(this.position, this.catchUpTarget) >= 0;
          if (!this.caughtUp && reachedStartHead) {
            this.caughtUp = true;
            this.subscriber.next({ kind: 'caughtUp', position: this.position });
          }
          await this.pause(this.caughtUp ? this.tuning.pollMs : HELD_BACK_RETRY_MS, true);
        }
      } catch (error) {
        if (this.stopped) return;
        if (!isConnectionError(error)) return this.subscriber.error(error);
        failures += 1;
        await this.pause(Math.min(this.tuning.maxBackoffMs, 25 * 2 ** failures), false);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.endPause();
    const unlisten = await this.unlisten;
    await unlisten?.();
  }

  private deliver(rows: readonly ExaminedRow[]): void {
    for (const row of rows) {
      if (this.stopped) return;
      const position = rowPosition(row);
      if (row.matches) this.subscriber.next({ kind: 'event', event: toRecordedEvent(row, this.deps.registry) });
      this.position = position;
      this.examinedSinceCheckpoint += 1;
      if (this.examinedSinceCheckpoint >= this.checkpointInterval) {
        this.examinedSinceCheckpoint = 0;
        this.subscriber.next({ kind: 'checkpoint', position });
      }
    }
  }

  /** LISTEN is an optimisation: without it the poll timer still finds new events, and we retry LISTEN later. */
  private ensureListening(): void {
    if (this.unlisten || Date.now() < this.listenRetryAt) return;
    const attempt: Promise<(() => Promise<void>) | null> = this.deps
      .listen({ onNotify: () => this.notified(), onLost: () => this.unlisten === attempt && (this.unlisten = null) })
      .catch(() => {
        this.listenRetryAt = Date.now() + 1_000;
        if (this.unlisten === attempt) this.unlisten = null;
        return null;
      });
    this.unlisten = attempt;
  }

  /** Sleeps; stop() always cuts it short, a NOTIFY only when `wakeable` (never a backoff). */
  private pause(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (wakeable && this.notifiedWhileBusy) return Promise.resolve();
    return new Promise((resolve) => {
      this.pauseIsWakeable = wakeable;
      this.endCurrentPause = resolve;
      this.timer = setTimeout(() => this.endPause(), ms);
    });
  }

  private notified(): void {
    if (this.endCurrentPause && this.pauseIsWakeable) this.endPause();
    else this.notifiedWhileBusy = true;
  }

  private endPause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const end = this.endCurrentPause;
    this.endCurrentPause = null;
    end?.();
  }
}
