import { PgliteExecutor } from './pglite-executor';
import { SqlEventStore, type SqlEventStoreOptions } from './sql-event-store';

export interface PgliteEventStoreOptions extends SqlEventStoreOptions {
  /** Where the database lives (LEDGER_DATA_DIR); omit for an in-memory store that dies with the process. */
  readonly dataDir?: string;
}

/** The embedded default: PostgreSQL in-process, same schema and SQL as the postgres adapter. */
export async function openPgliteEventStore(options: PgliteEventStoreOptions): Promise<SqlEventStore> {
  const executor = await PgliteExecutor.open(options.dataDir);
  try {
    return await SqlEventStore.open(executor, options);
  } catch (error) {
    await executor.close();
    throw error;
  }
}
