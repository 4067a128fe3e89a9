import type { EventStore, SqlExecutor } from '@promo-ledger/event-store';
import {
  AdvisoryLockLeases, Generations, InProcessLeases, type LeaseProvider, type Projection, READ_MODEL_PROJECTIONS, ReadModelSchema, REBUILD_BATCH_SIZE, rebuildProjection, type RebuildResult,
} from '@promo-ledger/projections';
import { openEventStore } from '../../../ledger-api/src/store/open-event-store';
import { sqlDatabaseFor } from '../../../ledger-api/src/store/sql-database';
import type { CommandOutput } from './terms-check.command';
import { ledgerStorage } from './ledger-storage';
import { CliInputError } from './read-json';

function chosen(name: string): readonly Projection[] {
  if (name === 'all') return READ_MODEL_PROJECTIONS;
  const projection = READ_MODEL_PROJECTIONS.find((candidate) => candidate.name === name);
  if (!projection) throw new CliInputError(`unknown projection "${name}"; choose one of: ${READ_MODEL_PROJECTIONS.map((candidate) => candidate.name).join(', ')}, or all`);
  return [projection];
}

/**
 * `ledger rebuild <projection|all>`: builds each into fresh tables from the whole log while the
 * current ones keep serving, then swaps them in atomically. With PostgreSQL the ledger may keep
 * running (its runner follows the swap); embedded PGlite belongs to one process — stop the ledger first.
 */
export async function rebuild(name: string, env: NodeJS.ProcessEnv = process.env, progress: (line: string) => void = () => undefined): Promise<CommandOutput> {
  const projections = chosen(name);
  const storage = await ledgerStorage(env, 'rebuild');
  const store: EventStore = await openEventStore(storage);
  const db: SqlExecutor = sqlDatabaseFor(storage, store);
  const leases: LeaseProvider = storage.databaseUrl ? new AdvisoryLockLeases(storage.databaseUrl, 'promo-ledger-rebuild') : new InProcessLeases();
  const schema = new ReadModelSchema();
  const deps = { store, db, schema, generations: new Generations(db, schema), leases };
  const results: RebuildResult[] = [];
  try {
    for (const projection of projections) {
      let reported = 0;
      results.push(
        await rebuildProjection(projection, deps, REBUILD_BATCH_SIZE, (step) => {
          if (step.events - reported >= 50_000) {
            reported = step.events;
            progress(`  ${step.projection}: ${step.events} events…`);
          }
        }),
      );
    }
  } finally {
    await leases.close();
    await store.close();
    if (storage.mode === 'eventstoredb') await db.close();
  }
  return {
    exitCode: 0,
    lines: results.map(
      (result) =>
        `${result.projection}: rebuilt from ${result.events} events in ${result.seconds.toFixed(1)} s (${Math.round(result.events / Math.max(result.seconds, 0.001))} events/s); generation ${result.generation} now serves, ${result.previousGeneration} dropped`,
    ),
  };
}
