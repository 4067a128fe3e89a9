import type { RecordedEvent, SqlQueryable } from '@promo-ledger/event-store';

/**
 * One read-model table. `columns` is the body of CREATE TABLE (columns and constraints); indexes are
 * column lists. Tables are created per generation (`<name>__g<N>`) and queried through a view with
 * the plain name, so a rebuild fills fresh tables while the view keeps serving the old ones.
 */
export interface TableDefinition {
  readonly name: string;
  readonly columns: string;
  readonly indexes?: readonly string[];
}

/** Qualified physical names of one generation's tables, by logical name. */
export type TableNames = (logicalName: string) => string;

/** What a projection gets for each batch: events in log order, the open transaction, its tables. */
export interface ProjectionBatch {
  readonly events: readonly RecordedEvent[];
  readonly tx: SqlQueryable;
  readonly table: TableNames;
}

/** A batch read and folded in memory, not written yet. */
export interface FoldedBatch {
  /** Writes what the batch changed; called once, inside the batch's transaction. */
  write(tx: SqlQueryable): Promise<void>;
}

/**
 * A read model: its tables and how a batch of events changes them. `applyBatch` runs inside the
 * transaction that also moves the checkpoint, so it is applied exactly once in effect; it sees every
 * event of the log (ignoring what it does not need) and should write each table with a few
 * multi-row statements per batch, not one statement per event.
 */
export interface Projection {
  /** Lower-case SQL identifier, also the name `ledger rebuild <name>` takes. */
  readonly name: string;
  /** Bumped when the tables or their meaning change; a new version is built by a rebuild. */
  readonly version: number;
  readonly tables: readonly TableDefinition[];
  applyBatch(batch: ProjectionBatch): Promise<void>;
  /**
   * Optional, for a rebuild: applyBatch in two steps, so that batch N+1 is read and folded while
   * batch N is still being written. `previous` is batch N (null for the first): what it changed may
   * not be committed yet, so the projection must take that from `previous`, not from its tables.
   * Everything else it reads is committed: batch N−1 has committed before batch N+1 starts.
   */
  readonly foldBatch?: (batch: ProjectionBatch, previous: FoldedBatch | null) => Promise<FoldedBatch>;
}
