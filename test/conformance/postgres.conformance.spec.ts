import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresExecutor, SqlEventStore, StoreUnavailableError, openPostgresEventStore } from '@promo-ledger/event-store';
import { conformanceRegistry } from './conformance-fixtures';
import { type ConformanceTarget, requireOrSkip } from './conformance-target';
import { describeEventStoreConformance } from './event-store.conformance';

const databaseUrl = process.env.DATABASE_URL;

/** A fresh schema per run, dropped afterwards; a separate admin connection plays the DBA. */
async function postgresTarget(url: string): Promise<ConformanceTarget> {
  const schema = `conformance_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const applicationName = `promo-ledger-conformance-${schema}`;
  const admin = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  // 16 writers and a subscriber at once: the gap test needs real concurrency, not a queue.
  const executor = new PostgresExecutor({ connectionString: url, maxConnections: 20, applicationName });
  const store = await SqlEventStore.open(executor, { registry: conformanceRegistry, schema });
  return {
    name: 'postgres',
    store,
    restart: async () => {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [applicationName]);
    },
    tamper: async (streamId, revision, data) => {
      await admin.query(`UPDATE "${schema}".events SET data = $1::json WHERE stream_id = $2 AND revision = $3`, [JSON.stringify(data), streamId, revision.toString()]);
    },
    dispose: async () => {
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

if (requireOrSkip('PostgreSQL (DATABASE_URL)', Boolean(databaseUrl)) === 'run' && databaseUrl) {
  describeEventStoreConformance(() => postgresTarget(databaseUrl), 'postgres');
} else {
  describe('EventStore conformance: postgres', () => {
    it.skip('needs DATABASE_URL (postgres://…); CI always sets it', () => undefined);
  });
}

describe('postgres adapter without a server', () => {
  it('reports an unreachable server as StoreUnavailableError when it opens', async () => {
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
    const opening = openPostgresEventStore({ registry: conformanceRegistry, connectionString: 'postgres://postgres@127.0.0.1:9/none' });
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
