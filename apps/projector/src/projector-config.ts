import { loadStorageConfig } from '../../ledger-api/src/config/ledger-config';
import type { StorageConfig } from '../../ledger-api/src/store/open-event-store';

export interface ProjectorConfig extends StorageConfig {
  readonly databaseUrl: string;
  readonly batchSize: number;
  /** Only these projections (PROJECTOR_PROJECTIONS=a,b); all when unset. */
  readonly only: readonly string[] | null;
  readonly logLevel: string;
}

/**
 * The projector reads the same variables as ledger-api: DATABASE_URL (read models, checkpoints,
 * leases — and the events, unless EVENTSTORE_URL puts them in EventStoreDB). Embedded PGlite
 * belongs to the one ledger-api process that opened it, so the projector needs PostgreSQL.
 */
export function loadProjectorConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required: the projector keeps read models, checkpoints and leases in PostgreSQL (embedded mode runs projections inside ledger-api)');
  const batchSize = Number(env.PROJECTOR_BATCH_SIZE ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new Error(`PROJECTOR_BATCH_SIZE must be an integer from 1 to 100000, got "${env.PROJECTOR_BATCH_SIZE}"`);
  return {
    ...loadStorageConfig(env),
    databaseUrl,
    batchSize,
    only: env.PROJECTOR_PROJECTIONS ? env.PROJECTOR_PROJECTIONS.split(',').map((name) => name.trim()) : null,
    logLevel: env.LOG_LEVEL || 'info',
  };
}
