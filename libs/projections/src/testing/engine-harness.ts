import { randomUUID } from 'node:crypto';
import { comparePositions, EventTypeRegistry, type EventStore, openPgliteEventStore, openPostgresEventStore, type Position, positionToString, quoteIdentifier, type RecordedEvent, type SqlEventStore, type SqlQueryable } from '@promo-ledger/event-store';
import type { FoldedBatch, Projection, ProjectionBatch } from '../engine/projection';
import { ReadModelSchema } from '../engine/read-model-schema';
import { writeRows } from '../engine/write-rows';
import type { FixtureTarget } from './projection-fixture';

/** Event types the engine specs append; the engine itself never looks at types. */
export const ENGINE_SPEC_TYPES = new EventTypeRegistry({ Ticked: { schemaVersion: 1 }, Tocked: { schemaVersion: 1 } });

/** One row per event: its id (the primary key, so an event applied twice fails its batch), stream and position. */
function eventRows(events: readonly RecordedEvent[]): Record<string, string>[] {
  return events.map((event) => ({ event_id: event.metadata.eventId, stream_id: event.streamId, position: `${event.position.commit}/${event.position.prepare}` }));
}

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
      await writeRows(tx, table(`${name}_events`), eventRows(events));
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

/** A batch of foldingCountingProjection: each stream's total after it, and the rows to write. */
class FoldedCounts implements FoldedBatch {
  constructor(
    readonly totals: ReadonlyMap<string, number>,
    private readonly rows: (tx: SqlQueryable) => Promise<void>,
  ) {}

  write(tx: SqlQueryable): Promise<void> {
    return this.rows(tx);
  }
}

/**
 * The counting projection, folding ahead of its writes (Projection.foldBatch): a batch reads each
 * stream's stored total and writes the new total, not an increment, taking the totals the previous
 * batch changed from it. A total read before the batch that wrote it committed, or one the previous
 * batch failed to hand over, shows as a wrong count. Each write first waits `writeDelayMs`, so the
 * batches after it are read and folded while it is still uncommitted; `failWrite(n)` fails the n-th write.
 */
export function foldingCountingProjection(options: { readonly writeDelayMs?: number; readonly failWrite?: (batch: number) => boolean } = {}): Projection {
  const name = 'engine_folded_counts';
  let written = 0;
  const fold = async ({ events, tx, table }: ProjectionBatch, previous: FoldedBatch | null): Promise<FoldedCounts> => {
    const carried = previous instanceof FoldedCounts ? previous.totals : new Map<string, number>();
    const unread = [...new Set(events.map((event) => event.streamId))].filter((streamId) => !carried.has(streamId));
    const stored = await tx.query<{ stream_id: string; events: string | number }>(
      `SELECT stream_id, events FROM ${table(`${name}_streams`)} WHERE stream_id IN (SELECT json_array_elements_text($1::json))`,
      [JSON.stringify(unread)],
    );
    const before = new Map([...carried, ...stored.map((row) => [row.stream_id, Number(row.events)] as const)]);
    const totals = new Map<string, number>();
    for (const { streamId } of events) totals.set(streamId, (totals.get(streamId) ?? before.get(streamId) ?? 0) + 1);
    return new FoldedCounts(totals, async (into) => {
      written += 1;
      const batch = written;
      await new Promise((resolve) => setTimeout(resolve, options.writeDelayMs ?? 0));
      if (options.failWrite?.(batch) === true) throw new Error(`batch ${batch} failed to write`);
      await writeRows(into, table(`${name}_events`), eventRows(events));
      await writeRows(into, table(`${name}_streams`), [...totals].map(([stream_id, count]) => ({ stream_id, events: count })), '(stream_id) DO UPDATE SET events = excluded.events');
    });
  };
  return {
    name,
    version: 1,
    tables: countingProjection(1, name).tables,
    async applyBatch(batch) {
      await (await fold(batch, null)).write(batch.tx);
    },
    foldBatch: fold,
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

/**
 * Appends `count` Ticked events to a stream, `perAppend` per transaction, and returns once a reader of
 * the log that does not wait sees the last of them. On PostgreSQL such a read stops before any
 * transaction still open anywhere in the cluster (another suite's, say), so events just committed may
 * be held back for a while; a spec counting what the log shows would otherwise count short.
 */
export async function appendTicks(store: EventStore, streamId: string, count: number, perAppend = 1): Promise<void> {
  let last: Position | null = null;
  for (let done = 0; done < count; done += perAppend) {
    const events = Array.from({ length: Math.min(perAppend, count - done) }, () => {
      eventCounter += 1;
      return {
        type: 'Ticked',
        data: { n: eventCounter },
        metadata: { eventId: randomUUID(), correlationId: 'spec', causationId: null, actor: null, idempotencyKey: null, occurredAt: new Date().toISOString() },
      };
    });
    last = (await store.appendToStream(streamId, events, 'any')).position;
  }
  if (last !== null) await untilReadable(store, last);
}

async function untilReadable(store: EventStore, position: Position): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [newest] = await store.readAll({ direction: 'backwards', maxCount: 1, noWait: true });
    if (newest !== undefined && comparePositions(newest.position, position) >= 0) return;
    if (Date.now() > deadline) throw new Error(`the append at ${positionToString(position)} did not become readable within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
