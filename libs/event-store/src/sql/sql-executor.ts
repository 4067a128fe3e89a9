/**
 * The seam between the one SQL event store and its two drivers (PGlite in-process, `pg` over the
 * network). It is deliberately tiny — queries, transactions, notifications — so the SQL, the locking
 * and the ordering proof live once, in sql-event-store.ts and its helpers, and both adapters run it.
 */

/** Parameters are sent as text and cast in SQL ($1::bigint, $2::xid8), so both drivers agree. */
export type SqlParam = string | number | boolean | bigint | null;

export interface QueryOptions {
  /**
   * Parse and plan the statement once per connection and reuse the plan (a named prepared
   * statement). For the hot statements only: their text must be fixed (no values spliced in) and
   * the tables they read must never change shape while the process runs. An executor without
   * prepared statements (PGlite) ignores it.
   */
  readonly prepared?: boolean;
}

export interface SqlQueryable {
  query<Row extends object>(sql: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<Row[]>;
  /**
   * The rows, each turned into a T by `mapRow` in result order. Over the network each row is mapped
   * as it arrives, while the rest is still on its way, so a large result's raw rows never pile up
   * in memory next to what they become (reading the log in 20,000-event pages, that was a fifth of
   * the young-generation GC). A `mapRow` that throws fails the query with its error.
   */
  queryMapped<Row extends object, T>(sql: string, params: readonly SqlParam[], mapRow: (row: Row) => T, options?: QueryOptions): Promise<T[]>;
}

export interface NotificationListener {
  /** Called for every NOTIFY on the channel. */
  readonly onNotify: () => void;
  /** Called once when the listening connection is lost; the caller may listen again later. */
  readonly onLost: () => void;
}

export interface SqlExecutor extends SqlQueryable {
  /** Human-readable driver name, shown as the store's name ("pglite", "postgres"). */
  readonly kind: string;
  /**
   * True when the executor runs one transaction at a time (PGlite's single connection behind one
   * queue): no two writers can ever overlap, so per-stream locks would only cost a statement.
   */
  readonly serialisesTransactions: boolean;
  /** Runs `work` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; resolves to the function that stops listening. */
  listen(channel: string, listener: NotificationListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Turns a parameter into the text form both drivers send, so bigints never lose precision. */
export function toDriverParam(value: SqlParam): string | number | boolean | null {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Double-quotes an identifier; schema names are validated first, this is the second fence. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
