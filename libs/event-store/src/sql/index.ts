export { SqlEventStore, type SqlEventStoreOptions } from './sql-event-store';
export { openPgliteEventStore, type PgliteEventStoreOptions } from './pglite-event-store';
export { openPostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';
export { PgliteExecutor } from './pglite-executor';
export { PostgresExecutor, type PostgresExecutorOptions } from './postgres-executor';
export type { SqlExecutor, SqlQueryable, SqlParam, NotificationListener } from './sql-executor';
export { quoteIdentifier } from './sql-executor';
export { isConnectionError } from './connection-errors';
