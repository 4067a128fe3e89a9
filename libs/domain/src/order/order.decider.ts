import { accept, assertNever, reject, type Decider, type Decision } from '../decider';
import { add, compare, formatMoney, isZero, subtract, type Money } from '../money';
import { OrderRejections as R, type OrderCommand, type OrderContext, type PlaceOrder } from './order.commands';
import type { OrderEvent } from './order.events';
import { evolveOrder, initialOrderState, type ExistingOrder, type OrderState } from './order.state';

type OrderDecision = Decision<OrderEvent>;

export function decideOrder(command: OrderCommand, state: OrderState, { now }: OrderContext): OrderDecision {
  if (command.type === 'PlaceOrder') return place(command, state, now);
  if (state.status === 'none') return reject(R.notFound, 'This order does not exist; check the order id.');
  switch (command.type) {
    case 'RecordCharge': {
      const { amount, paymentRef } = command.data;
      // Not refused on a cancelled order: money taken must be on record whatever the order's state.
      const invalid = amountProblem(state, amount, 0);
      if (invalid) return invalid;
      if (state.paymentRefs.includes(paymentRef)) return reject(R.duplicateCharge, `Charge ${paymentRef} is already recorded; record each payment once.`);
      const expected = state.placed.expectedTotal;
      const totalCharged = add(state.charged, amount);
      const delta = subtract(totalCharged, expected);
      return accept({
        type: 'ChargeRecorded',
        data: { amount, paymentRef, totalCharged, expected, delta, mismatch: !isZero(delta), chargedAt: now },
      });
    }
    case 'RecordRefund': {
      const { amount, reason, refundRef } = command.data;
      if (state.refundRefs.includes(refundRef)) return reject(R.duplicateRefund, `Refund ${refundRef} is already recorded; record each refund once.`);
      const invalid = amountProblem(state, amount, 1) ?? exceedsRefundable(state, amount);
      if (invalid) return invalid;
      return accept({
        type: 'RefundRecorded',
        data: { amount, reason, refundRef, totalRefunded: add(state.refunded, amount), refundedAt: now },
      });
    }
    case 'CancelOrder':
      if (state.status === 'cancelled') return reject(R.alreadyCancelled, 'This order is already cancelled; nothing more to do.');
      return accept({ type: 'OrderCancelled', data: { reason: command.data.reason, cancelledAt: now } });
    case 'OpenDispute': {
      const { disputeId, reason, openedBy } = command.data;
      if (state.disputes[disputeId] !== undefined) {
        return reject(R.disputeAlreadyExists, `Dispute ${disputeId} already exists on this order; add to it or use another id.`);
      }
      return accept({ type: 'DisputeOpened', data: { disputeId, reason, openedBy, openedAt: now } });
    }
    case 'ResolveDispute': {
      const { disputeId, resolution, refund, note } = command.data;
      const dispute = state.disputes[disputeId];
      if (dispute === undefined) return reject(R.disputeNotFound, `There is no dispute ${disputeId} on this order; open it first.`);
      if (dispute.status === 'resolved') return reject(R.disputeAlreadyResolved, `Dispute ${disputeId} is already resolved; open a new dispute to revisit it.`);
      if (refund !== undefined) {
        const invalid = amountProblem(state, refund, 1) ?? exceedsRefundable(state, refund);
        if (invalid) return invalid;
      }
      const resolved: OrderEvent = {
        type: 'DisputeResolved',
        data: { disputeId, resolution, ...(refund === undefined ? {} : { refund }), ...(note === undefined ? {} : { note }), resolvedAt: now },
      };
      if (resolution !== 'upheld' || refund === undefined) return accept(resolved);
      return refundAlreadyRecorded(state, disputeId) ?? accept(resolved, refundFor(state, disputeId, refund, now));
    }
    default:
      return assertNever(command);
  }
}

function place({ data }: PlaceOrder, state: OrderState, now: string): OrderDecision {
  const { orderId, cartId, customerId, quote } = data;
  if (state.status !== 'none') return reject(R.alreadyExists, `Order ${orderId} already exists; place the order with a new id.`);
  return accept({
    type: 'OrderPlaced',
    data: {
      orderId, cartId, customerId, quoteId: quote.quoteId, currency: quote.currency,
      lines: quote.lines, discounts: quote.discounts, subtotal: quote.subtotal, shipping: quote.shipping,
      shippingDiscount: quote.shippingDiscount, expectedTotal: quote.total,
      campaignVersions: quote.campaignVersions, priceVersions: quote.priceVersions, placedAt: now,
    },
  });
}

/** One refund per dispute: the ref is derived from the dispute id, so it is unique and a replay finds it. */
export const disputeRefundRef = (disputeId: string): string => `dispute-${disputeId}`;

/** A refund recorded by hand under the dispute's own ref would make the pair's refund a duplicate: say so rather than skip it. */
function refundAlreadyRecorded(state: ExistingOrder, disputeId: string): OrderDecision | null {
  const refundRef = disputeRefundRef(disputeId);
  if (!state.refundRefs.includes(refundRef)) return null;
  return reject(R.duplicateRefund, `Refund ${refundRef} is already recorded; resolve dispute ${disputeId} without a refund.`);
}

/**
 * An upheld dispute with a refund moves the money in the same decision: finance resolves once and the
 * mismatch's exposure shrinks by the refund, with no second command that could be forgotten.
 */
function refundFor(state: ExistingOrder, disputeId: string, refund: Money, now: string): OrderEvent {
  return {
    type: 'RefundRecorded',
    data: {
      amount: refund, reason: `dispute ${disputeId} upheld`, refundRef: disputeRefundRef(disputeId),
      totalRefunded: add(state.refunded, refund), refundedAt: now,
    },
  };
}

function amountProblem(state: ExistingOrder, amount: Money, least: 0 | 1): OrderDecision | null {
  const currency = state.placed.currency;
  if (amount.currency !== currency) return reject(R.currencyMismatch, `This order is in ${currency}; give the amount in ${currency}.`);
  if (!Number.isSafeInteger(amount.amount) || amount.amount < least) {
    return reject(R.invalidAmount, `Give the amount as a whole number of minor units${least === 1 ? ' greater than zero' : ', zero or more'} (got ${amount.amount}).`);
  }
  return null;
}

function exceedsRefundable(state: ExistingOrder, amount: Money): OrderDecision | null {
  const refundable = subtract(state.charged, state.refunded);
  if (compare(amount, refundable) <= 0) return null;
  return reject(R.refundExceedsCharged, `At most ${formatMoney(refundable)} can still be refunded (charged minus refunded); lower the amount.`, {
    refundable,
  });
}

export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState, OrderContext> = {
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide: decideOrder,
};
