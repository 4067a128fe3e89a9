import { normaliseCode, type Money } from '@promo-ledger/domain';
import type { SqlQueryable } from '@promo-ledger/event-store';
import type { ReadModelSchema } from '../../engine/read-model-schema';
import { toIsoInstant } from '../../engine/sql-values';
import { decodeCursor, pageLimit, paged } from '../shared/cursor';
import { moneyOrNullFromColumns } from '../shared/money-columns';
import { SqlFilter } from '../shared/sql-filter';
import type { RedemptionStatus } from './redemptions.fold';

export interface RedemptionFilters {
  readonly customerId?: string;
  readonly code?: string;
  readonly campaignId?: string;
  readonly orderId?: string;
  readonly status?: RedemptionStatus;
  /** ISO-8601, inclusive: attempts made at or after. */
  readonly from?: string;
  /** ISO-8601, exclusive: attempts made before. */
  readonly to?: string;
  readonly cursor?: string;
  /** Default 50, at most 500. */
  readonly limit?: number;
}

export interface RedemptionItem {
  readonly code: string | null;
  readonly campaignId: string | null;
  readonly customerId: string | null;
  readonly cartId: string | null;
  readonly orderId: string | null;
  readonly status: RedemptionStatus;
  /** The reason code of a not_eligible or rejected attempt. */
  readonly reason: string | null;
  /** The pricing sentence, e.g. `SPRING40 v2: eligible subtotal 89.00 USD is below 100.00 USD — 11.00 USD short`. */
  readonly explanation: string | null;
  /** What happened after: removed, released or reversed and why. */
  readonly note: string | null;
  readonly discount: Money | null;
  /** When the attempt was made (for an automatic discount: when the order was placed). */
  readonly at: string;
}

export interface RedemptionPage {
  readonly items: RedemptionItem[];
  readonly nextCursor: string | null;
}

interface Row {
  readonly id: string;
  readonly code: string | null;
  readonly campaign_id: string | null;
  readonly customer_id: string | null;
  readonly cart_id: string | null;
  readonly order_id: string | null;
  readonly status: RedemptionStatus;
  readonly reason: string | null;
  readonly explanation: string | null;
  readonly note: string | null;
  readonly discount_amount: unknown;
  readonly discount_currency: string | null;
  readonly attempted_at: unknown;
}

/** Coupon attempts in the order they were made (then log order), a page at a time (GET /v1/redemptions). */
export async function findRedemptions(db: SqlQueryable, schema: ReadModelSchema, filters: RedemptionFilters = {}): Promise<RedemptionPage> {
  const limit = pageLimit(filters.limit);
  const after = filters.cursor === undefined ? undefined : decodeCursor(filters.cursor, ['string', 'string']);
  const filter = SqlFilter.empty()
    .add('customer_id = ?', filters.customerId)
    .add('code = ?', filters.code === undefined ? undefined : normaliseCode(filters.code))
    .add('campaign_id = ?', filters.campaignId)
    .add('order_id = ?', filters.orderId)
    .add('status = ?', filters.status)
    .add('attempted_at >= ?::timestamptz', filters.from)
    .add('attempted_at < ?::timestamptz', filters.to)
    .add('(attempted_at, id) > (?::timestamptz, ?)', after?.[0], after?.[1]);
  const rows = await db.query<Row>(
    `SELECT * FROM ${schema.view('redemptions')} ${filter.where} ORDER BY attempted_at, id LIMIT ${filter.nextParam}`,
    [...filter.params, limit + 1],
  );
  const { page, nextCursor } = paged(rows, limit, (row) => [toIsoInstant(row.attempted_at), row.id]);
  return { items: page.map(toItem), nextCursor };
}

function toItem(row: Row): RedemptionItem {
  return {
    code: row.code,
    campaignId: row.campaign_id,
    customerId: row.customer_id,
    cartId: row.cart_id,
    orderId: row.order_id,
    status: row.status,
    reason: row.reason,
    explanation: row.explanation,
    note: row.note,
    discount: moneyOrNullFromColumns(row.discount_amount, row.discount_currency),
    at: toIsoInstant(row.attempted_at),
  };
}
