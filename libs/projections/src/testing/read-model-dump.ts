import type { SqlQueryable } from '@promo-ledger/event-store';
import type { Projection } from '../engine/projection';
import type { ReadModelSchema } from '../engine/read-model-schema';

/**
 * Every row of every table the projections own, through their views, as sorted JSON lines: two
 * dumps are equal exactly when the read models hold the same rows. Rebuild-equals-incremental and
 * the crash-safety suite compare them.
 */
export async function dumpReadModels(db: SqlQueryable, schema: ReadModelSchema, projections: readonly Projection[]): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const projection of projections) {
    for (const table of projection.tables) {
      const rows = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${schema.view(table.name)} t`);
      dump[table.name] = rows.map((entry) => entry.row).sort();
    }
  }
  return dump;
}
