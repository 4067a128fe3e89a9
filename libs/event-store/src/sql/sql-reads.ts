import type { JsonObject, ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamMetadata, StreamReadRequest, VerifyResult } from '../port/event-store.port';
import type { EventTypeRegistry } from '../port/event-type-registry';
import { findBrokenLink } from '../port/hash-chain';
import { type Position, START_POSITION } from '../port/position';
import type { SqlQueryable } from './sql-executor';
import { EVENT_COLUMNS, type EventRow, rowPosition, storedContent, toRecordedEvent } from './sql-rows';
import type { SqlTables } from './sql-schema';

/**
 * Reads of one stream need no ordering guard: revisions are assigned under the stream's lock, so a
 * committed stream is gap-free. Reads of $all do: see STABLE_ONLY and stable-log.ts.
 */
export async function readStream(db: SqlQueryable, tables: SqlTables, registry: EventTypeRegistry, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const rows = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM ${tables.events}
     WHERE stream_id = $1
       AND revision >= (SELECT truncate_before FROM ${tables.streams} WHERE stream_id = $1)
       AND ($2::bigint IS NULL OR revision ${backwards ? '<=' : '>='} $2::bigint)
     ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3::bigint`,
    [streamId, options.fromRevision ?? null, options.maxCount ?? null],
    { prepared: true },
  );
  return rows.map((row) => toRecordedEvent(row, registry));
}

/**
 * Several forwards stream reads in one round trip. The requests travel as one JSON parameter (both
 * drivers send scalars alike) and are numbered by ORDINALITY, so duplicates keep their own answer.
 * The events are selected in a LATERAL subquery over the events table alone: there EVENT_COLUMNS'
 * bare names (stream_id, revision, metadata) cannot collide with the requests' or streams' columns.
 */
export async function readStreams(db: SqlQueryable, tables: SqlTables, registry: EventTypeRegistry, requests: readonly StreamReadRequest[]): Promise<RecordedEvent[][]> {
  if (requests.length === 0) return [];
  const payload = requests.map((request) => ({ streamId: request.streamId, fromRevision: request.fromRevision?.toString() ?? null, maxCount: request.maxCount ?? null }));
  const rows = await db.query<EventRow & { request_index: number }>(
    `SELECT request.request_index::int AS request_index, stream_event.*
     FROM json_array_elements($1::json) WITH ORDINALITY AS request(wanted, request_index)
     CROSS JOIN LATERAL (
       SELECT ${EVENT_COLUMNS}, revision AS sort_revision FROM ${tables.events}
       WHERE stream_id = request.wanted->>'streamId'
         AND revision >= (SELECT truncate_before FROM ${tables.streams} WHERE stream_id = request.wanted->>'streamId')
         AND revision >= coalesce((request.wanted->>'fromRevision')::bigint, 0)
       ORDER BY revision LIMIT (request.wanted->>'maxCount')::bigint
     ) AS stream_event
     ORDER BY request.request_index, stream_event.sort_revision`,
    [JSON.stringify(payload)],
    { prepared: true },
  );
  const answers: RecordedEvent[][] = requests.map(() => []);
  for (const row of rows) answers[row.request_index - 1].push(toRecordedEvent(row, registry));
  return answers;
}

/**
 * Only events whose transaction id is below the current snapshot's xmin: every transaction that
 * could still commit has an id at or above it, so this prefix of the log can never grow in the
 * middle. Reading ordered by (transaction_id, global_position) inside it is gap-safe.
 */
export const STABLE_ONLY = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

/**
 * Whether some committed event is outside the stable prefix (an older transaction is still open):
 * the newest transaction id visible is at or above the snapshot's xmin. Read off the last entry of
 * the (transaction_id, global_position) index — `EXISTS (… WHERE NOT STABLE_ONLY)` scanned the
 * whole log instead (~350 ms per call at 1,000,000 events), on every idle wake-up of every projection.
 */
const heldBackSql = (tables: SqlTables): string =>
  `coalesce((SELECT max(transaction_id) FROM ${tables.events}) >= pg_snapshot_xmin(pg_current_snapshot()), false)`;

export async function readAllStable(db: SqlQueryable, tables: SqlTables, registry: EventTypeRegistry, options: ReadAllOptions = {}): Promise<{ events: RecordedEvent[]; heldBack: boolean }> {
  const backwards = options.direction === 'backwards';
  const from = options.fromPosition;
  // a caller that will not wait (noWait) has no use for knowing whether events are held back
  const heldBackColumn = options.noWait === true ? 'false' : heldBackSql(tables);
  // every row carries the same held_back; the rows are decoded as they arrive (see queryMapped)
  let heldBackSeen = false;
  const events = await db.queryMapped<EventRow & { held_back: boolean }, RecordedEvent>(
    `SELECT ${EVENT_COLUMNS},
       ${heldBackColumn} AS held_back
     FROM ${tables.events}
     WHERE ${STABLE_ONLY}
       AND ($1::xid8 IS NULL OR (transaction_id, global_position) ${backwards ? '<' : '>'} ($1::xid8, $2::bigint))
     ORDER BY transaction_id ${backwards ? 'DESC' : 'ASC'}, global_position ${backwards ? 'DESC' : 'ASC'}
     LIMIT $3::bigint`,
    [from?.commit ?? null, from?.prepare ?? null, options.maxCount ?? null],
    (row) => {
      heldBackSeen = row.held_back;
      return toRecordedEvent(row, registry);
    },
  );
  const heldBack = options.noWait === true ? false : events.length === 0 ? await anyHeldBack(db, tables) : heldBackSeen;
  return { events, heldBack };
}

/** Committed events not yet readable because an older transaction is still open. */
async function anyHeldBack(db: SqlQueryable, tables: SqlTables): Promise<boolean> {
  const [row] = await db.query<{ held_back: boolean }>(`SELECT ${heldBackSql(tables)} AS held_back`);
  return row.held_back;
}

export async function headPosition(db: SqlQueryable, tables: SqlTables): Promise<Position> {
  const [row] = await db.query<{ transaction_id_text: string; global_position_text: string }>(
    `SELECT transaction_id::text AS transaction_id_text, global_position::text AS global_position_text FROM ${tables.events}
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return row ? rowPosition(row) : START_POSITION;
}

