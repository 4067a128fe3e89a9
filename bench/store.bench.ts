import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EsdbEventStore, openPgliteEventStore, openPostgresEventStore, type EventStore } from '../libs/event-store/src';
import { type Limits, type Measurement, benchRegistry, measureAppends, measureCatchUp, measureReadAll } from './store-scenarios';

/**
 * `npm run bench:store`: events/s for each SQL adapter available here (pglite always, postgres when
 * DATABASE_URL is set), bounded in events and seconds per scenario. Loopback only; nothing asserts a time.
 * Tunables: BENCH_EVENTS (default 2000), BENCH_MAX_SECONDS (default 10).
 */
const limits: Limits = {
  events: Number(process.env.BENCH_EVENTS ?? 2_000),
  maxSeconds: Number(process.env.BENCH_MAX_SECONDS ?? 10),
};

interface Adapter {
  readonly name: string;
  readonly open: () => Promise<{ store: EventStore; cleanUp: () => Promise<void> }>;
}

const adapters: Adapter[] = [
  {
    name: 'pglite (temp data dir)',
    open: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'promo-ledger-bench-'));
      const store = await openPgliteEventStore({ registry: benchRegistry, dataDir });
      return { store, cleanUp: () => rm(dataDir, { recursive: true, force: true }) };
    },
  },
];

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  adapters.push({
    name: 'postgres (DATABASE_URL)',
    open: async () => {
      const schema = `bench_${Date.now()}`;
      const store = await openPostgresEventStore({ registry: benchRegistry, schema, connectionString: databaseUrl, maxConnections: 20, applicationName: 'promo-ledger-bench' });
      return {
        store,
        cleanUp: async () => {
          const admin = new Client({ connectionString: databaseUrl });
          await admin.connect();
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await admin.end();
        },
      };
    },
  });
}

// The EventStoreDB emulator is a test fixture: its speed says nothing about EventStoreDB, so only a
// real server (EVENTSTORE_URL) is measured.
const eventStoreUrl = process.env.EVENTSTORE_URL;
if (eventStoreUrl) {
  adapters.push({
    name: 'esdb (EVENTSTORE_URL)',
    open: async () => ({ store: await EsdbEventStore.connect(eventStoreUrl, { registry: benchRegistry }), cleanUp: () => Promise.resolve() }),
  });
}

async function benchAdapter(adapter: Adapter): Promise<Measurement[]> {
  const { store, cleanUp } = await adapter.open();
  try {
    const results: Measurement[] = [];
    for (const [writers, batch] of [[1, 1], [16, 1], [1, 100], [16, 100]] as const) {
      const events = batch === 1 ? limits.events : limits.events * 10;
      results.push(await measureAppends(store, writers, batch, { ...limits, events }));
    }
    results.push(await measureReadAll(store, 1_000));
    results.push(await measureCatchUp(store));
    return results;
  } finally {
    await store.close();
    await cleanUp();
  }
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: readonly string[]): string => `| ${row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((width, column) => (column < 2 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const cpu = cpus();
  process.stdout.write(
    `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}/${process.arch}\n` +
      `settings: BENCH_EVENTS=${limits.events} (×10 for batched appends), BENCH_MAX_SECONDS=${limits.maxSeconds}, ~250-byte events, postgres pool 20\n\n`,
  );
  const rows: string[][] = [['adapter', 'scenario', 'events', 'seconds', 'events/s']];
  for (const adapter of adapters) {
    for (const result of await benchAdapter(adapter)) {
      rows.push([adapter.name, result.scenario, String(result.events), result.seconds.toFixed(2), Math.round(result.events / result.seconds).toLocaleString('en-US')]);
    }
  }
  process.stdout.write(`${table(rows)}\n`);
  if (!databaseUrl) process.stdout.write('\npostgres skipped: set DATABASE_URL to include it.\n');
  if (!eventStoreUrl) process.stdout.write('esdb skipped: set EVENTSTORE_URL to a real EventStoreDB to include it.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
