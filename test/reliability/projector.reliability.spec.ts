import { type EventStore, openPostgresEventStore, type SqlEventStore } from '@promo-ledger/event-store';
import { AdvisoryLockLeases, Generations, ProgressReader, READ_MODEL_PROJECTIONS, ReadModelSchema, rebuildProjection } from '@promo-ledger/projections';
import { Client } from 'pg';
import { domainEventTypes } from '../../apps/ledger-api/src/store/domain-event-types';
import { dumpReadModels } from '../../libs/projections/src/testing/read-model-dump';
import { appendWorkload, syntheticWorkload } from '../../libs/projections/src/testing/synthetic-workload';
import { requireOrSkip } from '../conformance/conformance-target';
import { type E2eStorage, prepareStorage } from '../support/e2e-storage';
import { ProjectorProcess } from '../support/projector-process';

/**
 * apps/projector as real processes against real PostgreSQL: killed with SIGKILL mid-batch it never
 * double-counts or skips (batch and checkpoint commit together), and of two projectors only the
 * lease holder applies, the other taking over when it dies.
 */
const postgres = requireOrSkip('PostgreSQL (DATABASE_URL) for the projector reliability suite', Boolean(process.env.DATABASE_URL)) === 'run';
const names = READ_MODEL_PROJECTIONS.map((projection) => projection.name);
const schema = new ReadModelSchema();

(postgres ? describe : describe.skip)('apps/projector under kill -9 and lease handover (PostgreSQL)', () => {
  jest.setTimeout(240_000);
  let storage: E2eStorage;
  let url: string;
  let store: SqlEventStore;
  let observer: Client;
  const running: ProjectorProcess[] = [];

  beforeEach(async () => {
    storage = await prepareStorage('postgres');
    url = storage.env.DATABASE_URL;
    store = await openPostgresEventStore({ registry: domainEventTypes(), connectionString: url, applicationName: 'reliability-writer', maxConnections: 8 });
    observer = new Client({ connectionString: url, application_name: 'reliability-observer' });
    await observer.connect();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((projector) => projector.kill9()));
    await observer.end();
    await store.close();
    await storage.dispose();
  });

  const start = (): ProjectorProcess => {
    const projector = ProjectorProcess.start({ DATABASE_URL: url, PROJECTOR_BATCH_SIZE: '250' });
    running.push(projector);
    return projector;
  };
  const stop = async (projector: ProjectorProcess): Promise<void> => {
    running.splice(running.indexOf(projector), 1);
    await projector.kill9();
  };

  /** True once one of the projector's pooled connections is inside a transaction (a batch being applied). */
  async function inBatch(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await observer.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'promo-ledger' AND xact_start IS NOT NULL AND backend_xid IS NOT NULL`,
      );
      if (rows[0].n > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return false;
  }

  async function leaseHolders(): Promise<string[]> {
    const { rows } = await observer.query<{ name: string }>(
      `SELECT DISTINCT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND a.datname = current_database() AND a.application_name LIKE 'promo-ledger-projector-lease:%'`,
    );
    return rows.map((row) => row.name);
  }

  async function caughtUp(reader: ProgressReader, target: EventStore): Promise<void> {
    expect(await reader.waitFor(names, await target.headPosition(), 120_000)).toBe(true);
  }

  it('20,000 events, the projector killed mid-batch at least 10 times: the read models equal a clean rebuild', async () => {
    const load = appendWorkload(store, syntheticWorkload({ orders: 2_000, seed: 42 }), { concurrency: 4 });
    let loaded = false;
    void load.then(() => (loaded = true));
    let kills = 0;
    let midBatch = 0;
    while (kills < 10 || !loaded) {
      const projector = start();
      if (await inBatch(20_000)) midBatch += 1;
      await stop(projector);
      kills += 1;
      if (kills > 40) break;
    }
    const appended = await load;
    expect(appended).toBeGreaterThanOrEqual(20_000);
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(midBatch).toBeGreaterThanOrEqual(10);

    const reader = new ProgressReader(store.executor, schema);
    const last = start();
    await caughtUp(reader, store);
    await stop(last);
    const incremental = await dumpReadModels(store.executor, schema, READ_MODEL_PROJECTIONS);

    const deps = { store, db: store.executor, schema, generations: new Generations(store.executor, schema), leases: new AdvisoryLockLeases(url) };
    for (const projection of READ_MODEL_PROJECTIONS) await rebuildProjection(projection, deps, 5_000);
    await deps.leases.close();
    const rebuilt = await dumpReadModels(store.executor, schema, READ_MODEL_PROJECTIONS);
    expect(Object.values(rebuilt).reduce((sum, rows) => sum + rows.length, 0)).toBeGreaterThan(1_000);
    expect(incremental).toEqual(rebuilt);
  });

  it('two projectors: one holds every lease and applies; killing it hands over to the other', async () => {
    await appendWorkload(store, syntheticWorkload({ orders: 50, seed: 7 }), { concurrency: 2 });
    const first = start();
    const reader = new ProgressReader(store.executor, schema);
    await caughtUp(reader, store);
    const second = start();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the second has tried (and failed) to take the leases
    expect(await leaseHolders()).toEqual([`promo-ledger-projector-lease:${first.pid}`]);

    await stop(first);
    const handedOver = Date.now();
    let holders: string[] = [];
    while (Date.now() - handedOver < 10_000) {
      holders = await leaseHolders();
      // the killed holder's backend may linger for a moment before PostgreSQL reaps it
      if (holders.length > 0 && !holders.includes(`promo-ledger-projector-lease:${first.pid}`)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(holders).toEqual([`promo-ledger-projector-lease:${second.pid}`]);
    await appendWorkload(store, syntheticWorkload({ orders: 20, seed: 8, idPrefix: 'after-handover' }), { concurrency: 2 });
    await caughtUp(reader, store);
  });
});
