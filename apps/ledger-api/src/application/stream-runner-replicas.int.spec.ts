import { type EventStore, openPgliteEventStore, openPostgresEventStore } from '@promo-ledger/event-store';
import { type E2eStorage, e2eStores, prepareStorage } from '../../../../test/support/e2e-storage';
import { SystemClock, UuidGenerator } from './clock';
import type { CommandMetadata } from './command-metadata';
import { StreamRunner } from './stream-runner';
import { counter, counterRegistry as registry } from './testing/counter-aggregate';
const metadata: CommandMetadata = { correlationId: 'replicas-spec', causationId: null, actor: null, idempotencyKey: null };

/**
 * DESIGN §3 scales ledger-api out as stateless replicas. Each takes its own turns on a stream, so
 * on a hot one (a campaign's budget, reserved by every checkout) their appends collide; a collision
 * is decided again on the new state. On PostgreSQL each replica here has its own store and pool, as
 * two processes would; PGlite has one process by nature, so its two runners share the store.
 */
describe.each(e2eStores())('StreamRunner replicas on %s', (kind) => {
  let storage: E2eStorage | null = null;
  let stores: EventStore[] = [];

  beforeAll(async () => {
    if (kind === 'pglite') {
      const store = await openPgliteEventStore({ registry: registry() });
      stores = [store, store];
      return;
    }
    storage = await prepareStorage('postgres');
    const connectionString = storage.env.DATABASE_URL;
    const first = await openPostgresEventStore({ registry: registry(), connectionString });
    stores = [first, await openPostgresEventStore({ registry: registry(), connectionString })];
  }, 30_000);
  afterAll(async () => {
    for (const store of new Set(stores)) await store.close();
    await storage?.dispose();
  });

  it('two replicas writing one hot stream: every command is accepted exactly once', async () => {
    const replicas = stores.map((store) => new StreamRunner(store, new SystemClock(), new UuidGenerator()));
    const commands: Promise<unknown>[] = [];
    for (let index = 0; index < 300; index += 1) {
      for (const replica of replicas) commands.push(replica.run('counter-hot', counter, { by: 1 }, metadata, { context: () => Promise.resolve({}) }));
      // commands keep arriving while turns are under way, as checkouts do
      if (index % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const refused = (await Promise.allSettled(commands)).flatMap((result) => (result.status === 'rejected' ? [(result.reason as { code?: string }).code ?? String(result.reason)] : []));
    expect(refused).toEqual([]);
    const events = await stores[0].readStream('counter-hot');
    expect(events).toHaveLength(600);
    expect(events.reduce((total, event) => total + (event.data as { by: number }).by, 0)).toBe(600);
  }, 60_000);
});
