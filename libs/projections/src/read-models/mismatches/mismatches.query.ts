import type { Money } from '@promo-ledger/domain';
import type { SqlQueryable } from '@promo-ledger/event-store';
import type { ReadModelSchema } from '../../engine/read-model-schema';
import { toInteger, toIsoInstant, toIsoInstantOrNull } from '../../engine/sql-values';
import { decodeCursor, pageLimit, paged } from '../shared/cursor';
import { moneyFromColumns, moneyPerCurrency } from '../shared/money-columns';
import { SqlFilter } from '../shared/sql-filter';

export type MismatchStatus = 'open' | 'resolved';

export interface MismatchFilters {
  readonly status?: MismatchStatus;
  readonly campaignId?: string;
  readonly customerId?: string;
  readonly currency?: string;
  /** ISO-8601, inclusive: detected at or after. */
  readonly from?: string;
  /** ISO-8601, exclusive: detected before. */
  readonly to?: string;
  readonly cursor?: string;
  /** Default 50, at most 500. */
  readonly limit?: number;
}

export interface MismatchItem {
  readonly orderId: string;
  readonly customerId: string | null;
  readonly cartId: string | null;
  readonly campaignIds: string[];
  readonly expected: Money;
  readonly charged: Money;
  /** charged − expected: positive for an overcharge, negative for an undercharge. */
  readonly delta: Money;
  readonly refunded: Money;
  /** Still owed to the shopper: overcharge minus refunds, never below zero. */
  readonly exposure: Money;
  readonly detectedAt: string;
  /** The log position of the charge that revealed it ("<commit>/<prepare>"), for replay. */
  readonly detectedPosition: string;
  readonly status: MismatchStatus;
  readonly resolvedAt: string | null;
  readonly resolution: 'charge' | 'refund' | 'dispute' | null;
  readonly explanation: string;
}

export interface MismatchPage {
  readonly items: MismatchItem[];
  /** Over every mismatch the filters select, not just this page. */
  readonly totals: { readonly count: number; readonly exposure: Money[] };
  readonly nextCursor: string | null;
}

type Row = Record<string, unknown> & { readonly order_id: string; readonly currency: string; readonly detected_at: unknown };

/** GET /v1/mismatches: in the order they were detected, a page at a time, with totals over the whole selection. */
export async function findMismatches(db: SqlQueryable, schema: ReadModelSchema, filters: MismatchFilters = {}): Promise<MismatchPage> {
  const limit = pageLimit(filters.limit);
  const after = filters.cursor === undefined ? undefined : decodeCursor(filters.cursor, ['string', 'string']);
  const selection = SqlFilter.empty()
    .add('status = ?', filters.status)
    .add('? = ANY(campaign_ids)', filters.campaignId)
    .add('customer_id = ?', filters.customerId)
    .add('currency = ?', filters.currency)
    .add('detected_at >= ?::timestamptz', filters.from)
    .add('detected_at < ?::timestamptz', filters.to);
  const view = schema.view('mismatches');
  const totals = await db.query<{ currency: string; count: unknown; amount: unknown }>(
    `SELECT currency, count(*) AS count, sum(exposure) AS amount FROM ${view} ${selection.where} GROUP BY currency`,
    selection.params,
  );
  const page = selection.add('(detected_at, order_id) > (?::timestamptz, ?)', after?.[0], after?.[1]);
  const rows = await db.query<Row>(`SELECT * FROM ${view} ${page.where} ORDER BY detected_at, order_id LIMIT ${page.nextParam}`, [...page.params, limit + 1]);
  const { page: items, nextCursor } = paged(rows, limit, (row) => [toIsoInstant(row.detected_at), row.order_id]);
  return {
    items: items.map(toItem),
    totals: { count: totals.reduce((count, row) => count + toInteger(row.count), 0), exposure: moneyPerCurrency(totals) },
    nextCursor,
  };
}

function toItem(row: Row): MismatchItem {
  const money = (column: string) => moneyFromColumns(row[column], row.currency);
  return {
    orderId: row.order_id,
    customerId: row.customer_id as string | null,
    cartId: row.cart_id as string | null,
    campaignIds: row.campaign_ids as string[],
    expected: money('expected'),
    charged: money('charged'),
    delta: money('delta'),
    refunded: money('refunded'),
    exposure: money('exposure'),
    detectedAt: toIsoInstant(row.detected_at),
    detectedPosition: row.detected_position as string,
    status: row.status as MismatchStatus,
    resolvedAt: toIsoInstantOrNull(row.resolved_at),
    resolution: row.resolution as MismatchItem['resolution'],
    explanation: row.explanation as string,
  };
}
