import { randomUUID } from 'node:crypto';
import { EventTypeRegistry, type EventStore, openPgliteEventStore, openPostgresEventStore, quoteIdentifier, type SqlEventStore } from '@promo-ledger/event-store';
import type { Projection } from '../engine/projection';
import { ReadModelSchema } from '../engine/read-model-schema';
import { writeRows } from '../engine/write-rows';
import type { FixtureTarget } from './projection-fixture';

/** Event types the engine specs append; the engine itself never looks at types. */
export const ENGINE_SPEC_TYPES = new EventTypeRegistry({ Ticked: { schemaVersion: 1 }, Tocked: { schemaVersion: 1 } });

/**
 * A projection that would show any double count or gap: every event id is a primary key (a second
 * application fails the batch), and a per-stream counter must equal the stream's length.
 */
export function countingProjection(version = 1, name = 'engine_counts'): Projection {
  return {
    name,
    version,
    tables: [
      { name: `${name}_events`, columns: 'event_id text PRIMARY KEY, stream_id text NOT NULL, position text NOT NULL' },
      { name: `${name}_streams`, columns: 'stream_id text PRIMARY KEY, events bigint NOT NULL' },
    ],
    async applyBatch({ events, tx, table }) {
      await writeRows(tx, table(`${name}_events`), events.map((event) => ({ event_id: event.metadata.eventId, stream_id: event.streamId, position: `${event.position.commit}/${event.position.prepare}` })));
      const counts = new Map<string, number>();
      for (const event of events) counts.set(event.streamId, (counts.get(event.streamId) ?? 0) + 1);
      await writeRows(
        tx,
        table(`${name}_streams`),
        [...counts].map(([stream_id, events]) => ({ stream_id, events })),
        `(stream_id) DO UPDATE SET events = ${table(`${name}_streams`)}.events + excluded.events`,
      );
    },
  };
}

export interface EngineTarget {
  readonly store: SqlEventStore;
  readonly schema: ReadModelSchema;
  dispose(): Promise<void>;
}

/** An event store and a read-model schema on the same fresh database: in-memory PGlite, or new schemas in PostgreSQL. */
export async function openEngineTarget(target: FixtureTarget): Promise<EngineTarget> {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  if (target === 'pglite') {
    const store = await openPgliteEventStore({ registry: ENGINE_SPEC_TYPES });
    return { store, schema: new ReadModelSchema('read_models'), dispose: () => store.close() };
  }
  const eventsSchema = `ev_spec_${suffix}`;
  const schema = new ReadModelSchema(`rm_spec_${suffix}`);
  const store = await openPostgresEventStore({ registry: ENGINE_SPEC_TYPES, connectionString: process.env.DATABASE_URL ?? '', schema: eventsSchema, maxConnections: 4 });
  return {
    store,
    schema,
    dispose: async () => {
      for (const name of [eventsSchema, schema.schema]) await store.executor.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(name)} CASCADE`);
      await store.close();
    },
  };
}

let eventCounter = 0;

/** Appends `count` Ticked events to a stream, `perAppend` per transaction. */
export async function appendTicks(store: EventStore, streamId: string, count: number, perAppend = 1): Promise<void> {
  for (let done = 0; done < count; done += perAppend) {
    const events = Array.from({ length: Math.min(perAppend, count - done) }, () => {
      eventCounter += 1;
      return {
        type: 'Ticked',
        data: { n: eventCounter },
        metadata: { eventId: randomUUID(), correlationId: 'spec', causationId: null, actor: null, idempotencyKey: null, occurredAt: new Date().toISOString() },
      };
    });
    await store.appendToStream(streamId, events, 'any');
  }
}
