import { type SqlExecutor, quoteIdentifier } from './sql-executor';

/** Fully qualified names for one store's tables; every adapter instance lives in one schema. */
export interface SqlTables {
  readonly schema: string;
  readonly events: string;
  readonly streams: string;
  readonly migrations: string;
  /** NOTIFY channel woken on every append, per schema so isolated stores do not wake each other. */
  readonly channel: string;
}

export function tablesFor(schema: string): SqlTables {
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(schema)) {
    throw new RangeError(`schema "${schema}" must be a lower-case SQL identifier (letters, digits, _)`);
  }
  const qualified = (table: string): string => `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
  return {
    schema,
    events: qualified('events'),
    streams: qualified('streams'),
    migrations: qualified('schema_migrations'),
    channel: `${schema}_events_appended`,
  };
}

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: (tables: SqlTables) => string;
}

/**
 * Append-only list: a released migration is never edited, a change is a new version.
 * `data` and `metadata` are `json`, not `jsonb`, so the stored text is exactly what was appended
 * (jsonb would reorder keys); the hash chain uses canonical JSON and does not care either way.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events and streams',
    sql: (t) => `
      CREATE TABLE ${t.streams} (
        stream_id       text PRIMARY KEY,
        revision        bigint NOT NULL DEFAULT -1,   -- last revision written, -1 before the first
        truncate_before bigint NOT NULL DEFAULT 0,    -- soft delete: revisions below are hidden
        last_hash       text NOT NULL DEFAULT '',     -- the chain continues across soft deletes
        metadata        json NOT NULL DEFAULT '{}'
      );
      CREATE TABLE ${t.events} (
        global_position bigserial PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text NOT NULL,
        revision        bigint NOT NULL,
        type            text NOT NULL,
        schema_version  integer NOT NULL,
        data            json NOT NULL,
        metadata        json NOT NULL,
        prev_hash       text NOT NULL,
        hash            text NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE INDEX ON ${t.events} (transaction_id, global_position);`,
  },
];

/** Brings the schema to the latest version; concurrent starters serialize on an advisory lock. */
export async function migrate(executor: SqlExecutor, tables: SqlTables): Promise<void> {
  await executor.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`promo-ledger:migrate:${tables.schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(tables.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${tables.migrations} (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const [{ current }] = await tx.query<{ current: number }>(`SELECT coalesce(max(version), 0)::int AS current FROM ${tables.migrations}`);
    for (const migration of MIGRATIONS.filter((candidate) => candidate.version > current)) {
      for (const statement of migration.sql(tables).split(';').filter((text) => text.trim() !== '')) {
        await tx.query(statement);
      }
      await tx.query(`INSERT INTO ${tables.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
    }
  });
}
