import type { DomainEvent } from '@promo-ledger/domain';
import { randomUUID } from 'node:crypto';
import { type JsonObject, PgliteExecutor, PostgresExecutor, quoteIdentifier, type RecordedEvent, type SqlExecutor, type SqlParam } from '@promo-ledger/event-store';
import { requireOrSkip } from '../../../../test/conformance/conformance-target';
import type { FoldedBatch, Projection } from '../engine/projection';
import { ReadModelSchema } from '../engine/read-model-schema';

export type FixtureTarget = 'pglite' | 'postgres';

/** pglite always; postgres too when DATABASE_URL is set (CI sets it; a laptop without it skips loudly). */
export function fixtureTargets(): FixtureTarget[] {
  return requireOrSkip('PostgreSQL (DATABASE_URL) for the read-model specs', Boolean(process.env.DATABASE_URL)) === 'run' ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * Given events → then rows, on a real database (in-memory PGlite, or a fresh schema in PostgreSQL):
 * the projection's tables are created as generation 1 behind their views, each `given` call is one
 * batch in one transaction, and `rows` queries the views exactly as the HTTP queries will.
 * Use: `describe.each(fixtureTargets())('… on %s', (target) => { … ProjectionFixture.open(p, target) … })`.
 */
export class ProjectionFixture {
  private position = 0n;
  private readonly revisions = new Map<string, bigint>();

  private constructor(
    readonly db: SqlExecutor,
    readonly schema: ReadModelSchema,
    private readonly projection: Projection,
  ) {}

  static async open(projection: Projection, target: FixtureTarget = 'pglite'): Promise<ProjectionFixture> {
    const db: SqlExecutor =
      target === 'pglite' ? await PgliteExecutor.open() : new PostgresExecutor({ connectionString: process.env.DATABASE_URL ?? '', maxConnections: 2 });
    const schema = new ReadModelSchema(target === 'pglite' ? 'read_models' : `rm_spec_${randomUUID().replace(/-/g, '').slice(0, 12)}`);
    await db.transaction(async (tx) => {
      await schema.ensure(tx);
      await schema.createTables(tx, projection, 1);
      await schema.pointViews(tx, projection, 1);
    });
    return new ProjectionFixture(db, schema, projection);
  }

  /** Records events as the store would (next revision per stream, next global position) and applies them as one batch. */
  async given(...events: readonly GivenEvent[]): Promise<RecordedEvent[]> {
    const recorded = this.recorded(events);
    await this.apply(recorded);
    return recorded;
  }

  /** Records events as the store would, without applying them. */
  recorded(events: readonly GivenEvent[]): RecordedEvent[] {
    return events.map((event) => this.record(event));
  }

  /**
   * Applies batches the way a rebuild that folds ahead may (Projection.foldBatch), at its most
   * extreme: each batch is read and folded before the batch before it is written.
   */
  async applyFoldingAhead(batches: readonly (readonly RecordedEvent[])[]): Promise<void> {
    const { foldBatch } = this.projection;
    if (foldBatch === undefined) throw new Error(`${this.projection.name} does not fold ahead`);
    const table = this.schema.tablesOf(this.projection, 1);
    let unwritten: FoldedBatch | null = null;
    for (const events of batches) {
      const previous: FoldedBatch | null = unwritten;
      unwritten = await this.db.transaction((tx) => foldBatch({ events, tx, table }, previous));
      if (previous !== null) await this.db.transaction((tx) => previous.write(tx));
    }
    const last: FoldedBatch | null = unwritten;
    if (last !== null) await this.db.transaction((tx) => last.write(tx));
  }

  /** Applies already-recorded events as one batch (e.g. to check that a redelivered batch is harmless when the engine's fence is bypassed). */
  async apply(events: readonly RecordedEvent[]): Promise<void> {
    await this.db.transaction((tx) => this.projection.applyBatch({ events, tx, table: this.schema.tablesOf(this.projection, 1) }));
  }

  /** Rows of a view (the logical table name), optionally filtered/ordered by an SQL tail. */
  async rows<Row extends object = Record<string, unknown>>(table: string, tail = '', params: readonly SqlParam[] = []): Promise<Row[]> {
    return this.db.query<Row>(`SELECT * FROM ${this.schema.view(table)} ${tail}`, params);
  }

  async close(): Promise<void> {
    if (this.db.kind === 'postgres') await this.db.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(this.schema.schema)} CASCADE`);
    await this.db.close();
  }

  private record({ streamId, event, occurredAt }: GivenEvent): RecordedEvent {
    this.position += 1n;
    const revision = (this.revisions.get(streamId) ?? -1n) + 1n;
    this.revisions.set(streamId, revision);
    return {
      streamId,
      revision,
      position: { commit: this.position, prepare: this.position },
      type: event.type,
      data: event.data as unknown as JsonObject,
      metadata: {
        eventId: `event-${this.position}`,
        correlationId: `correlation-${this.position}`,
        causationId: null,
        actor: { keyId: 'test', role: 'checkout' },
        idempotencyKey: null,
        occurredAt,
        schemaVersion: 1,
        prevHash: '',
        hash: '',
      },
    };
  }
}

export interface GivenEvent {
  readonly streamId: string;
  readonly event: DomainEvent;
  /** ISO-8601; the instant the command that produced it was decided. */
  readonly occurredAt: string;
}

/** `on('cart-c1', '2026-03-15T10:00:00Z', cartOpened(...), itemAdded(...))` → GivenEvents. */
export function on(streamId: string, occurredAt: string, ...events: readonly DomainEvent[]): GivenEvent[] {
  return events.map((event) => ({ streamId, event, occurredAt }));
}
