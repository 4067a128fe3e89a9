import type { RecordedEvent } from '../port/event-store.port';
import { ForwardOnlyMap } from './forward-only-map';
import type { SqlExecutor } from './sql-executor';

/**
 * The last revision of each stream, as far as this process has written or read it — kept only for
 * an executor that is its database's sole client (PGlite: one process, one connection, one
 * transaction at a time), where every append passes through here. A tail read that starts past a
 * known head is then empty without asking the database: the aggregate cache's "anything new since
 * revision n?" costs nothing when nothing is new. Heads only ever move forwards, so a slow reader
 * recording an older head can never hide a newer append.
 */
export class StreamHeads {
  private readonly heads: ForwardOnlyMap<bigint>;

  constructor(capacity = 200_000) {
    this.heads = new ForwardOnlyMap<bigint>((revision) => revision, capacity);
  }

  /** True when reading `streamId` from `fromRevision` (default: the start) on is known to find nothing. */
  knownEmpty(streamId: string, fromRevision: bigint | undefined): boolean {
    const head = this.heads.get(streamId);
    return head !== undefined && (fromRevision ?? 0n) > head;
  }

  advance(streamId: string, revision: bigint): void {
    this.heads.advance(streamId, revision);
  }

  /**
   * A whole forwards read ends at the head it saw. One from the start that found nothing has no
   * visible event (never written, or soft-deleted): -1 until an append moves it on.
   */
  learn(streamId: string, fromRevision: bigint | undefined, events: readonly RecordedEvent[]): void {
    const last = events[events.length - 1];
    if (last !== undefined) this.advance(streamId, last.revision);
    else if ((fromRevision ?? 0n) === 0n) this.advance(streamId, -1n);
  }
}

const bySoleClient = new WeakMap<SqlExecutor, Map<string, StreamHeads>>();

/** One StreamHeads per database and schema, shared by every store opened on the same executor; null when other clients may write. */
export function streamHeadsFor(executor: SqlExecutor, schema: string): StreamHeads | null {
  if (!executor.serialisesTransactions) return null;
  const schemas = bySoleClient.get(executor) ?? new Map<string, StreamHeads>();
  bySoleClient.set(executor, schemas);
  const heads = schemas.get(schema) ?? new StreamHeads();
  schemas.set(schema, heads);
  return heads;
}
