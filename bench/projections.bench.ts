import './projections-aliases';
import { cpus, totalmem } from 'node:os';
import { openPgliteEventStore, openPostgresEventStore, type SqlEventStore } from '../libs/event-store/src';
import { type Projection, READ_MODEL_PROJECTIONS, REBUILD_BATCH_SIZE } from '../libs/projections/src';
import { measureSteadyStateLag, type LagFigures } from './projections-lag';
import { fillLog, measureCliRebuilds, measureRebuilds, type RebuildReport } from './projections-rebuild';
import { freshDatabase, ledgerEventTypes, npmScriptNodeArgs, rate, table } from './projections-support';

/**
 * `npm run bench:projections`: how fast the read models are built and how far they trail a live ledger.
 *  1. PostgreSQL (DATABASE_URL; a fresh database, dropped after): append BENCH_PROJECTION_EVENTS
 *     (1,000,000) synthetic ledger events — the checkout mix of syntheticWorkload, through the store,
 *     BENCH_APPEND_CONCURRENCY (8) appends at a time — VACUUM ANALYZE the log (as autovacuum soon
 *     would), then rebuild every read model from the start with the real command, `ledger rebuild
 *     <name>` (its node options from package.json, REBUILD_BATCH_SIZE): every read model in turn,
 *     BENCH_REBUILD_ROUNDS (3) rounds of them (this machine's speed drifts by a quarter within
 *     minutes, so one run says little; the median and the range are printed), then all at once.
 *  2. The same on in-memory PGlite with BENCH_PGLITE_EVENTS (100,000), in this process (rebuildInto,
 *     batches of BENCH_BATCH = REBUILD_BATCH_SIZE): an in-memory database belongs to one process.
 *  3. ledger-api on the PostgreSQL database of step 1, projections in-process (the default), under
 *     the checkout flow at BENCH_CONCURRENCY (32) for BENCH_SECONDS (20): each projection's lag
 *     sampled every 250 ms.
 * Prints markdown tables; nothing asserts a time. Figures go to docs/BENCHMARKS.md by hand.
 */
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const settings = {
  postgresEvents: env('BENCH_PROJECTION_EVENTS', 1_000_000),
  pgliteEvents: env('BENCH_PGLITE_EVENTS', 100_000),
  batch: env('BENCH_BATCH', REBUILD_BATCH_SIZE),
  appendConcurrency: env('BENCH_APPEND_CONCURRENCY', 8),
  concurrency: env('BENCH_CONCURRENCY', 32),
  seconds: env('BENCH_SECONDS', 20),
  seed: env('BENCH_SEED', 1),
  rebuildRounds: Math.max(1, env('BENCH_REBUILD_ROUNDS', 3)),
};
const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function buildAndRebuild(
  store: SqlEventStore,
  label: string,
  events: number,
  projections: readonly Projection[],
  rebuildAll: () => Promise<RebuildReport>,
): Promise<{ appendRow: string[]; rebuild: RebuildReport }> {
  log(`${label}: appending ~${events.toLocaleString('en-US')} events`);
  const appended = await fillLog(store, events, settings.appendConcurrency, settings.seed, log);
  log(`${label}: ${appended.events} events in ${appended.seconds.toFixed(1)} s; rebuilding ${projections.length} read models`);
  const rebuild = await rebuildAll();
  const appendRow = [label, appended.events.toLocaleString('en-US'), appended.appends.toLocaleString('en-US'), (appended.events / Math.max(1, appended.appends)).toFixed(1), appended.seconds.toFixed(1), rate(appended.events, appended.seconds)];
  return { appendRow, rebuild };
}

/** The median of an odd count; of an even count, the slower of the two middle runs. */
const medianSeconds = (seconds: readonly number[]): number => [...seconds].sort((left, right) => left - right)[Math.floor(seconds.length / 2)] ?? 0;

/** Each read model's median run over the rounds, with the slowest and fastest rate beside it. */
function rebuildRows(label: string, { rounds, concurrent }: RebuildReport): string[][] {
  const events = rounds[0]?.[0]?.events ?? 0;
  const rangeOf = (runs: readonly { events: number; seconds: number }[]): string =>
    `${rate(runs[0].events, Math.max(...runs.map((run) => run.seconds)))} – ${rate(runs[0].events, Math.min(...runs.map((run) => run.seconds)))}`;
  const projections = (rounds[0] ?? []).map((first, index) => {
    const runs = rounds.map((round) => round[index]);
    const seconds = medianSeconds(runs.map((run) => run.seconds));
    return [label, first.projection, first.events.toLocaleString('en-US'), String(runs.length), seconds.toFixed(1), rate(first.events, seconds), rangeOf(runs), ''];
  });
  const roundTotals = rounds.map((round) => ({ events, seconds: round.reduce((sum, entry) => sum + entry.seconds, 0) }));
  const oneAfterAnother = medianSeconds(roundTotals.map((round) => round.seconds));
  const count = rounds[0]?.length ?? 0;
  return [
    ...projections,
    [label, `all ${count}, one after another`, events.toLocaleString('en-US'), String(rounds.length), oneAfterAnother.toFixed(1), rate(events, oneAfterAnother), rangeOf(roundTotals), rate(events * count, oneAfterAnother)],
    [label, `all ${concurrent.projections} at once`, concurrent.events.toLocaleString('en-US'), '1', concurrent.seconds.toFixed(1), rate(concurrent.events, concurrent.seconds), '', rate(concurrent.events * concurrent.projections, concurrent.seconds)],
  ];
}

