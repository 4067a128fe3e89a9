import type { QuoteData } from '../cart/cart.events';
import { money } from '../money';
import { spec } from '../testing/decider-spec';
import { SPRING40_ID, catalogue, usd } from '../testing/fixtures';
import type { OrderCommand } from './order.commands';
import { orderDecider } from './order.decider';
import type { OrderEvent } from './order.events';

const now = '2026-03-20T12:05:00Z';
const ctx = { now };
const order = spec(orderDecider);
const { jacket } = catalogue;

/** SPRING40 on a 129.00 USD jacket with 5.00 USD shipping: 129.00 − 40.00 + 5.00 = 94.00 USD. */
const quote: QuoteData = {
  quoteId: 'q-1',
  currency: 'USD',
  lines: [{ sku: jacket.sku, category: jacket.category, quantity: 1, unitPrice: usd(12900), lineTotal: usd(12900), discount: usd(4000), netTotal: usd(8900) }],
  discounts: [
    {
      campaignId: SPRING40_ID, campaignVersion: 1, code: 'SPRING40', amount: usd(4000),
      lineAllocations: [{ sku: jacket.sku, amount: usd(4000) }], shippingDiscount: usd(0), explanation: 'SPRING40 v1 applies.',
    },
  ],
  coupons: [],
  subtotal: usd(12900),
  shipping: usd(500),
  shippingDiscount: usd(0),
  total: usd(9400),
  issuedAt: '2026-03-20T12:00:00Z',
  validUntil: '2026-03-20T12:15:00Z',
  priceVersions: { [jacket.sku]: 3 },
  campaignVersions: { [SPRING40_ID]: 1 },
  cartVersion: 2,
};

const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    orderId: 'o-1', cartId: 'cart-1', quoteId: 'q-1', customerId: 'cust-1', currency: 'USD',
    lines: quote.lines, discounts: quote.discounts, subtotal: usd(12900), shipping: usd(500), shippingDiscount: usd(0),
    expectedTotal: usd(9400), campaignVersions: quote.campaignVersions, priceVersions: quote.priceVersions, placedAt: now,
  },
};
const charge = (amount: number, paymentRef = 'pay-1'): OrderCommand => ({ type: 'RecordCharge', data: { amount: usd(amount), paymentRef } });
const charged = (amount: number, total = amount, paymentRef = 'pay-1'): OrderEvent => ({
  type: 'ChargeRecorded',
  data: { amount: usd(amount), paymentRef, totalCharged: usd(total), expected: usd(9400), delta: usd(total - 9400), mismatch: total !== 9400, chargedAt: now },
});
const refund = (amount: number, refundRef = 'ref-1'): OrderCommand => ({ type: 'RecordRefund', data: { amount: usd(amount), reason: 'SPRING40 not applied', refundRef } });
const disputeOpened: OrderEvent = { type: 'DisputeOpened', data: { disputeId: 'd-1', reason: 'discount missing', openedBy: 'support', openedAt: now } };

