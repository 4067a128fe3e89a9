import type { SubscriptionFilter } from '../port/event-store.port';
import type { Position } from '../port/position';
import type { SqlQueryable } from './sql-executor';
import type { EventRow } from './sql-rows';
import { STABLE_ONLY } from './sql-reads';
import type { SqlTables } from './sql-schema';

/** A row the subscription examined; data and metadata are only fetched when the filter matched. */
export type ExaminedRow = EventRow & { readonly matches: boolean };

/**
 * The next `limit` events of the stable log (see STABLE_ONLY) strictly after `after`, in global order.
 * The filter runs in SQL: rows it rejects come back without their payload, only so the subscription
 * can count them for checkpoints and move its position past them. Both prefix lists, when given,
 * must match (an event-type prefix AND a stream prefix).
 */
export async function fetchExamined(db: SqlQueryable, tables: SqlTables, after: Position, limit: number, filter: SubscriptionFilter | undefined): Promise<ExaminedRow[]> {
  const typePrefixes = filter?.eventTypePrefixes?.length ? JSON.stringify(filter.eventTypePrefixes) : null;
  const streamPrefixes = filter?.streamPrefixes?.length ? JSON.stringify(filter.streamPrefixes) : null;
  const rows = await db.query<Omit<ExaminedRow, 'data' | 'metadata'> & { data: string | null; metadata: string | null }>(
    `SELECT global_position::text AS global_position_text, transaction_id::text AS transaction_id_text, stream_id,
       revision::text AS revision_text, type, schema_version, prev_hash, hash, matches,
       CASE WHEN matches THEN data::text END AS data, CASE WHEN matches THEN metadata::text END AS metadata
     FROM (
       SELECT *,
         ($4::json IS NULL OR EXISTS (SELECT 1 FROM json_array_elements_text($4::json) AS prefix(value) WHERE starts_with(type, prefix.value)))
         AND ($5::json IS NULL OR EXISTS (SELECT 1 FROM json_array_elements_text($5::json) AS prefix(value) WHERE starts_with(stream_id, prefix.value)))
         AS matches
       FROM ${tables.events}
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND ${STABLE_ONLY}
       ORDER BY transaction_id, global_position
       LIMIT $3::int
     ) AS examined
     ORDER BY transaction_id, global_position`,
    [after.commit, after.prepare, limit, typePrefixes, streamPrefixes],
  );
  return rows.map((row) => ({ ...row, data: row.data ?? '{}', metadata: row.metadata ?? '{}' }));
}