const seconds = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '—');
const lagCells = (figures: LagFigures | undefined): string[] => (figures ? [seconds(figures.p50), seconds(figures.p99), seconds(figures.max)] : ['—', '—', '—']);

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('set DATABASE_URL (postgres://…): the benchmark runs against PostgreSQL');
  const projections = READ_MODEL_PROJECTIONS;
  const database = await freshDatabase(adminUrl, 'ledger_bench_projections');
  try {
    const postgres = await openPostgresEventStore({ registry: ledgerEventTypes(), connectionString: database.url, maxConnections: Math.max(16, settings.appendConcurrency * 2), applicationName: 'bench-projections' });
    const onPostgres = await buildAndRebuild(postgres, 'postgres', settings.postgresEvents, projections, async () => {
      await postgres.executor.query('VACUUM ANALYZE events');
      return measureCliRebuilds(database.url, projections, settings.rebuildRounds, log);
    }).finally(() => postgres.close());

    const pglite = await openPgliteEventStore({ registry: ledgerEventTypes() });
    const onPglite = await buildAndRebuild(pglite, 'pglite (in-memory)', settings.pgliteEvents, projections, () => measureRebuilds(pglite, projections, settings.batch, settings.rebuildRounds, log)).finally(() =>
      pglite.close(),
    );

    log(`steady state: ledger-api on the ${settings.postgresEvents.toLocaleString('en-US')}-event database, checkout flow at ${settings.concurrency} for ${settings.seconds} s`);
    const lag = await measureSteadyStateLag(database.url, settings.concurrency, settings.seconds);

    const cpu = cpus();
    process.stdout.write(
      `machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}\n` +
        `settings: BENCH_PROJECTION_EVENTS=${settings.postgresEvents}, BENCH_PGLITE_EVENTS=${settings.pgliteEvents}, BENCH_BATCH=${settings.batch}, ` +
        `BENCH_APPEND_CONCURRENCY=${settings.appendConcurrency}, BENCH_CONCURRENCY=${settings.concurrency}, BENCH_SECONDS=${settings.seconds}, BENCH_SEED=${settings.seed}, ` +
        `BENCH_REBUILD_ROUNDS=${settings.rebuildRounds}; ` +
        `read models: ${projections.map((projection) => projection.name).join(', ')}\n\n` +
        `Synthetic log (syntheticWorkload: the real deciders; ${settings.appendConcurrency} appends at a time, coalescing queued appends of one stream)\n\n` +
        `${table(['store', 'events', 'appends', 'events/append', 'seconds', 'events/s'], [onPostgres.appendRow, onPglite.appendRow])}\n\n` +
        `Rebuild from the start of the log: postgres through \`ledger rebuild <name>\` (node ${npmScriptNodeArgs('ledger').join(' ')}, batches of ${REBUILD_BATCH_SIZE}), ` +
        `pglite in this process (rebuildInto, batches of ${settings.batch}); every read model in turn, ${settings.rebuildRounds} rounds: the median run, and the slowest – fastest rate; ` +
        `"applied/s" counts each read model's events\n\n` +
        `${table(['store', 'read model', 'log events', 'runs', 'median s', 'log events/s', 'slowest – fastest', 'applied/s'], [...rebuildRows('postgres', onPostgres.rebuild), ...rebuildRows('pglite', onPglite.rebuild)])}\n\n` +
        `Steady state under checkout load: ${lag.flows} flows (${(lag.flows / lag.seconds).toFixed(1)}/s, ${lag.failures} failed) in ${lag.seconds.toFixed(1)} s; ` +
        `lag = age of the oldest unapplied event, sampled every 250 ms; batch latency = batch checkpoint time (its transaction's start) − newest event's occurredAt; ` +
        `caught up ${seconds(lag.drainSeconds)} s after the load stopped (— = not within 60 s)\n\n` +
        `${table(
          ['read model', 'samples', 'lag p50 s', 'lag p99 s', 'lag max s', 'batches', 'batch latency p50 s', 'p99 s', 'max s'],
          [...lag.sampledLag.keys()].sort().map((name) => [name, String(lag.sampledLag.get(name)?.samples ?? 0), ...lagCells(lag.sampledLag.get(name)), String(lag.batchLatency.get(name)?.samples ?? 0), ...lagCells(lag.batchLatency.get(name))]),
        )}\n`,
    );
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:projections failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
