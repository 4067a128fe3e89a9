import { createHash } from 'node:crypto';
import { Client, Pool, type PoolClient, type PoolConfig, Query, type QueryConfig } from 'pg';
import { StoreUnavailableError } from '../port/errors';
import { isConnectionError, mapConnectionError } from './connection-errors';
import { type NotificationListener, type QueryOptions, type SqlExecutor, type SqlParam, type SqlQueryable, quoteIdentifier, toDriverParam } from './sql-executor';

export interface PostgresExecutorOptions {
  readonly connectionString: string;
  /** Pool size; writers beyond it queue in the pool. */
  readonly maxConnections?: number;
  /** Shown in pg_stat_activity; also how tests find (and terminate) this pool's backends. */
  readonly applicationName?: string;
}

/**
 * Planner settings for the ledger's sessions, sent when each connection opens; an `options`
 * parameter in the connection string replaces them. PostgreSQL's default random_page_cost (4)
 * models spinning disks: with it, a prepared statement planned while a table is small (a new
 * database, the first minute after start-up) settles on a generic plan that scans the whole table,
 * and keeps it as the table grows until the next ANALYZE. Under bench:checkout on a new database
 * 17 % of the appends read every stream and the idempotency completions every record that way,
 * about a quarter of PostgreSQL's CPU (docs/BENCHMARKS.md, 2026-12-06). 1.1, the value
 * PostgreSQL's documentation suggests for solid-state storage, prices an index lookup as what it is
 * on a database held in memory or on SSD, and these plans use the index at any size.
 */
export const SESSION_PLANNER_OPTIONS = '-c random_page_cost=1.1';

/**
 * `pg` Pool for queries and transactions, plus one dedicated Client per LISTEN (a pooled connection
 * cannot hold a LISTEN: it goes back to the pool). Terminated connections surface as
 * StoreUnavailableError and are discarded, never returned to the pool.
 */
export class PostgresExecutor implements SqlExecutor {
  readonly kind = 'postgres';
  readonly serialisesTransactions = false;
  private readonly pool: Pool;
  private readonly config: PoolConfig;
  private closed = false;
  private readonly statementNames = new Map<string, string>();

  constructor(options: PostgresExecutorOptions) {
    this.config = {
      connectionString: options.connectionString,
      options: SESSION_PLANNER_OPTIONS,
      application_name: options.applicationName ?? 'promo-ledger',
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 10_000,
    };
    this.pool = new Pool(this.config);
    // An idle client whose backend was terminated emits 'error' on the pool; without a handler
    // node would crash the process. The pool has already discarded the client: nothing to do.
    this.pool.on('error', () => undefined);
  }

  async query<Row extends object>(sql: string, params: readonly SqlParam[] = [], options?: QueryOptions): Promise<Row[]> {
    this.assertOpen();
    try {
      return (await this.pool.query<Row>(this.statement(sql, params, options))).rows;
    } catch (error) {
      throw mapConnectionError(error, 'postgres');
    }
  }

  async queryMapped<Row extends object, T>(sql: string, params: readonly SqlParam[], mapRow: (row: Row) => T, options?: QueryOptions): Promise<T[]> {
    // a pooled query cannot stream its rows: the connection is checked out for this one statement
    return this.withConnection((client) => this.streamRows(client, sql, params, mapRow, options));
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.withConnection(async (client, markBroken) => {
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row extends object>(sql: string, params: readonly SqlParam[] = [], options?: QueryOptions) =>
            (await client.query<Row>(this.statement(sql, params, options))).rows,
          queryMapped: <Row extends object, M>(sql: string, params: readonly SqlParam[], mapRow: (row: Row) => M, options?: QueryOptions) =>
            this.streamRows(client, sql, params, mapRow, options),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (!isConnectionError(error)) await client.query('ROLLBACK').catch(markBroken);
        throw error;
      }
    });
  }

  /**
   * `work` on one checked-out connection. A connection that failed (terminated backend, broken
   * socket, or whatever `work` marks broken, such as a ROLLBACK that could not be sent) is
   * destroyed, never returned to the pool.
   */
  private async withConnection<T>(work: (client: PoolClient, markBroken: () => void) => Promise<T>): Promise<T> {
    this.assertOpen();
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw mapConnectionError(error, 'postgres');
    }
    let broken = false;
    // The pool drops its own error listener while a client is checked out; a backend terminated
    // between two statements of ours would otherwise be an unhandled 'error' event and kill the process.
    const onConnectionError = (): void => {
      broken = true;
    };
    client.on('error', onConnectionError);
    try {
      return await work(client, onConnectionError);
    } catch (error) {
      if (isConnectionError(error)) broken = true;
      throw mapConnectionError(error, 'postgres');
    } finally {
      client.removeListener('error', onConnectionError);
      client.release(broken); // a broken connection is destroyed, not pooled
    }
  }

  async listen(channel: string, listener: NotificationListener): Promise<() => Promise<void>> {
    this.assertOpen();
    const client = new Client(this.config);
    let lost = false;
    const onLost = (): void => {
      if (lost) return;
      lost = true;
      listener.onLost();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', () => listener.onNotify());
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      lost = true; // the caller learns from the rejection, not from onLost
      await client.end().catch(() => undefined);
      throw mapConnectionError(error, 'postgres');
    }
    return async () => {
      lost = true;
      await client.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * One statement whose rows are mapped as they arrive (pg keeps no rows for a Query listened to
   * row by row). A `mapRow` that throws is not let into pg's message handling: the remaining rows
   * are skipped and the statement fails with that error once PostgreSQL has finished answering, so
   * the connection stays in step.
   */
  private streamRows<Row extends object, T>(client: PoolClient, sql: string, params: readonly SqlParam[], mapRow: (row: Row) => T, options: QueryOptions | undefined): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      const mapped: T[] = [];
      let mappingError: Error | null = null;
      const query = new Query(this.statement(sql, params, options));
      query.on('row', (row: Row) => {
        if (mappingError !== null) return;
        try {
          mapped.push(mapRow(row));
        } catch (error) {
          mappingError = error instanceof Error ? error : new Error(String(error));
        }
      });
      query.on('error', reject);
      query.on('end', () => (mappingError === null ? resolve(mapped) : reject(mappingError)));
      client.query(query);
    });
  }

  /** A prepared statement is named after its text, so every connection parses each text once and a name never means two texts. */
  private statement(sql: string, params: readonly SqlParam[], options: QueryOptions | undefined): QueryConfig {
    const values = params.map(toDriverParam);
    if (options?.prepared !== true) return { text: sql, values };
    let name = this.statementNames.get(sql);
    if (name === undefined) {
      name = `pl_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
      this.statementNames.set(sql, name);
    }
    return { name, text: sql, values };
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('postgres executor is closed');
  }
}
