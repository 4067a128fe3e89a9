import { type Position, START_POSITION, type SqlExecutor, type SqlQueryable } from '@promo-ledger/event-store';
import type { Projection } from './projection';
import type { ReadModelSchema } from './read-model-schema';

export interface GenerationState {
  readonly generation: number;
  readonly version: number;
  readonly status: 'active' | 'building' | 'retired';
  readonly checkpoint: Position;
  readonly eventsApplied: number;
  readonly lastEventAt: string | null;
}

/** The batch's fence failed: another instance moved the checkpoint, or a rebuild swapped generations. */
export class FenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FenceError';
  }
}

interface GenerationRow {
  generation: number;
  version: number;
  status: GenerationState['status'];
  checkpoint_commit: string;
  checkpoint_prepare: string;
  events_applied: string | number;
  last_event_at: Date | string | null;
}

const COLUMNS = `g.generation, g.version, g.status, g.checkpoint_commit::text AS checkpoint_commit,
  g.checkpoint_prepare::text AS checkpoint_prepare, g.events_applied, g.last_event_at`;

function toState(row: GenerationRow): GenerationState {
  return {
    generation: Number(row.generation),
    version: Number(row.version),
    status: row.status,
    checkpoint: { commit: BigInt(row.checkpoint_commit), prepare: BigInt(row.checkpoint_prepare) },
    eventsApplied: Number(row.events_applied),
    lastEventAt: row.last_event_at === null ? null : new Date(row.last_event_at).toISOString(),
  };
}

const lockKey = (projection: Projection): string => `promo-ledger:projection-ddl:${projection.name}`;

/** Bookkeeping of a projection's generations: which one serves, where each one stands. */
export class Generations {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: ReadModelSchema,
  ) {}

  /** The serving generation, created (tables, views, bookkeeping) on first use. */
  async ensureActive(projection: Projection): Promise<GenerationState> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey(projection)]);
      await this.schema.ensure(tx);
      const active = await this.active(tx, projection);
      if (active) return active;
      await this.schema.createTables(tx, projection, 1);
      await this.schema.pointViews(tx, projection, 1);
      await tx.query(`INSERT INTO ${this.schema.generations} (projection, generation, version, status) VALUES ($1, 1, $2, 'active')`, [projection.name, projection.version]);
      await tx.query(`INSERT INTO ${this.schema.state} (projection, active_generation) VALUES ($1, 1)`, [projection.name]);
      return { generation: 1, version: projection.version, status: 'active', checkpoint: START_POSITION, eventsApplied: 0, lastEventAt: null };
    });
  }

  async active(db: SqlQueryable, projection: Projection): Promise<GenerationState | null> {
    const [row] = await db.query<GenerationRow>(
      `SELECT ${COLUMNS} FROM ${this.schema.state} p JOIN ${this.schema.generations} g ON g.projection = p.projection AND g.generation = p.active_generation
       WHERE p.projection = $1`,
      [projection.name],
    );
    return row ? toState(row) : null;
  }

  /** Fresh tables under the next generation number, not yet serving. */
  async createBuilding(projection: Projection): Promise<GenerationState> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey(projection)]);
      await this.schema.ensure(tx);
      const [{ next }] = await tx.query<{ next: number }>(
        `SELECT coalesce(max(generation), 0)::int + 1 AS next FROM ${this.schema.generations} WHERE projection = $1`,
        [projection.name],
      );
      await this.schema.createTables(tx, projection, next);
      await tx.query(`INSERT INTO ${this.schema.generations} (projection, generation, version, status) VALUES ($1, $2, $3, 'building')`, [projection.name, next, projection.version]);
      return { generation: next, version: projection.version, status: 'building', checkpoint: START_POSITION, eventsApplied: 0, lastEventAt: null };
    });
  }

  /**
   * The batch's fence, first statement of its transaction: the generation row is locked and must
   * still stand at `expected`; for the serving runner it must also still be the active one (a swap
   * takes the state row FOR UPDATE, so it waits for the batch or the batch waits for it).
   */
  async lockForBatch(tx: SqlQueryable, projection: Projection, generation: number, expected: Position, mustBeActive: boolean): Promise<void> {
    // state row first, generation row second: the same order as swap(), so the two never deadlock
    if (mustBeActive) {
      const [state] = await tx.query<{ active_generation: number }>(`SELECT active_generation FROM ${this.schema.state} WHERE projection = $1 FOR SHARE`, [projection.name], { prepared: true });
      if (!state || Number(state.active_generation) !== generation) throw new FenceError(`${projection.name} now serves generation ${state?.active_generation}`);
    }
    const [row] = await tx.query<GenerationRow>(
      `SELECT ${COLUMNS} FROM ${this.schema.generations} g WHERE g.projection = $1 AND g.generation = $2 FOR UPDATE`,
      [projection.name, generation],
      { prepared: true },
    );
    if (!row) throw new FenceError(`generation ${generation} of ${projection.name} no longer exists`);
    const stored = toState(row).checkpoint;
    if (stored.commit !== expected.commit || stored.prepare !== expected.prepare) {
      throw new FenceError(`${projection.name} g${generation} moved on without this instance`);
    }
  }

  async saveCheckpoint(tx: SqlQueryable, projection: Projection, generation: number, checkpoint: Position, applied: number, lastEventAt: string | null): Promise<void> {
    await tx.query(
      `UPDATE ${this.schema.generations} SET checkpoint_commit = $3::numeric, checkpoint_prepare = $4::numeric,
         events_applied = events_applied + $5::bigint, last_event_at = coalesce($6::timestamptz, last_event_at), updated_at = now()
       WHERE projection = $1 AND generation = $2`,
      [projection.name, generation, checkpoint.commit, checkpoint.prepare, applied, lastEventAt],
      { prepared: true },
    );
  }

  async get(projection: Projection, generation: number): Promise<GenerationState | null> {
    const [row] = await this.db.query<GenerationRow>(`SELECT ${COLUMNS} FROM ${this.schema.generations} g WHERE g.projection = $1 AND g.generation = $2`, [projection.name, generation]);
    return row ? toState(row) : null;
  }

  /** Points the views at `generation`, marks it active, drops the previous generation's tables: one transaction. */
  async swap(projection: Projection, generation: number): Promise<{ previous: number }> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey(projection)]);
      const [state] = await tx.query<{ active_generation: number }>(`SELECT active_generation FROM ${this.schema.state} WHERE projection = $1 FOR UPDATE`, [projection.name]);
      const previous = Number(state.active_generation);
      await this.schema.pointViews(tx, projection, generation);
      await tx.query(`UPDATE ${this.schema.state} SET active_generation = $2 WHERE projection = $1`, [projection.name, generation]);
      await tx.query(`UPDATE ${this.schema.generations} SET status = CASE WHEN generation = $2 THEN 'active' ELSE 'retired' END, updated_at = now()
                      WHERE projection = $1 AND generation IN ($2, $3)`, [projection.name, generation, previous]);
      if (previous !== generation) await this.schema.dropTables(tx, projection, previous);
      return { previous };
    });
  }

  /** Drops a generation that will never serve (an abandoned rebuild). */
  async discard(projection: Projection, generation: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.schema.dropTables(tx, projection, generation);
      await tx.query(`DELETE FROM ${this.schema.generations} WHERE projection = $1 AND generation = $2 AND status = 'building'`, [projection.name, generation]);
    });
  }
}
