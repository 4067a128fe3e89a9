import type { LedgerHttp } from './ledger-http';
import type { ShopperPlan } from './spring40-scenario';

interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** What one shopper's visit left behind, as the checkout service saw it. */
export interface ShopperOutcome {
  readonly plan: ShopperPlan;
  readonly cartId: string;
  /** applied / not_eligible (200) or the rejection code (422), null without a code. */
  readonly couponAnswer: string | null;
  readonly orderId: string | null;
  /** Sum of the discounts the ledger priced into the order (0 when none was due). */
  readonly discountDue: number;
  readonly expectedTotal: number | null;
  readonly charged: number | null;
  /** The discount the faulty checkout left out of the charge (0 when it charged right). */
  readonly discountDropped: number;
  readonly chargePosition: string | null;
  readonly checkoutReplayed: boolean;
}

interface CouponView {
  readonly code: string;
  readonly status: string;
}

/**
 * One shopper through the checkout service: open a cart, add items, try a code, quote, check out
 * and pay — each request with its own Idempotency-Key. The checkout's pricing module is where the
 * incident's fault lives: for a faulted shopper it charges the pre-discount total.
 */
export async function runShopper(ledger: LedgerHttp, runTag: string, plan: ShopperPlan): Promise<ShopperOutcome> {
  const id = `${runTag}-${plan.index}`;
  const cartId = `cart-${id}`;
  const key = (step: string) => `sim-${id}-${step}`;
  const outcome = { plan, cartId, couponAnswer: null as string | null, orderId: null, discountDue: 0, expectedTotal: null, charged: null, discountDropped: 0, chargePosition: null, checkoutReplayed: false };

  await ledger.call('checkout', 'POST', '/v1/carts', { idempotencyKey: key('open'), body: { cartId, customerId: `shopper-${id}`, currency: 'USD', channel: 'web' } });
  for (const item of plan.items) {
    await ledger.call('checkout', 'POST', `/v1/carts/${cartId}/items`, { idempotencyKey: key(`add-${item.sku}`), body: item });
  }
  if (plan.code !== null) {
    const attempt = await ledger.call<{ coupons?: CouponView[]; code?: string }>('checkout', 'POST', `/v1/carts/${cartId}/coupons`, {
      idempotencyKey: key('coupon'), body: { code: plan.code }, accept: [422],
    });
    outcome.couponAnswer = attempt.status === 422 ? (attempt.body.code ?? 'REJECTED') : (attempt.body.coupons?.find((coupon) => coupon.code === plan.code)?.status ?? null);
  }
  if (plan.exit === 'leaves-before-quote') return outcome;
  const quote = await ledger.call<{ quoteId: string }>('checkout', 'POST', `/v1/carts/${cartId}/quote`, { idempotencyKey: key('quote') });
  if (plan.exit === 'leaves-after-quote') return outcome;

  const checkoutRequest = { idempotencyKey: key('checkout'), body: { quoteId: quote.body.quoteId, orderId: `order-${id}` } };
  const order = await ledger.call<{ orderId: string; expectedTotal: Money; discounts: { amount: Money }[] }>('checkout', 'POST', `/v1/carts/${cartId}/checkout`, checkoutRequest);
  if (plan.retriesCheckout) {
    const retry = await ledger.call<{ orderId: string }>('checkout', 'POST', `/v1/carts/${cartId}/checkout`, checkoutRequest);
    if (!retry.replayed || retry.body.orderId !== order.body.orderId) throw new Error(`retried checkout of ${cartId} was not answered from the first response`);
    outcome.checkoutReplayed = true;
  }
  const expected = order.body.expectedTotal;
  const discountDue = order.body.discounts.reduce((sum, discount) => sum + discount.amount.amount, 0);
  const discountDropped = plan.chargedWithoutDiscount ? discountDue : 0;
  const charged = expected.amount + discountDropped;
  const charge = await ledger.call<{ position: string }>('checkout', 'POST', `/v1/orders/${order.body.orderId}/charges`, {
    idempotencyKey: key('charge'), body: { amount: { amount: charged, currency: expected.currency }, paymentRef: `psp-${id}` },
  });
  return { ...outcome, orderId: order.body.orderId, discountDue, expectedTotal: expected.amount, charged, discountDropped, chargePosition: charge.body.position };
}
