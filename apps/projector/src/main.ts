import { AdvisoryLockLeases, ProjectionHost, READ_MODEL_PROJECTIONS, ReadModelSchema } from '@promo-ledger/projections';
import { pino } from 'pino';
import { openEventStore } from '../../ledger-api/src/store/open-event-store';
import { sqlDatabaseFor } from '../../ledger-api/src/store/sql-database';
import { loadProjectorConfig } from './projector-config';

/**
 * apps/projector: keeps the read models up to date outside the API (production / scale-out). Run
 * several: each projection is applied by whichever instance holds its lease; the others stand by
 * and take over when it dies. Start ledger-api with LEDGER_PROJECTIONS=off to leave the work here.
 */
async function main(): Promise<void> {
  const config = loadProjectorConfig();
  const log = pino({ level: config.logLevel, base: { app: 'projector', pid: process.pid } });
  const projections = config.only ? READ_MODEL_PROJECTIONS.filter((projection) => config.only?.includes(projection.name)) : READ_MODEL_PROJECTIONS;
  if (config.only && projections.length !== config.only.length) {
    throw new Error(`PROJECTOR_PROJECTIONS names an unknown projection; known: ${READ_MODEL_PROJECTIONS.map((projection) => projection.name).join(', ')}`);
  }
  const store = await openEventStore(config);
  const db = sqlDatabaseFor(config, store);
  const host = new ProjectionHost({
    store,
    db,
    schema: new ReadModelSchema(),
    leases: new AdvisoryLockLeases(config.databaseUrl, `promo-ledger-projector-lease:${process.pid}`),
    projections,
    tuning: { batchSize: config.batchSize },
    onError: (projection, error) => log.warn({ projection, err: error }, 'batch failed; retrying'),
  });
  await host.start();
  log.info({ projections: projections.map((projection) => projection.name), mode: config.mode }, 'projector started');
  const report = setInterval(() => log.info({ runners: host.status() }, 'status'), 10_000);
  report.unref();

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    clearInterval(report);
    void host
      .stop()
      .then(() => store.close())
      .then(() => (store.name === 'postgres' ? undefined : db.close()))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`projector failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
