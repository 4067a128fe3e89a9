import { type EventStore, type Position, type RecordedEvent, START_POSITION, type SqlExecutor } from '@promo-ledger/event-store';
import type { Generations } from './generations';
import type { Projection } from './projection';
import type { ReadModelSchema } from './read-model-schema';

export interface AppliedBatch {
  readonly projection: string;
  readonly generation: number;
  readonly events: readonly RecordedEvent[];
  /** Date.now() right after the transaction committed: `committedAt − occurredAt` is each event's lag. */
  readonly committedAt: number;
}

export interface ApplierDeps {
  readonly store: EventStore;
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
    const { generations, schema } = this.deps;
    await this.deps.db.transaction(async (tx) => {
      await generations.lockForBatch(tx, this.projection, this.generation, this.position, this.mustBeActive);
      await this.projection.applyBatch({ events, tx, table: schema.tablesOf(this.projection, this.generation) });
      await generations.saveCheckpoint(tx, this.projection, this.generation, last.position, events.length, last.metadata.occurredAt);
    });
    this.position = last.position;
    const batch = { projection: this.projection.name, generation: this.generation, events, committedAt: Date.now() };
    return { batch, caughtUp: events.length < this.batchSize };
  }

  private pageAfter(position: Position): Promise<RecordedEvent[]> {
    const prefetched = this.prefetched;
    this.prefetched = null;
    if (prefetched !== null && samePosition(prefetched.from, position)) return prefetched.events;
    const page = { maxCount: this.batchSize, noWait: true };
    return this.deps.store.readAll(samePosition(position, START_POSITION) ? page : { ...page, fromPosition: position });
  }

  private prefetch(from: Position): void {
    const events = this.deps.store.readAll({ maxCount: this.batchSize, noWait: true, fromPosition: from });
    // a failed batch drops the prefetch unread; its failure is seen only if the page is used
    events.catch(() => undefined);
    this.prefetched = { from, events };
  }
}

const samePosition = (left: Position, right: Position): boolean => left.commit === right.commit && left.prepare === right.prepare;