/** Walks the raw stored rows, soft-deleted ones included: the chain runs across deletes. */
export async function verifyStream(db: SqlQueryable, tables: SqlTables, streamId: string): Promise<VerifyResult> {
  const rows = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${tables.events} WHERE stream_id = $1 ORDER BY revision`, [streamId]);
  const events = rows.map(storedContent);
  const broken = findBrokenLink(events);
  if (broken) return { ok: false, streamId, events: events.length, brokenAt: broken.revision, reason: broken.reason };
  const [stream] = await db.query<{ last_hash: string; revision_text: string }>(
    `SELECT last_hash, revision::text AS revision_text FROM ${tables.streams} WHERE stream_id = $1`,
    [streamId],
  );
  const lastHash = events.length > 0 ? events[events.length - 1].hash : '';
  if (stream && stream.last_hash !== lastHash) {
    return { ok: false, streamId, events: events.length, brokenAt: BigInt(events.length), reason: 'the stream head does not match its last event: events were removed from the end' };
  }
  return { ok: true, streamId, events: events.length };
}

export async function getStreamMetadata(db: SqlQueryable, tables: SqlTables, streamId: string): Promise<StreamMetadata> {
  const [row] = await db.query<{ metadata: string }>(`SELECT metadata::text AS metadata FROM ${tables.streams} WHERE stream_id = $1`, [streamId]);
  if (!row) return {};
  const stored = JSON.parse(row.metadata) as { maxCount?: number; custom?: JsonObject };
  return { ...(stored.maxCount !== undefined ? { maxCount: stored.maxCount } : {}), ...(stored.custom !== undefined ? { custom: stored.custom } : {}) };
}
