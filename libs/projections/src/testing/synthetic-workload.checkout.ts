import { add, type CartCommand, type ExistingCart, type ExistingOrder, type QuoteData, sum } from '@promo-ledger/domain';
import type { SyntheticLedger } from './synthetic-workload.ledger';
import type { SeededRandom } from './synthetic-workload.random';
import type { ShopperPlan, ShopperStep } from './synthetic-workload.plan';

type SendCart = (command: CartCommand, correlationId: string) => Generator<ShopperStep, boolean>;

/**
 * CheckoutHandler's steps, one append each under the request's correlation id: judge the quote
 * (a dry run), reserve each discounted campaign's budget, check the cart out (the commit point),
 * place the order, confirm the reservations, record the order in the customer's history. A quote
 * that went stale releases what was reserved; the caller re-quotes. Null when nothing was placed.
 */
export function* checkout(ledger: SyntheticLedger, random: SeededRandom, cart: ExistingCart, quote: QuoteData, orderId: string, send: SendCart): Generator<ShopperStep, ExistingOrder | null> {
  const correlationId = random.uuid();
  const command: CartCommand = { type: 'Checkout', data: { quoteId: quote.quoteId, orderId } };
  if (ledger.cart(cart, command).rejection !== null) return null;

  const reserved: string[] = [];
  const release = function* (reason: string): Generator<ShopperStep, void> {
    for (const campaignId of reserved) {
      const released = ledger.budget({ type: 'ReleaseRedemption', data: { campaignId, reservationId: orderId, reason } });
      if (released.events.length > 0) yield { ...released, correlationId };
    }
  };
  for (const { campaignId, amount } of quote.discounts) {
    const reservation = ledger.budget({ type: 'ReserveRedemption', data: { campaignId, reservationId: orderId, orderId, customerId: cart.customerId, discount: amount } });
    if (reservation.rejection !== null) {
      yield* release('another campaign of the order ran out');
      return null;
    }
    reserved.push(campaignId);
    yield { ...reservation, correlationId };
  }
  if (!(yield* send(command, correlationId))) {
    yield* release('checkout failed');
    return null;
  }

  const placed = ledger.order(orderId, { status: 'none' }, { type: 'PlaceOrder', data: { orderId, cartId: cart.cartId, customerId: cart.customerId, quote } });
  yield { ...placed, correlationId };
  for (const campaignId of reserved) {
    yield { ...ledger.budget({ type: 'ConfirmRedemption', data: { campaignId, reservationId: orderId } }), correlationId };
  }
  const campaignIds = quote.discounts.map((discount) => discount.campaignId);
  yield { ...ledger.customerCommand({ type: 'RecordCustomerOrder', data: { customerId: cart.customerId, orderId, campaignIds } }), correlationId };
  return placed.state as ExistingOrder;
}

/**
 * The payment provider's charge (the undiscounted amount when the plan says the discount was lost
 * on the way: the incident's mismatch), then, for a cancelling shopper, the cancellation with
 * ReleaseReservationsOnCancel's releases and the refund of what was charged.
 */
export function* afterPlacement(ledger: SyntheticLedger, random: SeededRandom, plan: ShopperPlan, order: ExistingOrder, orderId: string): Generator<ShopperStep, void> {
  const { currency, expectedTotal, discounts, customerId } = order.placed;
  const discount = sum(discounts.map((applied) => applied.amount), currency);
  const amount = plan.chargeWithoutDiscount && discounts.length > 0 ? add(expectedTotal, discount) : expectedTotal;
  const charged = ledger.order(orderId, order, { type: 'RecordCharge', data: { amount, paymentRef: `psp-${random.uuid()}` } });
  yield { ...charged, correlationId: random.uuid() };
  if (!plan.cancelAfterCharge) return;

  const correlationId = random.uuid();
  const cancelled = ledger.order(orderId, charged.state, { type: 'CancelOrder', data: { reason: 'shopper changed their mind' } });
  yield { ...cancelled, correlationId };
  for (const { campaignId } of discounts) {
    const released = ledger.budget({ type: 'ReleaseRedemption', data: { campaignId, reservationId: orderId, reason: 'order cancelled' } });
    if (released.events.length > 0) yield { ...released, correlationId };
  }
  yield { ...ledger.customerCommand({ type: 'VoidCustomerOrder', data: { customerId, orderId } }), correlationId };
  if (amount.amount > 0) {
    const refunded = ledger.order(orderId, cancelled.state, { type: 'RecordRefund', data: { amount, reason: 'order cancelled', refundRef: `refund-${random.uuid()}` } });
    yield { ...refunded, correlationId: random.uuid() };
  }
}
