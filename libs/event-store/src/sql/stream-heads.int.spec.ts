import { randomUUID } from 'node:crypto';
import { EventTypeRegistry } from '../port/event-type-registry';
import type { EventToAppend } from '../port/event-store.port';
import { PgliteExecutor } from './pglite-executor';
import { SqlEventStore } from './sql-event-store';

const registry = new EventTypeRegistry({ 'Heads.Tick': { schemaVersion: 1 } });
const tick = (n: number): EventToAppend => ({
  type: 'Heads.Tick',
  data: { n },
  metadata: { eventId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: { keyId: 'k', role: 'tester' }, idempotencyKey: null, occurredAt: '2026-11-24T00:00:00.000Z' },
});

/** Counts the SQL an executor runs, so a skipped query is seen to be skipped. */
class CountingExecutor {
  static async open(): Promise<{ executor: PgliteExecutor; queries: () => number }> {
    const executor = await PgliteExecutor.open();
    let count = 0;
    const query = executor.query.bind(executor);
    const queryMapped = executor.queryMapped.bind(executor);
    executor.query = (sql, params) => {
      count += 1;
      return query(sql, params);
    };
    executor.queryMapped = (sql, params, mapRow) => {
      count += 1;
      return queryMapped(sql, params, mapRow);
    };
    return { executor, queries: () => count };
  }
}

describe('stream heads on a database with one client (PGlite)', () => {
  it('a tail read past the head asks nothing; a tail read after any store on the executor appended finds the event', async () => {
    const { executor, queries } = await CountingExecutor.open();
    const writer = await SqlEventStore.open(executor, { registry });
    const reader = await SqlEventStore.open(executor, { registry });
    try {
      await writer.appendToStream('ticks-1', [tick(0), tick(1)], 'no_stream');
      const before = queries();
      expect(await reader.readStream('ticks-1', { fromRevision: 2n })).toEqual([]);
      expect(await reader.readStreams([{ streamId: 'ticks-1', fromRevision: 2n }])).toEqual([[]]);
      expect(queries()).toBe(before);

      await writer.appendToStream('ticks-1', [tick(2)], 1n);
      expect((await reader.readStream('ticks-1', { fromRevision: 2n })).map((event) => event.data)).toEqual([{ n: 2 }]);
      expect((await reader.readStreams([{ streamId: 'ticks-1', fromRevision: 2n }, { streamId: 'ticks-2', fromRevision: 0n }]))[0].map((event) => event.data)).toEqual([{ n: 2 }]);
      expect(queries()).toBeGreaterThan(before);
    } finally {
      await executor.close();
    }
  });

  it('a stream found empty from the start is not asked again until an append to it', async () => {
    const { executor, queries } = await CountingExecutor.open();
    const store = await SqlEventStore.open(executor, { registry });
    try {
      expect(await store.readStream('ticks-new')).toEqual([]);
      const before = queries();
      expect(await store.readStreams([{ streamId: 'ticks-new' }])).toEqual([[]]);
      expect(queries()).toBe(before);
      await store.appendToStream('ticks-new', [tick(0)], 'no_stream');
      expect((await store.readStream('ticks-new')).map((event) => event.data)).toEqual([{ n: 0 }]);
    } finally {
      await executor.close();
    }
  });

  it('a failed append (wrong expected revision) moves no head', async () => {
    const { executor } = await CountingExecutor.open();
    const store = await SqlEventStore.open(executor, { registry });
    try {
      await store.appendToStream('ticks-3', [tick(0)], 'no_stream');
      await expect(store.appendToStream('ticks-3', [tick(1)], 5n)).rejects.toThrow();
      await store.appendToStream('ticks-3', [tick(1)], 0n);
      expect((await store.readStream('ticks-3', { fromRevision: 1n })).map((event) => event.data)).toEqual([{ n: 1 }]);
    } finally {
      await executor.close();
    }
  });
});
