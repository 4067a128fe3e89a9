import { attachedCodesOf, type CartState, type CartContext, type ExistingCart, pricingInput, priceCart, type PricingResult, type QuoteData } from '@promo-ledger/domain';
import { ProblemException } from '../http/problem';

/** DESIGN §8 cart shape: lines with discount and net, discounts per campaign, coupon statuses, total. */
export interface CartView {
  readonly cartId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly status: string;
  readonly version: number;
  readonly position: string | null;
  readonly lines: PricingResult['lines'];
  readonly subtotal: PricingResult['subtotal'];
  readonly shipping: PricingResult['shipping'];
  readonly shippingDiscount: PricingResult['shippingDiscount'];
  readonly discounts: PricingResult['discounts'];
  readonly coupons: PricingResult['coupons'];
  readonly total: PricingResult['total'];
  readonly orderId: string | null;
}

export interface QuoteView extends CartView {
  readonly quoteId: string;
  readonly validUntil: string;
  readonly priceVersions: QuoteData['priceVersions'];
  readonly campaignVersions: QuoteData['campaignVersions'];
}

export function existingCart(state: CartState): ExistingCart {
  if (state.status === 'none') throw new ProblemException(404, 'CART.NOT_FOUND', 'There is no such cart; open one with POST /v1/carts.');
  return state;
}

/**
 * The cart priced as it stands: the unit prices recorded when items were added, the campaigns in
 * force now and the customer's history. A quote re-prices at the price book's current prices.
 */
export function cartView(cart: ExistingCart, facts: CartContext, version: bigint, position: string | null): CartView {
  const priced = priceCart(pricingInput(cart, { ...facts, prices: undefined }, attachedCodesOf(cart, facts.redeemedCodes)));
  return view(cart, priced, version, position);
}

export function quoteView(cart: ExistingCart, quote: QuoteData, version: bigint, position: string | null): QuoteView {
  return {
    ...view(cart, quote, version, position),
    quoteId: quote.quoteId,
    validUntil: quote.validUntil,
    priceVersions: quote.priceVersions,
    campaignVersions: quote.campaignVersions,
  };
}

function view(cart: ExistingCart, priced: Pick<PricingResult, 'lines' | 'subtotal' | 'shipping' | 'shippingDiscount' | 'discounts' | 'coupons' | 'total'>, version: bigint, position: string | null): CartView {
  return {
    cartId: cart.cartId,
    customerId: cart.customerId,
    currency: cart.currency,
    status: cart.status,
    version: Number(version),
    position,
    lines: priced.lines,
    subtotal: priced.subtotal,
    shipping: priced.shipping,
    shippingDiscount: priced.shippingDiscount,
    discounts: priced.discounts,
    coupons: priced.coupons,
    total: priced.total,
    orderId: cart.orderId,
  };
}
