import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { requireOrSkip } from '../../../../test/conformance/conformance-target';
import { sequentiallyScanned, statementSent } from '../../../../test/support/generic-plan';
import { EventTypeRegistry } from '../port/event-type-registry';
import type { EventToAppend } from '../port/event-store.port';
import { PostgresExecutor, SESSION_PLANNER_OPTIONS } from './postgres-executor';
import { SqlEventStore } from './sql-event-store';

const registry = new EventTypeRegistry({ 'Plan.Tick': { schemaVersion: 1 } });
const tick = (n: number): EventToAppend => ({
  type: 'Plan.Tick',
  data: { n },
  metadata: { eventId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: { keyId: 'k', role: 'tester' }, idempotencyKey: null, occurredAt: '2026-12-04T00:00:00.000Z' },
});

// With up-to-date statistics the join alone took the sequential scan up to ~10,000 streams; with the
// key lookup the index is used from ~3,000 on.
const STREAMS = 8_000;
/** Few enough streams that PostgreSQL's default costs make a whole-table scan look cheaper than the index. */
const SMALL = 1_000;
const run = requireOrSkip('PostgreSQL (DATABASE_URL) for the append statement plan', Boolean(process.env.DATABASE_URL)) === 'run';

/**
 * The one-statement append looks each head up by its stream id. PostgreSQL guesses 100 rows for
 * json_to_recordset, and the generic plan joined that guess to the streams table with a hash join
 * over a sequential scan, so every append read every stream (docs/BENCHMARKS.md, 2026-12-04).
 */
(run ? describe : describe.skip)('the known-head append statement on PostgreSQL', () => {
  const url = process.env.DATABASE_URL ?? '';
  const schema = `plan_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let executor: PostgresExecutor;
  let admin: Client;

  beforeAll(async () => {
    executor = new PostgresExecutor({ connectionString: url, maxConnections: 2 });
    admin = new Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await executor.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it(`finds the heads by index, not by scanning ${STREAMS.toLocaleString('en-US')} streams, in the plan a prepared statement settles on`, async () => {
    const store = await SqlEventStore.open(executor, { registry, schema });
    await admin.query(`INSERT INTO "${schema}".streams (stream_id, revision, last_hash) SELECT 'seeded-' || n, 0, '' FROM generate_series(1, ${STREAMS}) AS n`);
    await admin.query(`ANALYZE "${schema}".streams`);
    const first = await store.appendToStream('ticks-1', [tick(0)], 'no_stream');

    const append = await statementSent(executor, 'WITH wanted AS', () => store.appendToStream('ticks-1', [tick(1)], first.nextExpectedRevision));
    expect(await sequentiallyScanned(admin, append.sql, append.params)).not.toContain('streams');
    // the probe sees the problem it guards against: the same join without the key lookup scans
    const joinOnly = `UPDATE "${schema}".streams AS stream SET revision = wanted.next_revision
      FROM json_to_recordset($1::json) AS wanted (stream_id text, next_revision bigint) WHERE stream.stream_id = wanted.stream_id`;
    expect(await sequentiallyScanned(admin, joinOnly, ['[]'])).toContain('streams');
  });

  it('keeps to the index when the statement was planned while the streams were few, with the sessions the executor opens', async () => {
    const smallSchema = `${schema}_small`;
    const store = await SqlEventStore.open(executor, { registry, schema: smallSchema });
    try {
      await admin.query(`INSERT INTO "${smallSchema}".streams (stream_id, revision, last_hash) SELECT 'seeded-' || n, 0, '' FROM generate_series(1, ${SMALL}) AS n`);
      await admin.query(`ANALYZE "${smallSchema}".streams`);
      const first = await store.appendToStream('ticks-1', [tick(0)], 'no_stream');
      const append = await statementSent(executor, 'WITH wanted AS', () => store.appendToStream('ticks-1', [tick(1)], first.nextExpectedRevision));
      expect(await executor.query<{ random_page_cost: string }>('SHOW random_page_cost')).toEqual([{ random_page_cost: '1.1' }]);
      const session = new Client({ connectionString: url, options: SESSION_PLANNER_OPTIONS });
      await session.connect();
      try {
        expect(await sequentiallyScanned(session, append.sql, append.params)).not.toContain('streams');
      } finally {
        await session.end();
      }
      // the probe sees the problem it guards against: with PostgreSQL's default settings that plan scans every stream
      expect(await sequentiallyScanned(admin, append.sql, append.params)).toContain('streams');
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${smallSchema}" CASCADE`);
    }
  });
});
