import type { ShopperPlan, ShopperStep } from './synthetic-workload.plan';
import { type CartCommand, type CartState, type ExistingCart } from '@promo-ledger/domain';
import { afterPlacement, checkout } from './synthetic-workload.checkout';
import { type Shop, UNKNOWN_CODES } from './synthetic-workload.catalogue';
import type { SyntheticLedger } from './synthetic-workload.ledger';
import type { SeededRandom } from './synthetic-workload.random';

export type { ShopperPlan, ShopperStep } from './synthetic-workload.plan';

const SPRING40_MIN = 10_000;

/**
 * A shopper's session as the checkout service drives the API: open a cart, add items, maybe a
 * coupon, quote, then abandon or check out (CheckoutHandler's steps), charge, sometimes cancel.
 * Each yield is one append, decided when the generator is advanced, so interleaved shoppers
 * decide on the ledger as it stands at their turn, like concurrent requests.
 */
export function* shopperSession(ledger: SyntheticLedger, random: SeededRandom, shop: Shop, plan: ShopperPlan): Generator<ShopperStep, void> {
  let cart: CartState = { status: 'none' };
  const send = function* (command: CartCommand, correlationId = random.uuid()): Generator<ShopperStep, boolean> {
    const stepped = ledger.cart(cart, command);
    cart = stepped.state;
    if (stepped.events.length > 0) yield { streamId: stepped.streamId, events: stepped.events, correlationId };
    if (stepped.rejection !== null && command.type !== 'AttachCoupon' && command.type !== 'Checkout') {
      throw new Error(`synthetic shopper: ${command.type} was rejected (${stepped.rejection.code}: ${stepped.rejection.message})`);
    }
    return stepped.rejection === null;
  };
  const open = (): ExistingCart => cart as ExistingCart;
  const fashionSubtotal = (): number => open().lines.filter((line) => line.category === 'fashion-apparel').reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0);
  const code = plan.coupon === 'spring40' ? shop.spring40.code : random.pick(UNKNOWN_CODES);

  yield* send({ type: 'OpenCart', data: { cartId: plan.cartId, customerId: plan.customerId, currency: 'USD', channel: plan.channel, customerTags: plan.customerTags } });
  if (plan.coupon !== 'none' && plan.couponFirst) yield* send({ type: 'AttachCoupon', data: { code } });
  for (const { sku, quantity } of chooseItems(ledger, random, shop, plan.small)) yield* send({ type: 'AddItem', data: { sku, quantity } });
  if (!plan.small && fashionSubtotal() < SPRING40_MIN) {
    // a regular shopper tops up: more of the dearest fashion line until SPRING40's minimum is met
    const line = [...open().lines].filter((item) => item.category === 'fashion-apparel').sort((a, b) => b.unitPrice.amount - a.unitPrice.amount)[0];
    const quantity = line.quantity + Math.ceil((SPRING40_MIN - fashionSubtotal()) / line.unitPrice.amount);
    yield* send({ type: 'ChangeItemQuantity', data: { sku: line.sku, quantity } });
  }
  const homeLine = open().lines.find((line) => line.category === 'home');
  if (plan.removeHomeItem && homeLine) yield* send({ type: 'RemoveItem', data: { sku: homeLine.sku } });
  if (plan.shipping) yield* send({ type: 'SetShipping', data: { amount: { amount: 495, currency: 'USD' } } });
  if (plan.coupon !== 'none' && !plan.couponFirst) yield* send({ type: 'AttachCoupon', data: { code } });
  if (plan.detachCoupon && open().coupons.length > 0) yield* send({ type: 'DetachCoupon', data: { code: open().coupons[0].code } });
  if (plan.abandon !== 'no') {
    if (plan.abandon === 'after_quote') yield* send({ type: 'IssueQuote', data: {} });
    yield* send({ type: 'AbandonCart', data: { reason: 'shopper left' } });
    return;
  }
  for (let attempt = 1; ; attempt += 1) {
    // a first quote, or a new one after QUOTE_STALE (a price changed meanwhile), as the API's 409 asks
    yield* send({ type: 'IssueQuote', data: {} });
    const quotes = Object.values(open().quotes);
    const quote = quotes[quotes.length - 1];
    const orderId = `order-${quote.quoteId}`;
    const placed = yield* checkout(ledger, random, open(), quote, orderId, send);
    if (placed) return yield* afterPlacement(ledger, random, plan, placed, orderId);
    if (attempt === 3) throw new Error(`synthetic shopper: checkout of ${plan.cartId} kept failing`);
  }
}

function chooseItems(ledger: SyntheticLedger, random: SeededRandom, { catalogue }: Shop, small: boolean): { sku: string; quantity: number }[] {
  const fashion = catalogue.filter((item) => item.category === 'fashion-apparel');
  const home = catalogue.filter((item) => item.category === 'home');
  if (small) {
    const cheap = fashion.filter((item) => (ledger.priceOf(item.sku)?.price.amount ?? Infinity) < 9_000);
    const homeItems = Array.from({ length: random.int(0, 2) }, () => random.pick(home));
    return [random.pick(cheap), ...new Set(homeItems)].map((item) => ({ sku: item.sku, quantity: item.category === 'home' ? random.int(1, 2) : 1 }));
  }
  const chosen = new Set(Array.from({ length: random.int(1, 4) }, () => random.pick(catalogue)));
  if (![...chosen].some((item) => item.category === 'fashion-apparel')) chosen.add(random.pick(fashion));
  return [...chosen].map((item) => ({ sku: item.sku, quantity: random.chance(0.3) ? 2 : 1 }));
}
