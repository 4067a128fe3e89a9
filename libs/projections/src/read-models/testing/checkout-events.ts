import {
  type AppliedDiscount, type CartCheckedOut, type CartOpened, type ChargeRecorded, type CouponAttached, type CouponDetached, type CouponRejected, type CouponStatus,
  type DisputeResolved, isZero, type Money, type OrderCancelled, type OrderPlaced, type PriceSet, type QuoteIssued, type ReasonCode,
  type RedemptionConfirmed, type RedemptionReleased, type RefundRecorded, subtract,
} from '@promo-ledger/domain';

/** Hand-built events with the shapes a real checkout writes (see checkout.handler.ts), for the read-model specs. */

export const usd = (amount: number): Money => ({ amount, currency: 'USD' });
export const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
/** 2026-03-15 at 10:mm:ss UTC, the SPRING40 launch day. */
export const at = (minute: number, second = 0): string => `2026-03-15T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;

export const SPRING40_APPLIES = 'SPRING40 v1: eligible subtotal 129.00 USD (fashion-apparel) ≥ 100.00 USD → −40.00 USD';
export const SPRING40_SHORT = 'SPRING40 v1: eligible subtotal 89.00 USD is below 100.00 USD — 11.00 USD short';

export const cartOpened = (cartId: string, customerId: string): CartOpened => ({
  type: 'CartOpened',
  data: { cartId, customerId, currency: 'USD', channel: null, customerTags: [], openedAt: at(0) },
});

export const couponAttached = (code: string, campaignId: string, status: 'applied' | 'not_eligible', reason: ReasonCode | null, explanation: string): CouponAttached => ({
  type: 'CouponAttached',
  data: { code, campaignId, status, reason, explanation },
});

export const couponRejected = (code: string, campaignId: string | null, reason: ReasonCode, explanation: string): CouponRejected => ({
  type: 'CouponRejected',
  data: { code, campaignId, reason, explanation },
});

export const couponDetached = (code: string, campaignId: string): CouponDetached => ({ type: 'CouponDetached', data: { code, campaignId } });

export const discount = (campaignId: string, code: string | null, amount: Money, explanation = SPRING40_APPLIES): AppliedDiscount => ({
  campaignId, campaignVersion: 1, code, amount, lineAllocations: [], shippingDiscount: { amount: 0, currency: amount.currency }, explanation,
});

export const quoteIssued = (quoteId: string, total: Money, coupons: readonly CouponStatus[], discounts: readonly AppliedDiscount[]): QuoteIssued => ({
  type: 'QuoteIssued',
  data: {
    quoteId, currency: total.currency, lines: [], discounts, coupons, subtotal: total, shipping: usd(0), shippingDiscount: usd(0), total,
    issuedAt: at(0), validUntil: at(30), priceVersions: {}, campaignVersions: {}, cartVersion: 1,
  },
});

export const cartCheckedOut = (orderId: string): CartCheckedOut => ({ type: 'CartCheckedOut', data: { orderId, quoteId: `q-${orderId}`, checkedOutAt: at(0) } });

export const orderPlaced = (orderId: string, cartId: string, customerId: string, expectedTotal: Money, discounts: readonly AppliedDiscount[] = []): OrderPlaced => ({
  type: 'OrderPlaced',
  data: {
    orderId, cartId, quoteId: `q-${orderId}`, customerId, currency: expectedTotal.currency, lines: [], discounts, subtotal: expectedTotal,
    shipping: { amount: 0, currency: expectedTotal.currency }, shippingDiscount: { amount: 0, currency: expectedTotal.currency }, expectedTotal, campaignVersions: {}, priceVersions: {}, placedAt: at(0),
  },
});

/** A charge as the order decider records it: `totalCharged` is everything charged so far. */
export const chargeRecorded = (amount: Money, totalCharged: Money, expected: Money, paymentRef = `pay-${totalCharged.amount}`): ChargeRecorded => {
  const delta = subtract(totalCharged, expected);
  return { type: 'ChargeRecorded', data: { amount, paymentRef, totalCharged, expected, delta, mismatch: !isZero(delta), chargedAt: at(0) } };
};

export const refundRecorded = (amount: Money, totalRefunded: Money, reason = 'SPRING40 discount missed at checkout'): RefundRecorded => ({
  type: 'RefundRecorded',
  data: { amount, reason, refundRef: `refund-${totalRefunded.amount}`, totalRefunded, refundedAt: at(0) },
});

export const orderCancelled = (reason: string): OrderCancelled => ({ type: 'OrderCancelled', data: { reason, cancelledAt: at(0) } });

export const disputeResolved = (disputeId: string, resolution: 'upheld' | 'rejected'): DisputeResolved => ({
  type: 'DisputeResolved',
  data: { disputeId, resolution, resolvedAt: at(0) },
});

const totals = { totals: { redemptions: 1, discountGiven: { USD: 4000 } }, customerCount: 1 };

export const redemptionConfirmed = (campaignId: string, orderId: string, customerId: string): RedemptionConfirmed => ({
  type: 'RedemptionConfirmed',
  data: { ...totals, campaignId, reservationId: orderId, orderId, customerId, confirmedAt: at(0) },
});

export const redemptionReleased = (campaignId: string, orderId: string, customerId: string, amount: Money, reason: string): RedemptionReleased => ({
  type: 'RedemptionReleased',
  data: { ...totals, campaignId, reservationId: orderId, orderId, customerId, discount: amount, reason, releasedAt: at(0) },
});

export const priceSet = (sku: string, price: Money, category: string, effectiveAt: string, reason: string, setAt: string): PriceSet => ({
  type: 'PriceSet',
  data: { sku, price, category, effectiveAt, reason, setAt },
});
