import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { readableThrough } from '../../../../test/conformance/conformance-fixtures';
import { requireOrSkip } from '../../../../test/conformance/conformance-target';
import { WrongExpectedVersionError } from '../port/errors';
import { EventTypeRegistry } from '../port/event-type-registry';
import type { AppendResult, EventToAppend } from '../port/event-store.port';
import { PgliteExecutor } from './pglite-executor';
import { PostgresExecutor } from './postgres-executor';
import type { SqlExecutor } from './sql-executor';
import { SqlEventStore } from './sql-event-store';

const registry = new EventTypeRegistry({ 'Tips.Tick': { schemaVersion: 1 } });
const tick = (n: number): EventToAppend => ({
  type: 'Tips.Tick',
  data: { n },
  metadata: { eventId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: { keyId: 'k', role: 'tester' }, idempotencyKey: null, occurredAt: '2026-11-24T00:00:00.000Z' },
});

interface Counted {
  readonly executor: SqlExecutor;
  /** Statements outside a transaction and transactions begun, since the last call. */
  readonly take: () => { statements: number; transactions: number };
  readonly dispose: () => Promise<void>;
}

/** Counts what the store asks of the executor, so a one-statement append is seen to be one statement. */
function counting(executor: SqlExecutor, dispose: () => Promise<void>): Counted {
  let statements = 0;
  let transactions = 0;
  const query = executor.query.bind(executor);
  const queryMapped = executor.queryMapped.bind(executor);
  const transaction = executor.transaction.bind(executor);
  executor.query = (sql, params) => {
    statements += 1;
    return query(sql, params);
  };
  executor.queryMapped = (sql, params, mapRow) => {
    statements += 1;
    return queryMapped(sql, params, mapRow);
  };
  executor.transaction = (work) => {
    transactions += 1;
    return transaction(work);
  };
  return {
    executor,
    take: () => {
      const counts = { statements, transactions };
      statements = 0;
      transactions = 0;
      return counts;
    },
    dispose,
  };
}

