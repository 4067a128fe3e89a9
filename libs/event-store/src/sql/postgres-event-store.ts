import { PostgresExecutor, type PostgresExecutorOptions } from './postgres-executor';
import { SqlEventStore, type SqlEventStoreOptions } from './sql-event-store';

export interface PostgresEventStoreOptions extends SqlEventStoreOptions, PostgresExecutorOptions {}

/** PostgreSQL through a `pg` pool; migrates the schema on open and fails with StoreUnavailableError if unreachable. */
export async function openPostgresEventStore(options: PostgresEventStoreOptions): Promise<SqlEventStore> {
  const executor = new PostgresExecutor(options);
  try {
    return await SqlEventStore.open(executor, options);
  } catch (error) {
    await executor.close();
    throw error;
  }
}
