import { comparePositions, type EventStore, type Position, positionToString, type RecordedEvent, type SqlQueryable } from '@promo-ledger/event-store';
import type { ReadModelSchema } from './read-model-schema';

export interface ProjectionProgress {
  readonly projection: string;
  readonly generation: number;
  readonly checkpoint: Position;
  readonly eventsApplied: number;
  /** occurredAt of the last event applied. */
  readonly lastEventAt: string | null;
}

export interface ProjectionLag extends ProjectionProgress {
  /** Events in the log after the checkpoint, counted up to LAG_PROBE_LIMIT (`lagEventsAtLeast` when the count stopped there). */
  readonly lagEvents: number;
  readonly lagEventsAtLeast: boolean;
  /** Age of the oldest event not yet applied, in seconds; 0 when caught up. */
  readonly lagSeconds: number;
}

/**
 * Events counted ahead of a checkpoint at most. The port cannot count without reading, so the probe
 * decodes what it counts, and it is asked every few seconds (monitors, each /metrics scrape, each
 * readiness probe) — most expensively when a projection is far behind, which is when it is watched:
 * 10,000 events for each of five projections came to ~50 MB every 5 s, with the major GCs to match.
 * The age of the oldest event, which the lag alert uses, does not depend on the limit.
 */
export const LAG_PROBE_LIMIT = 1_000;

interface ProgressRow {
  projection: string;
  generation: number;
  checkpoint_commit: string;
  checkpoint_prepare: string;
  events_applied: string | number;
  last_event_at: Date | string | null;
}

/**
 * Where the serving generations stand, read from the database, so it answers the same whether the
 * projections run in this process or in apps/projector: read-your-writes waits and lag use it.
 */
export class ProgressReader {
  constructor(
    private readonly db: SqlQueryable,
    private readonly schema: ReadModelSchema,
  ) {}

  async progress(projections?: readonly string[]): Promise<ProjectionProgress[]> {
    const rows = await this.db
      .query<ProgressRow>(
        `SELECT p.projection, g.generation, g.checkpoint_commit::text AS checkpoint_commit, g.checkpoint_prepare::text AS checkpoint_prepare,
                g.events_applied, g.last_event_at
         FROM ${this.schema.state} p JOIN ${this.schema.generations} g ON g.projection = p.projection AND g.generation = p.active_generation
         WHERE $1::text[] IS NULL OR p.projection = ANY($1::text[]) ORDER BY p.projection`,
        [projections ? `{${projections.join(',')}}` : null],
      )
      .catch((error: unknown) => {
        if (isUndefinedTable(error)) return [];
        throw error;
      });
    return rows.map((row) => ({
      projection: row.projection,
      generation: Number(row.generation),
      checkpoint: { commit: BigInt(row.checkpoint_commit), prepare: BigInt(row.checkpoint_prepare) },
      eventsApplied: Number(row.events_applied),
      lastEventAt: row.last_event_at === null ? null : new Date(row.last_event_at).toISOString(),
    }));
  }

  /**
   * Waits until every named projection has applied the event at `position` (a position a write
   * returned), polling the checkpoints; false after `timeoutMs`.
   */
  async waitFor(projections: readonly string[], position: Position, timeoutMs: number, pollMs = 20): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const progress = await this.progress(projections);
      const reached = progress.length === projections.length && progress.every((entry) => comparePositions(entry.checkpoint, position) >= 0);
      if (reached) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
    }
  }

  /** Progress plus how far behind the log each projection is (reads ahead of the checkpoint, up to LAG_PROBE_LIMIT events). */
  async lag(store: EventStore, projections?: readonly string[], now = Date.now()): Promise<ProjectionLag[]> {
    const result: ProjectionLag[] = [];
    // projections at one checkpoint (all caught up, or all stopped) share one read
    const reads = new Map<string, Promise<RecordedEvent[]>>();
    for (const entry of await this.progress(projections)) {
      const started = entry.checkpoint.commit !== 0n || entry.checkpoint.prepare !== 0n;
      const key = positionToString(entry.checkpoint);
      const read = reads.get(key) ?? store.readAll(started ? { fromPosition: entry.checkpoint, maxCount: LAG_PROBE_LIMIT } : { maxCount: LAG_PROBE_LIMIT });
      reads.set(key, read);
      const ahead = await read;
      const oldest = ahead[0]?.metadata.occurredAt;
      result.push({
        ...entry,
        lagEvents: ahead.length,
        lagEventsAtLeast: ahead.length === LAG_PROBE_LIMIT,
        lagSeconds: oldest ? Math.max(0, (now - Date.parse(oldest)) / 1000) : 0,
      });
    }
    return result;
  }
}

export function describeProgress(entry: ProjectionProgress): Record<string, unknown> {
  return { projection: entry.projection, generation: entry.generation, checkpoint: positionToString(entry.checkpoint), eventsApplied: entry.eventsApplied, lastEventAt: entry.lastEventAt };
}

function isUndefinedTable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '42P01';
}
