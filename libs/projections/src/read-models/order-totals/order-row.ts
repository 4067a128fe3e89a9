import { type CartEvent, multiply, type OrderEvent, type OrderPlaced, subtract, sum } from '@promo-ledger/domain';
import type { OrderTotalsRow, OrderTotalsStatus } from './order-totals.tables';
import type { Recomputation } from './recompute-order';
import type { CartWork } from './working-state';

/** A row of order_totals without its position (StateRows keeps that). */
export type OrderTotals = Omit<OrderTotalsRow, 'position'>;

const ORDER_STATUSES: readonly OrderTotalsStatus[] = ['placed', 'charged', 'cancelled'];
/** The cart events that change its lines, hence its subtotal. */
const LINE_EVENTS: ReadonlySet<CartEvent['type']> = new Set(['ItemAdded', 'ItemQuantityChanged', 'ItemRemoved']);

/**
 * The row after a cart event, `work` being the cart after it. Until the order is placed the row
 * shows the cart's own figures; once placed, the cart can no longer change, and the order's
 * figures are the recomputed ones.
 */
export function rowAfterCartEvent(row: OrderTotals | undefined, work: CartWork, event: CartEvent, at: string): OrderTotals | undefined {
  if (row !== undefined && ORDER_STATUSES.includes(row.status)) return undefined;
  const { cart } = work;
  const base: OrderTotals = row ?? {
    cart_id: cart.cartId, order_id: null, customer_id: cart.customerId, currency: cart.currency, status: 'open',
    subtotal: 0, shipping: 0, discount_total: 0, discounts: [], quote_id: null, quoted_total: null,
    expected_total: null, recorded_expected_total: null, inconsistency: false, inconsistency_note: null,
    charged: 0, refunded: 0, delta: null, opened_at: at, placed_at: null, updated_at: at,
  };
  const quoted = event.type === 'QuoteIssued' ? { quote_id: event.data.quoteId, quoted_total: event.data.total.amount } : {};
  return {
    ...base,
    ...quoted,
    status: cart.status === 'checked_out' ? 'checked_out' : cart.status === 'abandoned' ? 'abandoned' : work.lastQuotedVersion === cart.contentVersion ? 'quoted' : 'open',
    order_id: cart.orderId,
    subtotal: LINE_EVENTS.has(event.type) ? sum(cart.lines.map((line) => multiply(line.unitPrice, line.quantity)), cart.currency).amount : base.subtotal,
    shipping: cart.shipping.amount,
    updated_at: at,
  };
}

/** The row once the order is placed: the recomputed figures next to the recorded expected total. */
export function placedRow(row: OrderTotals | undefined, work: CartWork | undefined, placed: OrderPlaced['data'], { result, note }: Recomputation, at: string): OrderTotals {
  const discounts = (result?.discounts ?? []).map(({ campaignId, campaignVersion, code, amount }) => ({ campaignId, campaignVersion, code, amount: amount.amount }));
  return {
    cart_id: placed.cartId,
    customer_id: placed.customerId,
    currency: placed.currency,
    opened_at: row?.opened_at ?? placed.placedAt,
    charged: 0,
    refunded: 0,
    delta: null,
    ...row,
    order_id: placed.orderId,
    status: 'placed',
    subtotal: result?.subtotal.amount ?? row?.subtotal ?? placed.subtotal.amount,
    shipping: result?.shipping.amount ?? row?.shipping ?? placed.shipping.amount,
    discounts,
    discount_total: discounts.reduce((total, discount) => total + discount.amount, 0),
    quote_id: placed.quoteId,
    quoted_total: work?.quotedTotals[placed.quoteId] ?? row?.quoted_total ?? null,
    expected_total: result?.total.amount ?? null,
    recorded_expected_total: placed.expectedTotal.amount,
    inconsistency: note !== null,
    inconsistency_note: note,
    placed_at: placed.placedAt,
    updated_at: at,
  };
}

/** The row after a charge, refund or cancellation; disputes do not change the totals. */
export function rowAfterOrderEvent(row: OrderTotals, event: Exclude<OrderEvent, OrderPlaced>, at: string): OrderTotals | undefined {
  switch (event.type) {
    case 'ChargeRecorded': {
      const { totalCharged, expected } = event.data;
      const status = row.status === 'cancelled' ? 'cancelled' : 'charged';
      return { ...row, status, charged: totalCharged.amount, delta: subtract(totalCharged, expected).amount, updated_at: at };
    }
    case 'RefundRecorded':
      return { ...row, refunded: event.data.totalRefunded.amount, updated_at: at };
    case 'OrderCancelled':
      return { ...row, status: 'cancelled', updated_at: at };
    case 'DisputeOpened':
    case 'DisputeResolved':
      return undefined;
    default: {
      const unexpected: never = event;
      throw new Error(`unhandled order event ${JSON.stringify(unexpected)}`);
    }
  }
}
