import { randomUUID } from 'node:crypto';
import type { EventToAppend, JsonObject, JsonValue, RecordedEvent } from '../port/event-store.port';
import type { EventTypeRegistry } from '../port/event-type-registry';
import { chainHash, type HashedEventContent, hashedMetadata } from '../port/hash-chain';
import type { EsdbProposedEvent, EsdbRecord } from './esdb-connection';

/**
 * How the ledger's events sit in EventStoreDB: the event data is the JSON data, and the event's
 * metadata JSON carries our RecordedMetadata (ids, actor, schema version, prevHash and hash). The
 * hash covers this stored form, before any upcasting.
 */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}


/**
 * The events to send, chained from `prevHash`, numbered from `firstRevision`. The event's own id is
 * the ledger's eventId when it is a UUID, so that EventStoreDB's idempotent-write check recognises
 * a retried append of the same events.
 */
export function proposeEvents(
  streamId: string,
  events: readonly EventToAppend[],
  registry: EventTypeRegistry,
  firstRevision: bigint,
  prevHash: string,
): EsdbProposedEvent[] {
  let previous = prevHash;
  return events.map((event, index) => {
    const revision = firstRevision + BigInt(index);
    const schemaVersion = registry.schemaVersionOf(event.type);
    const metadata = hashedMetadata(event.metadata);
    const hash = chainHash(previous, { streamId, revision, type: event.type, schemaVersion, data: event.data, metadata });
    const stored: JsonObject = { ...(metadata as unknown as JsonObject), schemaVersion, prevHash: previous, hash };
    previous = hash;
    const id = UUID_PATTERN.test(metadata.eventId) ? metadata.eventId.toLowerCase() : randomUUID();
    return { id, type: event.type, data: event.data, metadata: stored };
  });
}

export type StoredEvent = HashedEventContent & { readonly prevHash: string; readonly hash: string };

/** The stored form, exactly as hashed at append: no upcasting. Events written by other tools get neutral defaults. */
export function storedEvent(record: EsdbRecord): StoredEvent {
  const metadata: JsonObject = isJsonObject(record.metadata) ? record.metadata : {};
  const nullableText = (key: string): string | null => {
    const value = metadata[key];
    return typeof value === 'string' ? value : null;
  };
  const text = (key: string): string => nullableText(key) ?? '';
  const actor: JsonValue | undefined = metadata.actor;
  return {
    streamId: record.streamId,
    revision: record.revision,
    type: record.type,
    schemaVersion: typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1,
    data: isJsonObject(record.data) ? record.data : {},
    metadata: {
      eventId: text('eventId'),
      correlationId: text('correlationId'),
      causationId: nullableText('causationId'),
      actor: isJsonObject(actor) && typeof actor.keyId === 'string' && typeof actor.role === 'string' ? { keyId: actor.keyId, role: actor.role } : null,
      idempotencyKey: nullableText('idempotencyKey'),
      occurredAt: text('occurredAt'),
    },
    prevHash: text('prevHash'),
    hash: text('hash'),
  };
}

/** The form handed to readers: data upcast to the registry's current schema version. */
export function toRecordedEvent(record: EsdbRecord, registry: EventTypeRegistry): RecordedEvent {
  const stored = storedEvent(record);
  return {
    streamId: stored.streamId,
    revision: stored.revision,
    position: record.position,
    type: stored.type,
    data: registry.upcast(stored.type, stored.data, stored.schemaVersion),
    // built for this event alone, so completed in place rather than copied (see the SQL store's toRecordedEvent)
    metadata: Object.assign(stored.metadata, { schemaVersion: stored.schemaVersion, prevHash: stored.prevHash, hash: stored.hash }),
  };
}

/** EventStoreDB's own events: system event types ($metadata, $streamDeleted …) and system streams ($$…, $stats-…). */
export function isSystemRecord(record: Pick<EsdbRecord, 'streamId' | 'type'>): boolean {
  return record.type.startsWith('$') || record.streamId.startsWith('$');
}
