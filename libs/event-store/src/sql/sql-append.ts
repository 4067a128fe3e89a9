import { WrongExpectedVersionError } from '../port/errors';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../port/event-store.port';
import type { EventTypeRegistry } from '../port/event-type-registry';
import { chainHash } from '../port/hash-chain';
import { START_POSITION } from '../port/position';
import type { SqlParam, SqlQueryable } from './sql-executor';
import { hashedMetadata } from '../port/hash-chain';
import { rowPosition } from './sql-rows';
import type { SqlTables } from './sql-schema';

export interface StreamState {
  /** Last revision written, -1n before the first; continues after a soft delete. */
  readonly revision: bigint;
  readonly truncateBefore: bigint;
  readonly lastHash: string;
}

/**
 * Takes the stream's lock for the rest of the transaction and reads its state.
 *
 * Why an advisory lock and not `SELECT … FOR UPDATE` on the stream row: a row lock needs a
 * transaction id, and PostgreSQL may hand it out *before* the lock is granted. Two writers of one
 * stream could then commit revision 1 under a smaller transaction id than revision 0, and the global
 * order (transaction_id, global_position) would contradict the stream's own order. An advisory lock
 * takes no transaction id, so ours is assigned by our first write, after every earlier writer of the
 * stream has committed: within a stream, revision order and global order always agree.
 * An executor that serialises transactions (PGlite) has no concurrent writer to keep out.
 */
export async function lockStream(tx: SqlQueryable, tables: SqlTables, streamId: string, serialised: boolean): Promise<StreamState> {
  if (!serialised) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${tables.schema}:${streamId}`]);
  const [row] = await tx.query<{ revision_text: string; truncate_before_text: string; last_hash: string }>(
    `SELECT revision::text AS revision_text, truncate_before::text AS truncate_before_text, last_hash FROM ${tables.streams} WHERE stream_id = $1`,
    [streamId],
  );
  return row
    ? { revision: BigInt(row.revision_text), truncateBefore: BigInt(row.truncate_before_text), lastHash: row.last_hash }
    : { revision: -1n, truncateBefore: 0n, lastHash: '' };
}

/** A soft-deleted stream, or one never written, does not exist until its next event. */
export function visibleRevision(state: StreamState): bigint | 'no_stream' {
  return state.revision >= state.truncateBefore ? state.revision : 'no_stream';
}

export function checkExpectedRevision(streamId: string, state: StreamState, expected: ExpectedRevision): void {
  const actual = visibleRevision(state);
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 'no_stream') ||
    (expected === 'stream_exists' && actual !== 'no_stream') ||
    (typeof expected === 'bigint' && actual === expected);
  if (!ok) throw new WrongExpectedVersionError(streamId, expected, actual);
}

/** Rows per INSERT: 8 parameters each keeps a batch far below PostgreSQL's 65535-parameter limit. */
const ROWS_PER_INSERT = 500;

export async function appendLocked(
  tx: SqlQueryable,
  tables: SqlTables,
  registry: EventTypeRegistry,
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
  serialised: boolean,
): Promise<AppendResult> {
  const state = await lockStream(tx, tables, streamId, serialised);
  checkExpectedRevision(streamId, state, expected);
  if (events.length === 0) return { nextExpectedRevision: state.revision, position: START_POSITION };

  let prevHash = state.lastHash;
  const rows = events.map((event, index) => {
    const revision = state.revision + 1n + BigInt(index);
    const schemaVersion = registry.schemaVersionOf(event.type);
    const metadata = hashedMetadata(event.metadata);
    const hash = chainHash(prevHash, { streamId, revision, type: event.type, schemaVersion, data: event.data, metadata });
    const params: SqlParam[] = [streamId, revision, event.type, schemaVersion, JSON.stringify(event.data), JSON.stringify(metadata), prevHash, hash];
    prevHash = hash;
    return params;
  });

  let last = { transaction_id_text: '0', global_position_text: '0' };
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const values = chunk.map((_, row) => {
      const p = (column: number): string => `$${row * 8 + column}`;
      return `(${p(1)}, ${p(2)}::bigint, ${p(3)}, ${p(4)}::int, ${p(5)}::json, ${p(6)}::json, ${p(7)}, ${p(8)})`;
    });
    const inserted = await tx.query<{ transaction_id_text: string; global_position_text: string }>(
      `INSERT INTO ${tables.events} (stream_id, revision, type, schema_version, data, metadata, prev_hash, hash)
       VALUES ${values.join(', ')}
       RETURNING transaction_id::text AS transaction_id_text, global_position::text AS global_position_text`,
      chunk.flat(),
    );
    last = inserted.reduce((max, row) => (BigInt(row.global_position_text) > BigInt(max.global_position_text) ? row : max), last);
  }

  const nextRevision = state.revision + BigInt(events.length);
  // One statement moves the stream's head and wakes subscribers. The NOTIFY is delivered at commit,
  // never for a rolled-back append; subscribers also poll, so a lost wake-up only delays.
  await tx.query(
    `WITH head AS (
       INSERT INTO ${tables.streams} (stream_id, revision, last_hash) VALUES ($1, $2::bigint, $3)
       ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision, last_hash = EXCLUDED.last_hash
       RETURNING 1
     )
     SELECT pg_notify($4, NULL) FROM head`,
    [streamId, nextRevision, prevHash, tables.channel],
  );
  return { nextExpectedRevision: nextRevision, position: rowPosition(last) };
}
