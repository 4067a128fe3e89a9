import { type Position, type RecordedEvent, samePosition, type SqlExecutor, type SqlQueryable } from '@promo-ledger/event-store';
import type { Generations } from './generations';
import type { FoldedBatch, Projection, ProjectionBatch, TableNames } from './projection';
import type { ReadModelSchema } from './read-model-schema';
import { type LogReader, pageAfter } from './log-reader';

export interface AppliedBatch {
  readonly projection: string;
  readonly generation: number;
  readonly events: readonly RecordedEvent[];
  /** Date.now() right after the transaction committed: `committedAt − occurredAt` is each event's lag. */
  readonly committedAt: number;
}

export interface ApplierDeps {
  readonly store: LogReader;
  readonly db: SqlExecutor;
  readonly schema: ReadModelSchema;
  readonly generations: Generations;
}

/**
 * One generation's pull loop step: read the next page of the log after the checkpoint, then in ONE
 * transaction check the fence, apply the page and move the checkpoint. A crash anywhere leaves
 * either the whole page applied with its checkpoint or none of it, so nothing is counted twice or
 * skipped; a page read twice (after a crash) is simply applied once.
 * While a full page is being applied the next one is already being read: catching up and
 * rebuilding then keep the database and this process busy at once instead of taking turns.
 */
export class BatchApplier {
  private position: Position;
  /** The page after `from`, read while the page before it was applied. */
  private prefetched: { readonly from: Position; readonly events: Promise<RecordedEvent[]> } | null = null;

  constructor(
    private readonly projection: Projection,
    private readonly deps: ApplierDeps,
    readonly generation: number,
    from: Position,
    /** The serving runner must still be the active generation; a rebuild writes a building one. */
    private readonly mustBeActive: boolean,
    private readonly batchSize: number,
  ) {
    this.position = from;
  }

  get checkpoint(): Position {
    return this.position;
  }

  /** Applies the next page; `caughtUp` when the page was not full (nothing more to read right now). */
  async step(): Promise<{ batch: AppliedBatch | null; caughtUp: boolean }> {
    const events = await this.pageAfter(this.position);
    if (events.length === 0) return { batch: null, caughtUp: true };
    const last = events[events.length - 1];
    if (events.length === this.batchSize) this.prefetch(last.position);
    const from = this.position;
    await this.deps.db.transaction((tx) => this.fenceWriteCheckpoint(tx, from, pageEnd(events), () => this.projection.applyBatch({ events, tx, table: this.tables() })));
    this.position = last.position;
    const batch = { projection: this.projection.name, generation: this.generation, events, committedAt: Date.now() };
    return { batch, caughtUp: events.length < this.batchSize };
  }