async function openTarget(target: 'pglite' | 'postgres'): Promise<Counted & { schema: string }> {
  const schema = `tips_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  if (target === 'pglite') {
    const executor = await PgliteExecutor.open();
    return { ...counting(executor, () => executor.close()), schema };
  }
  const url = process.env.DATABASE_URL ?? '';
  const executor = new PostgresExecutor({ connectionString: url, maxConnections: 4 });
  return {
    ...counting(executor, async () => {
      await executor.close();
      const admin = new Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }),
    schema,
  };
}

const targets = requireOrSkip('PostgreSQL (DATABASE_URL) for the append fast path', Boolean(process.env.DATABASE_URL)) === 'run' ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(targets)('appending at the head this process last saw, on %s', (target) => {
  let db: Counted & { schema: string };
  beforeEach(async () => {
    db = await openTarget(target);
  });
  afterEach(() => db.dispose());

  it('a new stream, and the next append at the revision it returned, are one statement each and no transaction', async () => {
    const store = await SqlEventStore.open(db.executor, { registry, schema: db.schema });
    db.take();
    const first = await store.appendToStream('ticks-1', [tick(0), tick(1)], 'no_stream');
    expect(db.take()).toEqual({ statements: 1, transactions: 0 });
    await store.appendToStream('ticks-1', [tick(2)], first.nextExpectedRevision);
    expect(db.take()).toEqual({ statements: 1, transactions: 0 });
    expect((await store.readStream('ticks-1')).map((event) => event.data.n)).toEqual([0, 1, 2]);
    expect(await store.verifyStream('ticks-1')).toMatchObject({ ok: true });
  });

  it('a head another writer moved: the stale belief takes the locked path and fails with the true revision; appending nothing', async () => {
    const mine = await SqlEventStore.open(db.executor, { registry, schema: db.schema });
    const theirs = await SqlEventStore.open(db.executor, { registry, schema: db.schema });
    await mine.appendToStream('ticks-2', [tick(0)], 'no_stream');
    await theirs.appendToStream('ticks-2', [tick(1)], 0n);
    db.take();
    const error = await mine.appendToStream('ticks-2', [tick(99)], 0n).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ expected: 0n, actual: 1n });
    expect(db.take()).toEqual({ statements: 1, transactions: 1 });
    // expecting the true head, which this store never saw, goes through the lock and chains on the stored hash
    await mine.appendToStream('ticks-2', [tick(2)], 1n);
    expect((await mine.readStream('ticks-2')).map((event) => event.data.n)).toEqual([0, 1, 2]);
    expect(await mine.verifyStream('ticks-2')).toMatchObject({ ok: true });
  });

  it('a stream another writer created: no_stream fails with its revision', async () => {
    const mine = await SqlEventStore.open(db.executor, { registry, schema: db.schema });
    const theirs = await SqlEventStore.open(db.executor, { registry, schema: db.schema });
    await theirs.appendToStream('ticks-3', [tick(0), tick(1)], 'no_stream');
    const error = await mine.appendToStream('ticks-3', [tick(99)], 'no_stream').then(() => null, (caught: unknown) => caught);
    expect(error).toMatchObject({ expected: 'no_stream', actual: 1n });
    expect((await mine.readStream('ticks-3')).map((event) => event.data.n)).toEqual([0, 1]);
  });

  it('appends to several streams at their known heads in one statement; a head another writer moved falls back alone', async () => {
    const mine = await SqlEventStore.open(db.executor, { registry, schema: db.schema });
    const theirs = await SqlEventStore.open(db.executor, { registry, schema: db.schema });
    await mine.appendToStream('group-a', [tick(0)], 'no_stream');
    await mine.appendToStream('group-moved', [tick(0)], 'no_stream');
    await theirs.appendToStream('group-moved', [tick(1)], 0n);
    db.take();
    const [a, created, moved] = await mine.appendToStreams([
      { streamId: 'group-a', events: [tick(1), tick(2)], expectedRevision: 0n },
      { streamId: 'group-new', events: [tick(0)], expectedRevision: 'no_stream' },
      { streamId: 'group-moved', events: [tick(99)], expectedRevision: 0n },
    ]);
    // the group statement, then the moved stream alone through its lock (one transaction)
    expect(db.take()).toEqual({ statements: 1, transactions: 1 });
    expect(a).toMatchObject({ nextExpectedRevision: 2n });
    expect(created).toMatchObject({ nextExpectedRevision: 0n });
    expect(moved).toBeInstanceOf(WrongExpectedVersionError);
    expect(moved).toMatchObject({ expected: 0n, actual: 1n });
    expect((await mine.readStream('group-a')).map((event) => event.data.n)).toEqual([0, 1, 2]);
    expect((await mine.readStream('group-moved')).map((event) => event.data.n)).toEqual([0, 1]);
    for (const streamId of ['group-a', 'group-new', 'group-moved']) expect(await mine.verifyStream(streamId)).toMatchObject({ ok: true });
    // what the statement appended is one transaction, in request order, and the next appends chain on it
    await readableThrough(mine, (created as AppendResult).position);
    const log = (await mine.readAll()).filter((event) => event.streamId === 'group-a' || event.streamId === 'group-new');
    expect(log.map((event) => `${event.streamId}@${event.revision}`)).toEqual(['group-a@0', 'group-a@1', 'group-a@2', 'group-new@0']);
    expect(new Set(log.slice(1).map((event) => event.position.commit)).size).toBe(1);
    db.take();
    await mine.appendToStreams([
      { streamId: 'group-a', events: [tick(3)], expectedRevision: 2n },
      { streamId: 'group-new', events: [tick(1)], expectedRevision: 0n },
    ]);
    expect(db.take()).toEqual({ statements: 1, transactions: 0 });
    expect(await mine.verifyStream('group-new')).toMatchObject({ ok: true, events: 2 });
  });
});
