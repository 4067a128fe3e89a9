import type { Money } from '@promo-ledger/domain';
import type { SqlQueryable } from '@promo-ledger/event-store';
import type { ReadModelSchema } from '../../engine/read-model-schema';
import type { OrderTotals } from './order-row';
import { orderTotalsMapping } from './order-totals.rows';
import { ORDER_TOTALS, type OrderTotalsStatus } from './order-totals.tables';

export interface DiscountView {
  readonly campaignId: string;
  readonly campaignVersion: number;
  readonly code: string | null;
  readonly amount: Money;
}

/** What GET /v1/orders/:id answers (and, by cart, before the order exists). Money is `{ amount, currency }`. */
export interface OrderTotalsView {
  /** null for a cart not checked out yet. */
  readonly orderId: string | null;
  readonly cartId: string;
  readonly customerId: string;
  readonly status: OrderTotalsStatus;
  readonly currency: string;
  readonly subtotal: Money;
  readonly shipping: Money;
  /** Recomputed at placement by the pricing function; empty before. */
  readonly discounts: readonly DiscountView[];
  readonly discountTotal: Money;
  /** The quote the order was placed on (before checkout: the last quote). */
  readonly quotedTotal: Money | null;
  /** Recomputed at placement; null before placement or when it could not be recomputed. */
  readonly expectedTotal: Money | null;
  /** The expected total the OrderPlaced event recorded. */
  readonly recordedExpectedTotal: Money | null;
  readonly charged: Money;
  readonly refunded: Money;
  /** Everything charged − the recorded expected total; null until a charge is recorded. */
  readonly delta: Money | null;
  /** A charge differs from the expected total (an overcharge or an undercharge). */
  readonly mismatch: boolean;
  /** The recomputation disagrees with what the order recorded. */
  readonly inconsistency: null | { readonly recomputed: Money | null; readonly recorded: Money | null; readonly note: string };
  readonly placedAt: string | null;
  readonly updatedAt: string;
  /** Position of the last event that changed these totals. */
  readonly position: string;
}

export async function findOrderTotals(db: SqlQueryable, schema: ReadModelSchema, orderId: string): Promise<OrderTotalsView | null> {
  return findOne(db, schema, 'order_id', orderId);
}

export async function findCartTotals(db: SqlQueryable, schema: ReadModelSchema, cartId: string): Promise<OrderTotalsView | null> {
  return findOne(db, schema, 'cart_id', cartId);
}

async function findOne(db: SqlQueryable, schema: ReadModelSchema, column: 'order_id' | 'cart_id', id: string): Promise<OrderTotalsView | null> {
  const [row] = await db.query<Record<string, unknown>>(`SELECT * FROM ${schema.view(ORDER_TOTALS)} WHERE ${column} = $1 LIMIT 1`, [id]);
  return row === undefined ? null : toView(orderTotalsMapping.fromRow(row).state, String(row.position));
}

export function toView(totals: OrderTotals, position: string): OrderTotalsView {
  const { currency } = totals;
  const inCurrency = (amount: number): Money => ({ amount, currency });
  const orNull = (amount: number | null): Money | null => (amount === null ? null : inCurrency(amount));
  return {
    orderId: totals.order_id,
    cartId: totals.cart_id,
    customerId: totals.customer_id,
    status: totals.status,
    currency,
    subtotal: inCurrency(totals.subtotal),
    shipping: inCurrency(totals.shipping),
    discounts: totals.discounts.map(({ campaignId, campaignVersion, code, amount }) => ({ campaignId, campaignVersion, code, amount: inCurrency(amount) })),
    discountTotal: inCurrency(totals.discount_total),
    quotedTotal: orNull(totals.quoted_total),
    expectedTotal: orNull(totals.expected_total),
    recordedExpectedTotal: orNull(totals.recorded_expected_total),
    charged: inCurrency(totals.charged),
    refunded: inCurrency(totals.refunded),
    delta: orNull(totals.delta),
    mismatch: totals.delta !== null && totals.delta !== 0,
    inconsistency: totals.inconsistency
      ? { recomputed: orNull(totals.expected_total), recorded: orNull(totals.recorded_expected_total), note: totals.inconsistency_note ?? '' }
      : null,
    placedAt: totals.placed_at,
    updatedAt: totals.updated_at,
    position,
  };
}