  /**
   * A rebuild's loop: applies every page up to the end of the log, calling `onCommitted` with each
   * page's event count once it has committed. When the projection folds a batch apart from writing
   * it (`foldBatch`), page N+1 is read and folded in its own transaction while page N is still being
   * written, so this process folds while the database writes instead of each waiting on the other.
   * Page N+1 writes only after page N has committed, and page N+2 is read only after page N has
   * committed: a page sees committed rows, plus what the page before it changed, taken from it.
   */
  async applyAll(onCommitted: (events: number) => void): Promise<void> {
    const { foldBatch } = this.projection;
    if (foldBatch === undefined) {
      for (;;) {
        const { batch, caughtUp } = await this.step();
        if (batch) onCommitted(batch.events.length);
        if (caughtUp) return;
      }
    }
    const started: Promise<void>[] = [];
    let previous: FoldedPage | null = null;
    let beforePrevious: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        await beforePrevious;
        const events = await this.pageAfter(this.position);
        if (events.length === 0) break;
        const last = events[events.length - 1];
        if (events.length === this.batchSize) this.prefetch(last.position);
        const count = events.length;
        const page = this.foldThenWrite(events, previous, foldBatch);
        const committed = page.committed.then(() => onCommitted(count));
        // awaited below or, after a failure, settled in the catch: never an unhandled rejection
        committed.catch(() => undefined);
        started.push(committed);
        const folded = await page.folded;
        beforePrevious = previous?.committed ?? Promise.resolve();
        previous = { folded, committed };
        this.position = last.position;
        if (count < this.batchSize) break;
      }
      await previous?.committed;
    } catch (error) {
      await Promise.allSettled(started);
      throw error;
    }
  }

  /**
   * One page in its own transaction: fold (reported through `folded`), wait for the page before to
   * commit, then fence, write, checkpoint. The page's events are let go once folded (taken out of
   * `page`, and the batch handed to the fold dropped): a folded page still waits for the one before
   * it and is then written, and letting its decoded events go meanwhile took 75–95 MB off an
   * order_totals rebuild's ~770 MB peak RSS (docs/BENCHMARKS.md).
   */
  private foldThenWrite(events: RecordedEvent[], previous: FoldedPage | null, fold: NonNullable<Projection['foldBatch']>): { folded: Promise<FoldedBatch>; committed: Promise<void> } {
    const from = this.position;
    const end = pageEnd(events);
    const page: UnfoldedPage = { events };
    let reportFolded: (batch: FoldedBatch) => void = () => undefined;
    const whenFolded = new Promise<FoldedBatch>((resolve) => (reportFolded = resolve));
    const committed = this.deps.db.transaction(async (tx) => {
      let input: ProjectionBatch | null = { events: takeEvents(page), tx, table: this.tables() };
      const batch = await fold(input, previous?.folded ?? null);
      input = null;
      reportFolded(batch);
      // the fence would wait for the page before too; waiting here fails this page with that page's own error
      await previous?.committed;
      await this.fenceWriteCheckpoint(tx, from, end, () => batch.write(tx));
    });
    committed.catch(() => undefined);
    // a transaction that fails before the fold finishes rejects `folded` too
    return { folded: Promise.race([whenFolded, committed.then(() => whenFolded)]), committed };
  }

  /**
   * The body of every page's transaction: the fence (this generation still stands at `from`), the
   * page's writes, then the checkpoint moved past its last event.
   */
  private async fenceWriteCheckpoint(tx: SqlQueryable, from: Position, { count, last }: PageEnd, write: () => Promise<void>): Promise<void> {
    await this.deps.generations.lockForBatch(tx, this.projection, this.generation, from, this.mustBeActive);
    await write();
    await this.deps.generations.saveCheckpoint(tx, this.projection, this.generation, last.position, count, last.metadata.occurredAt);
  }

  private tables(): TableNames {
    return this.deps.schema.tablesOf(this.projection, this.generation);
  }

  private pageAfter(position: Position): Promise<RecordedEvent[]> {
    const prefetched = this.prefetched;
    this.prefetched = null;
    if (prefetched !== null && samePosition(prefetched.from, position)) return prefetched.events;
    return this.deps.store.readAll(pageAfter(position, this.batchSize));
  }

  private prefetch(from: Position): void {
    const events = this.deps.store.readAll(pageAfter(from, this.batchSize));
    // a failed batch drops the prefetch unread; its failure is seen only if the page is used
    events.catch(() => undefined);
    this.prefetched = { from, events };
  }
}

/** What a page's transaction needs of its events once they are folded: how many, and the last. */
interface PageEnd {
  readonly count: number;
  readonly last: RecordedEvent;
}

const pageEnd = (events: readonly RecordedEvent[]): PageEnd => ({ count: events.length, last: events[events.length - 1] });

/** A page read and not folded yet; folding takes its events out. */
interface UnfoldedPage {
  events: RecordedEvent[] | null;
}

function takeEvents(page: UnfoldedPage): RecordedEvent[] {
  const { events } = page;
  if (events === null) throw new Error('a page is folded once: its events were already let go');
  page.events = null;
  return events;
}

/** A page folded and on its way to the database: `committed` settles once its transaction has. */
interface FoldedPage {
  readonly folded: FoldedBatch;
  readonly committed: Promise<void>;
}

