import { PostgresExecutor, SqlEventStore, type EventStore, type SqlExecutor } from '@promo-ledger/event-store';
import type { LedgerConfig } from '../config/ledger-config';

/**
 * The SQL database for the ledger's own tables (idempotency records, later read models): the same
 * database as the events in embedded and postgres modes, PostgreSQL via DATABASE_URL when events
 * live in EventStoreDB.
 */
export const SQL_DATABASE = Symbol('SQL_DATABASE');

export function sqlDatabaseFor(config: Pick<LedgerConfig, 'databaseUrl'>, store: EventStore): SqlExecutor {
  if (store instanceof SqlEventStore) return store.executor;
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required for the ledger tables when events live in EventStoreDB');
  return new PostgresExecutor({ connectionString: config.databaseUrl, applicationName: 'promo-ledger-tables' });
}
