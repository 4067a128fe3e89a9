import type { Money } from '@promo-ledger/domain';
import type { SqlQueryable } from '@promo-ledger/event-store';
import type { ReadModelSchema } from '../../engine/read-model-schema';
import { toInteger, toIsoInstant } from '../../engine/sql-values';
import { decodeCursor, pageLimit, paged } from '../shared/cursor';
import { moneyFromColumns } from '../shared/money-columns';
import { SqlFilter } from '../shared/sql-filter';

export interface PriceHistoryItem {
  readonly price: Money;
  readonly category: string;
  readonly effectiveAt: string;
  readonly reason: string;
  readonly setAt: string;
  /** The price version carts and quotes cite: the PriceSet's place in the sku's stream, from 1. */
  readonly version: number;
  /** Who set it (API key id and role), null when the event carried no actor. */
  readonly setBy: { readonly keyId: string; readonly role: string } | null;
  /** Where it sits in the global log ("<commit>/<prepare>"). */
  readonly position: string;
}

export interface PriceHistoryPage {
  readonly sku: string;
  readonly items: PriceHistoryItem[];
  readonly nextCursor: string | null;
}

type Row = Record<string, unknown> & { readonly version: unknown; readonly currency: string };

/** GET /v1/prices/:sku/history: every price ever set for the sku, newest first. */
export async function priceHistory(db: SqlQueryable, schema: ReadModelSchema, sku: string, page: { cursor?: string; limit?: number } = {}): Promise<PriceHistoryPage> {
  const limit = pageLimit(page.limit);
  const before = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number'])[0];
  const filter = SqlFilter.empty().add('sku = ?', sku).add('version < ?', before);
  const rows = await db.query<Row>(
    `SELECT * FROM ${schema.view('price_history')} ${filter.where} ORDER BY version DESC LIMIT ${filter.nextParam}`,
    [...filter.params, limit + 1],
  );
  const { page: items, nextCursor } = paged(rows, limit, (row) => [toInteger(row.version)]);
  return { sku, items: items.map(toItem), nextCursor };
}

function toItem(row: Row): PriceHistoryItem {
  const keyId = row.actor_key_id as string | null;
  const role = row.actor_role as string | null;
  return {
    price: moneyFromColumns(row.price_amount, row.currency),
    category: row.category as string,
    effectiveAt: toIsoInstant(row.effective_at),
    reason: row.reason as string,
    setAt: toIsoInstant(row.set_at),
    version: toInteger(row.version),
    setBy: keyId === null || role === null ? null : { keyId, role },
    position: `${String(row.position_commit)}/${String(row.position_prepare)}`,
  };
}