describe('order decider', () => {
  it('places the order from the quote the shopper accepted', () => {
    order.given([]).when({ type: 'PlaceOrder', data: { orderId: 'o-1', cartId: 'cart-1', customerId: 'cust-1', quote } }, ctx).then([placed]);
  });

  it('rejects placing it twice with ORDER.ALREADY_EXISTS', () => {
    order.given([placed]).when({ type: 'PlaceOrder', data: { orderId: 'o-1', cartId: 'cart-1', customerId: 'cust-1', quote } }, ctx).thenRejects('ORDER.ALREADY_EXISTS');
  });

  it('rejects a command on an order never placed with ORDER.NOT_FOUND', () => {
    order.given([]).when(charge(9400), ctx).thenRejects('ORDER.NOT_FOUND');
  });

  describe('RecordCharge', () => {
    it('records a charge matching the expected total', () => {
      order.given([placed]).when(charge(9400), ctx).then([charged(9400)]);
    });

    it('records the incident: charged full price, 40.00 USD over — a mismatch', () => {
      const [event] = order.given([placed]).when(charge(13400), ctx).then([charged(13400)]);
      expect(event.data).toMatchObject({ delta: usd(4000), mismatch: true });
    });

    it('records a charge on a cancelled order too, and sums split payments', () => {
      const cancelled: OrderEvent = { type: 'OrderCancelled', data: { reason: 'shopper asked', cancelledAt: now } };
      order.given([placed, charged(5000), cancelled]).when(charge(4400, 'pay-2'), ctx).then([charged(4400, 9400, 'pay-2')]);
    });

    it('rejects a charge in another currency with ORDER.CURRENCY_MISMATCH', () => {
      order.given([placed]).when({ type: 'RecordCharge', data: { amount: money(9400, 'EUR'), paymentRef: 'pay-1' } }, ctx).thenRejects('ORDER.CURRENCY_MISMATCH');
    });

    it('rejects a negative charge with ORDER.INVALID_AMOUNT', () => {
      order.given([placed]).when(charge(-1), ctx).thenRejects('ORDER.INVALID_AMOUNT');
    });

    it('rejects the same payment twice with ORDER.DUPLICATE_CHARGE', () => {
      order.given([placed, charged(9400)]).when(charge(9400), ctx).thenRejects('ORDER.DUPLICATE_CHARGE');
    });
  });

  describe('RecordRefund', () => {
    it('refunds up to what was charged', () => {
      order
        .given([placed, charged(13400)])
        .when(refund(4000), ctx)
        .then([{ type: 'RefundRecorded', data: { amount: usd(4000), reason: 'SPRING40 not applied', refundRef: 'ref-1', totalRefunded: usd(4000), refundedAt: now } }]);
    });

    it('rejects more than charged minus refunded with ORDER.REFUND_EXCEEDS_CHARGED', () => {
      const refunded: OrderEvent = { type: 'RefundRecorded', data: { amount: usd(4000), reason: 'x', refundRef: 'ref-1', totalRefunded: usd(4000), refundedAt: now } };
      order.given([placed, charged(13400), refunded]).when(refund(9401, 'ref-2'), ctx).thenRejects('ORDER.REFUND_EXCEEDS_CHARGED');
    });

    it('rejects the same refund twice with ORDER.DUPLICATE_REFUND', () => {
      const refunded: OrderEvent = { type: 'RefundRecorded', data: { amount: usd(100), reason: 'x', refundRef: 'ref-1', totalRefunded: usd(100), refundedAt: now } };
      order.given([placed, charged(13400), refunded]).when(refund(100), ctx).thenRejects('ORDER.DUPLICATE_REFUND');
    });

    it('rejects a zero refund with ORDER.INVALID_AMOUNT', () => {
      order.given([placed, charged(9400)]).when(refund(0), ctx).thenRejects('ORDER.INVALID_AMOUNT');
    });
  });

  describe('CancelOrder', () => {
    it('cancels once; a second cancel is rejected with ORDER.ALREADY_CANCELLED', () => {
      const cancelled: OrderEvent = { type: 'OrderCancelled', data: { reason: 'shopper asked', cancelledAt: now } };
      order.given([placed]).when({ type: 'CancelOrder', data: { reason: 'shopper asked' } }, ctx).then([cancelled]);
      order.given([placed, cancelled]).when({ type: 'CancelOrder', data: { reason: 'again' } }, ctx).thenRejects('ORDER.ALREADY_CANCELLED');
    });
  });

  describe('disputes', () => {
    const resolve = (over: Partial<Extract<OrderCommand, { type: 'ResolveDispute' }>['data']> = {}): OrderCommand => ({
      type: 'ResolveDispute',
      data: { disputeId: 'd-1', resolution: 'upheld', refund: usd(4000), ...over },
    });
    const resolved: OrderEvent = { type: 'DisputeResolved', data: { disputeId: 'd-1', resolution: 'upheld', refund: usd(4000), resolvedAt: now } };

    it('opens a dispute', () => {
      order.given([placed]).when({ type: 'OpenDispute', data: { disputeId: 'd-1', reason: 'discount missing', openedBy: 'support' } }, ctx).then([disputeOpened]);
    });

    it('rejects a dispute id used before with ORDER.DISPUTE_ALREADY_EXISTS', () => {
      order.given([placed, disputeOpened]).when({ type: 'OpenDispute', data: { disputeId: 'd-1', reason: 'again', openedBy: 'support' } }, ctx).thenRejects('ORDER.DISPUTE_ALREADY_EXISTS');
    });

    const disputeRefunded = (totalRefunded = 4000): OrderEvent => ({
      type: 'RefundRecorded',
      data: { amount: usd(4000), reason: 'dispute d-1 upheld', refundRef: 'dispute-d-1', totalRefunded: usd(totalRefunded), refundedAt: now },
    });

    it('resolves upheld with a refund and records the refund in the same decision, its ref derived from the dispute', () => {
      order.given([placed, charged(13400), disputeOpened]).when(resolve(), ctx).then([resolved, disputeRefunded()]);
    });

    it('adds the dispute refund to refunds already recorded', () => {
      const earlier: OrderEvent = { type: 'RefundRecorded', data: { amount: usd(1000), reason: 'x', refundRef: 'ref-1', totalRefunded: usd(1000), refundedAt: now } };
      order.given([placed, charged(13400), earlier, disputeOpened]).when(resolve(), ctx).then([resolved, disputeRefunded(5000)]);
    });

    it('resolves upheld without a refund, or rejected, with DisputeResolved alone', () => {
      const upheld: OrderEvent = { type: 'DisputeResolved', data: { disputeId: 'd-1', resolution: 'upheld', resolvedAt: now } };
      order.given([placed, charged(13400), disputeOpened]).when(resolve({ refund: undefined }), ctx).then([upheld]);
      const rejected: OrderEvent = { type: 'DisputeResolved', data: { disputeId: 'd-1', resolution: 'rejected', resolvedAt: now } };
      order.given([placed, charged(13400), disputeOpened]).when(resolve({ resolution: 'rejected', refund: undefined }), ctx).then([rejected]);
    });

    it('rejects a refund whose dispute ref was already used by hand with ORDER.DUPLICATE_REFUND', () => {
      const byHand: OrderEvent = { type: 'RefundRecorded', data: { amount: usd(100), reason: 'x', refundRef: 'dispute-d-1', totalRefunded: usd(100), refundedAt: now } };
      order.given([placed, charged(13400), byHand, disputeOpened]).when(resolve(), ctx).thenRejects('ORDER.DUPLICATE_REFUND');
    });

    it('leaves the order refundable by the rest only, so a second refund cannot exceed what was charged', () => {
      const after = [placed, charged(13400), disputeOpened, resolved, disputeRefunded()];
      order.given(after).when(refund(9401, 'ref-2'), ctx).thenRejects('ORDER.REFUND_EXCEEDS_CHARGED');
    });

    it('rejects an unknown dispute with ORDER.DISPUTE_NOT_FOUND', () => {
      order.given([placed]).when(resolve(), ctx).thenRejects('ORDER.DISPUTE_NOT_FOUND');
    });

    it('rejects resolving twice with ORDER.DISPUTE_ALREADY_RESOLVED', () => {
      order.given([placed, charged(13400), disputeOpened, resolved, disputeRefunded()]).when(resolve(), ctx).thenRejects('ORDER.DISPUTE_ALREADY_RESOLVED');
    });

    it('rejects a resolution refund above what was charged with ORDER.REFUND_EXCEEDS_CHARGED', () => {
      order.given([placed, disputeOpened]).when(resolve(), ctx).thenRejects('ORDER.REFUND_EXCEEDS_CHARGED');
    });
  });
});
