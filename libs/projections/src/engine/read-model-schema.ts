import { quoteIdentifier, type SqlQueryable } from '@promo-ledger/event-store';
import type { Projection, TableNames } from './projection';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * Where read models live: one PostgreSQL schema (default `read_models`) holding, per projection and
 * generation, the tables `<table>__g<N>`; a view `<table>` over the active generation (what queries
 * read); and the engine's own bookkeeping (`projection_state`, `projection_generations`).
 */
export class ReadModelSchema {
  readonly state: string;
  readonly generations: string;

  constructor(readonly schema = 'read_models') {
    if (!IDENTIFIER.test(schema)) throw new RangeError(`read-model schema "${schema}" must be a lower-case SQL identifier`);
    this.state = this.qualified('projection_state');
    this.generations = this.qualified('projection_generations');
  }

  /** The view queries read: always the active generation. */
  view(table: string): string {
    return this.qualified(checked(table));
  }

  physical(table: string, generation: number): string {
    return this.qualified(`${checked(table)}__g${generation}`);
  }

  tablesOf(projection: Projection, generation: number): TableNames {
    const owned = new Set(projection.tables.map((table) => table.name));
    return (name) => {
      if (!owned.has(name)) throw new RangeError(`projection ${projection.name} has no table "${name}"`);
      return this.physical(name, generation);
    };
  }

  async ensure(db: SqlQueryable): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await db.query(`CREATE TABLE IF NOT EXISTS ${this.state} (
      projection        text PRIMARY KEY,
      active_generation integer NOT NULL
    )`);
    // checkpoint: the position of the last event applied ("<commit>/<prepare>" split in two numerics so it sorts)
    await db.query(`CREATE TABLE IF NOT EXISTS ${this.generations} (
      projection         text NOT NULL,
      generation         integer NOT NULL,
      version            integer NOT NULL,
      status             text NOT NULL,
      checkpoint_commit  numeric(20) NOT NULL DEFAULT 0,
      checkpoint_prepare numeric(20) NOT NULL DEFAULT 0,
      events_applied     bigint NOT NULL DEFAULT 0,
      last_event_at      timestamptz,
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (projection, generation)
    )`);
  }

  /** Creates one generation's tables (dropping leftovers of an interrupted rebuild of the same number). */
  async createTables(db: SqlQueryable, projection: Projection, generation: number): Promise<void> {
    for (const table of projection.tables) {
      const physical = this.physical(table.name, generation);
      await db.query(`DROP TABLE IF EXISTS ${physical} CASCADE`);
      await db.query(`CREATE TABLE ${physical} (${table.columns})`);
      for (const [index, columns] of (table.indexes ?? []).entries()) {
        await db.query(`CREATE INDEX ${quoteIdentifier(`${table.name}__g${generation}_i${index}`)} ON ${physical} (${columns})`);
      }
    }
  }

  /** Points the plain-named views at a generation; in the caller's transaction, so the swap is atomic. */
  async pointViews(db: SqlQueryable, projection: Projection, generation: number): Promise<void> {
    for (const table of projection.tables) {
      await db.query(`DROP VIEW IF EXISTS ${this.view(table.name)}`);
      await db.query(`CREATE VIEW ${this.view(table.name)} AS SELECT * FROM ${this.physical(table.name, generation)}`);
    }
  }

  async dropTables(db: SqlQueryable, projection: Projection, generation: number): Promise<void> {
    for (const table of projection.tables) await db.query(`DROP TABLE IF EXISTS ${this.physical(table.name, generation)} CASCADE`);
  }

  private qualified(name: string): string {
    return `${quoteIdentifier(this.schema)}.${quoteIdentifier(name)}`;
  }
}

function checked(name: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`read-model table "${name}" must be a lower-case SQL identifier`);
  return name;
}
