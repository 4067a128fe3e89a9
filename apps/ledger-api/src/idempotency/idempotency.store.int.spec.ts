import { Client } from 'pg';
import { PostgresExecutor } from '@promo-ledger/event-store';
import { requireOrSkip } from '../../../../test/conformance/conformance-target';
import { prepareStorage, type E2eStorage } from '../../../../test/support/e2e-storage';
import { sequentiallyScanned, statementSent } from '../../../../test/support/generic-plan';
import { IdempotencyStore } from './idempotency.store';

const RECORDS = 10_000;
const run = requireOrSkip('PostgreSQL (DATABASE_URL) for the idempotency statement plans', Boolean(process.env.DATABASE_URL)) === 'run';

/**
 * Storing a response updates its record by key. With only a join to json_to_recordset (guessed at
 * 100 rows), the generic plan hashed the guess against a sequential scan of every record ever kept
 * (docs/BENCHMARKS.md, 2026-12-04): each completion grew slower as the table grew.
 */
(run ? describe : describe.skip)('idempotency records on PostgreSQL', () => {
  let storage: E2eStorage;
  let executor: PostgresExecutor;
  let admin: Client;

  beforeAll(async () => {
    storage = await prepareStorage('postgres');
    executor = new PostgresExecutor({ connectionString: storage.env.DATABASE_URL, maxConnections: 2 });
    admin = new Client({ connectionString: storage.env.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await executor.close();
    await storage.dispose();
  });

  it(`a completion finds its record by key, not by scanning ${RECORDS.toLocaleString('en-US')} records, in the plan a prepared statement settles on`, async () => {
    const records = new IdempotencyStore(executor);
    await records.onModuleInit();
    await admin.query(`INSERT INTO idempotency_records (scope_key, request_hash, state) SELECT 'seeded:' || n, 'hash', 'completed' FROM generate_series(1, ${RECORDS}) AS n`);
    await admin.query('ANALYZE idempotency_records');
    expect(await records.claim('tester:key-00000001', 'request-hash')).toEqual({ kind: 'claimed', interruptedSince: null });

    const completion = await statementSent(executor, 'UPDATE idempotency_records', () =>
      records.complete('tester:key-00000001', { status: 201, contentType: 'application/json', body: '{"ok":true}' }),
    );

    expect(await records.claim('tester:key-00000001', 'request-hash')).toEqual({ kind: 'replay', response: { status: 201, contentType: 'application/json', body: '{"ok":true}' } });
    expect(await sequentiallyScanned(admin, completion.sql, completion.params)).not.toContain('idempotency_records');
    // the probe sees the problem it guards against: the same join without the key lookup scans
    const joinOnly = `UPDATE idempotency_records AS record SET status = done.status
      FROM json_to_recordset($1::json) AS done (scope_key text, status int) WHERE record.scope_key = done.scope_key`;
    expect(await sequentiallyScanned(admin, joinOnly, ['[]'])).toContain('idempotency_records');
  });

  it('a turn that both stores answers and claims keys is one statement, which finds the records by key too', async () => {
    const records = new IdempotencyStore(executor);
    await records.onModuleInit();
    await records.claim('tester:key-00000002', 'request-hash');
    // the first claim goes alone; the completion and the second claim queue behind it and go together
    const combined = await statementSent(executor, 'claimed AS', () => Promise.all([
      records.claim('tester:key-00000003', 'request-hash'),
      records.complete('tester:key-00000002', { status: 200, contentType: 'application/json', body: '{"n":2}' }),
      records.claim('tester:key-00000004', 'request-hash'),
    ]));
    expect(await records.claim('tester:key-00000002', 'request-hash')).toEqual({ kind: 'replay', response: { status: 200, contentType: 'application/json', body: '{"n":2}' } });
    expect(await records.claim('tester:key-00000004', 'another-hash')).toEqual({ kind: 'other_request' });
    expect(await sequentiallyScanned(admin, combined.sql, combined.params)).not.toContain('idempotency_records');
  });
});
