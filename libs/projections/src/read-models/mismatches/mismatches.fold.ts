import { compare, formatMoney, isNegative, isZero, max, money, type Money, negate, subtract } from '@promo-ledger/domain';
import { positionToString, type RecordedEvent } from '@promo-ledger/event-store';
import { eventOf, idInStream } from '../shared/event-facts';

export const ORDER_MONEY_EVENTS = new Set(['OrderPlaced', 'ChargeRecorded', 'RefundRecorded', 'DisputeResolved'] as const);

export type OrderDiscount = { campaignId: string; code: string | null; amount: Money };

/** What the ledger knows about one placed order's money, kept whether or not it ever mismatches (table mismatch_orders). */
export type OrderMoney = {
  order_id: string;
  customer_id: string | null;
  cart_id: string | null;
  currency: string;
  discounts: OrderDiscount[];
  expected: number;
  charged: number;
  refunded: number;
  delta: number;
  detected_at: string | null;
  detected_position: string | null;
  dispute_id: string | null;
  dispute_resolution: 'upheld' | 'rejected' | null;
  resolved_at: string | null;
};

/**
 * Folds one order's events: the first charge whose delta is not zero detects the mismatch; it is
 * resolved when a later charge brings the delta to zero, when refunds cover an overcharge, or when
 * a dispute on the order is resolved after detection (a charge after that dispute reopens it).
 */
export function foldOrderMoney(state: OrderMoney | undefined, event: RecordedEvent): OrderMoney | undefined {
  const stored = eventOf(event, ORDER_MONEY_EVENTS);
  if (stored === null) return state;
  const occurredAt = event.metadata.occurredAt;
  switch (stored.type) {
    case 'OrderPlaced': {
      const { orderId, customerId, cartId, currency, discounts, expectedTotal } = stored.data;
      const kept = discounts.map(({ campaignId, code, amount }) => ({ campaignId, code, amount }));
      return {
        order_id: orderId, customer_id: customerId, cart_id: cartId, currency, discounts: kept, expected: expectedTotal.amount,
        charged: 0, refunded: 0, delta: 0, detected_at: null, detected_position: null, dispute_id: null, dispute_resolution: null, resolved_at: null,
      };
    }
    case 'ChargeRecorded': {
      const { totalCharged, expected, delta, mismatch } = stored.data;
      const before = state ?? unplaced(idInStream(event.streamId, 'order'), expected);
      const detected = before.detected_at === null && mismatch ? { detected_at: occurredAt, detected_position: positionToString(event.position) } : {};
      const dispute = mismatch ? { dispute_id: null, dispute_resolution: null } : {};
      return settle({ ...before, ...detected, ...dispute, expected: expected.amount, charged: totalCharged.amount, delta: delta.amount }, occurredAt);
    }
    case 'RefundRecorded':
      return state && settle({ ...state, refunded: stored.data.totalRefunded.amount }, occurredAt);
    case 'DisputeResolved':
      if (state === undefined || state.detected_at === null) return state;
      return settle({ ...state, dispute_id: stored.data.disputeId, dispute_resolution: stored.data.resolution }, occurredAt);
  }
}

/** A charge for an order whose placement this projection never saw: kept with what the charge says. */
function unplaced(orderId: string, expected: Money): OrderMoney {
  return {
    order_id: orderId, customer_id: null, cart_id: null, currency: expected.currency, discounts: [], expected: expected.amount,
    charged: 0, refunded: 0, delta: 0, detected_at: null, detected_position: null, dispute_id: null, dispute_resolution: null, resolved_at: null,
  };
}

function settle(state: OrderMoney, occurredAt: string): OrderMoney {
  if (resolution(state) === null) return { ...state, resolved_at: null };
  return state.resolved_at === null ? { ...state, resolved_at: occurredAt } : state;
}

export function resolution(state: OrderMoney): 'charge' | 'refund' | 'dispute' | null {
  const { delta, refunded } = amounts(state);
  if (isZero(delta)) return 'charge';
  if (!isNegative(delta) && compare(refunded, delta) >= 0) return 'refund';
  return state.dispute_resolution === null ? null : 'dispute';
}

/** Still owed to the shopper: the overcharge minus refunds, never below zero; nothing for an undercharge or a dispute finance rejected. */
export function exposure(state: OrderMoney): Money {
  const { delta, refunded } = amounts(state);
  if (isNegative(delta) || state.dispute_resolution === 'rejected') return money(0, state.currency);
  return max(subtract(delta, refunded), money(0, state.currency));
}

/** e.g. `charged 129.00 USD, expected 89.00 USD (SPRING40 −40.00 USD): overcharged 40.00 USD`. */
export function explain(state: OrderMoney): string {
  const { charged, expected, delta, refunded } = amounts(state);
  const discounts = state.discounts.map((discount) => `${discount.code ?? discount.campaignId} −${formatMoney(discount.amount)}`).join(', ');
  const head = `charged ${formatMoney(charged)}, expected ${formatMoney(expected)}${discounts === '' ? '' : ` (${discounts})`}: `;
  const dispute = state.dispute_id === null ? '' : `; dispute ${state.dispute_id} ${state.dispute_resolution ?? ''}`;
  if (isZero(delta)) return `${head}a later charge settled the difference${dispute}`;
  if (isNegative(delta)) return `${head}undercharged ${formatMoney(negate(delta))} — nothing is owed to the shopper${dispute}`;
  const owed = exposure(state);
  const refunds = isZero(refunded) ? '' : `; refunded ${formatMoney(refunded)} — ${isZero(owed) ? 'nothing more owed' : `${formatMoney(owed)} still owed`}`;
  return `${head}overcharged ${formatMoney(delta)}${refunds}${dispute}`;
}

function amounts(state: OrderMoney): { charged: Money; expected: Money; delta: Money; refunded: Money } {
  const of = (amount: number) => money(amount, state.currency);
  return { charged: of(state.charged), expected: of(state.expected), delta: of(state.delta), refunded: of(state.refunded) };
}
