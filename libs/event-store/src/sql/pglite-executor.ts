import { PGlite, type Transaction } from '@electric-sql/pglite';
import { StoreUnavailableError } from '../port/errors';
import { mapConnectionError } from './connection-errors';
import { type NotificationListener, type SqlExecutor, type SqlParam, type SqlQueryable, toDriverParam } from './sql-executor';

/**
 * PGlite is PostgreSQL compiled to wasm with exactly one connection. Every query and transaction goes
 * through one promise queue so a transaction never interleaves with another caller's statements,
 * and close() waits for the work in flight. A closed executor answers StoreUnavailableError until
 * reopen(), which is how a process restart is simulated without losing the objects that hold it.
 */
export class PgliteExecutor implements SqlExecutor {
  readonly kind = 'pglite';
  readonly serialisesTransactions = true;
  private db: PGlite | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<NotificationListener>();

  private constructor(
    /** A directory for durable data, or undefined for an in-memory database. */
    readonly dataDir: string | undefined,
  ) {}

  static async open(dataDir?: string): Promise<PgliteExecutor> {
    const executor = new PgliteExecutor(dataDir);
    await executor.reopen();
    return executor;
  }

  /** Opens the database again after close(); with a data dir, everything committed is still there. */
  async reopen(): Promise<void> {
    if (this.db) return;
    this.db = await PGlite.create(this.dataDir);
  }

  /** PGlite runs in this process: no round trip to save, so QueryOptions.prepared is ignored. */
  query<Row extends object>(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
    return this.serialized((db) => rowsOf<Row>(db, sql, params));
  }

  /** PGlite hands over a result whole: the rows are mapped once it is complete. */
  queryMapped<Row extends object, T>(sql: string, params: readonly SqlParam[], mapRow: (row: Row) => T): Promise<T[]> {
    return this.serialized(async (db) => (await rowsOf<Row>(db, sql, params)).map((row) => mapRow(row)));
  }

  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.serialized((db) =>
      db.transaction((tx) =>
        work({
          query: <Row extends object>(sql: string, params: readonly SqlParam[] = []) => rowsOf<Row>(tx, sql, params),
          queryMapped: async <Row extends object, M>(sql: string, params: readonly SqlParam[], mapRow: (row: Row) => M) => (await rowsOf<Row>(tx, sql, params)).map((row) => mapRow(row)),
        }),
      ),
    );
  }

  async listen(channel: string, listener: NotificationListener): Promise<() => Promise<void>> {
    const unlisten = await this.serialized((db) => db.listen(channel, () => listener.onNotify()));
    this.listeners.add(listener);
    return async () => {
      if (!this.listeners.delete(listener)) return; // already dropped by close()
      await this.serialized(() => unlisten()).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    const db = this.db;
    if (!db) return;
    this.db = null; // new work fails fast from here on; work already queued still runs on `db`
    await this.queue.catch(() => undefined);
    const lost = [...this.listeners];
    this.listeners.clear();
    await db.close();
    for (const listener of lost) listener.onLost();
  }

  private serialized<T>(work: (db: PGlite) => Promise<T>): Promise<T> {
    const db = this.db;
    if (!db) return Promise.reject(new StoreUnavailableError('pglite is closed'));
    const run = this.queue.then(() => work(db));
    this.queue = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      throw mapConnectionError(error, 'pglite');
    });
  }
}

/** One statement on the database or inside a transaction, its parameters as the driver takes them. */
async function rowsOf<Row extends object>(db: PGlite | Transaction, sql: string, params: readonly SqlParam[]): Promise<Row[]> {
  return (await db.query<Row>(sql, params.map(toDriverParam))).rows;
}
