import type { AppendMetadata, JsonObject, RecordedEvent } from '../port/event-store.port';
import type { EventTypeRegistry } from '../port/event-type-registry';
import type { HashedEventContent } from '../port/hash-chain';
import type { Position } from '../port/position';

/**
 * Every 64-bit column leaves the database as text (`::text`): PGlite parses int8 into a JS number,
 * which silently loses precision past 2^53, and `pg` returns a string; text is the same in both.
 * json columns leave as text too, so that neither driver's JSON parser sits between us and the bytes.
 */
export const EVENT_COLUMNS = `global_position::text AS global_position_text, transaction_id::text AS transaction_id_text,
  stream_id, revision::text AS revision_text, type, schema_version, data::text AS data, metadata::text AS metadata,
  prev_hash, hash`;

export interface EventRow {
  readonly global_position_text: string;
  readonly transaction_id_text: string;
  readonly stream_id: string;
  readonly revision_text: string;
  readonly type: string;
  readonly schema_version: number;
  readonly data: string;
  readonly metadata: string;
  readonly prev_hash: string;
  readonly hash: string;
}

export function rowPosition(row: { readonly transaction_id_text: string; readonly global_position_text: string }): Position {
  return { commit: BigInt(row.transaction_id_text), prepare: BigInt(row.global_position_text) };
}

/** The stored form, exactly as hashed at append: no upcasting. */
export function storedContent(row: EventRow): HashedEventContent & { prevHash: string; hash: string } {
  return {
    streamId: row.stream_id,
    revision: BigInt(row.revision_text),
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as AppendMetadata,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The form handed to readers: data upcast to the registry's current schema version. */
export function toRecordedEvent(row: EventRow, registry: EventTypeRegistry): RecordedEvent {
  const stored = storedContent(row);
  return {
    streamId: stored.streamId,
    revision: stored.revision,
    position: rowPosition(row),
    type: stored.type,
    data: registry.upcast(stored.type, stored.data, stored.schemaVersion),
    // `stored.metadata` was parsed for this event alone, so it is completed in place: an object
    // spread here cost about 2 µs per event, a third of decoding a row (docs/BENCHMARKS.md)
    metadata: Object.assign(stored.metadata, { schemaVersion: stored.schemaVersion, prevHash: stored.prevHash, hash: stored.hash }),
  };
}

