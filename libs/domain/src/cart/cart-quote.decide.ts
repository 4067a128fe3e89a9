import { accept, reject, type Decision } from '../decider';
import { priceCart } from '../pricing';
import { CartRejections as R, type CartContext, type Checkout, type CurrentVersions } from './cart.commands';
import type { CartEvent, QuoteData } from './cart.events';
import { attachedCodesOf, pricingInput, required } from './cart.pricing-input';
import type { ExistingCart } from './cart.state';

type CartDecision = Decision<CartEvent>;

/** Prices the cart at the current prices and campaigns and records exactly what the shopper is shown. */
export function issueQuote(cart: ExistingCart, context: CartContext): CartDecision {
  if (cart.lines.length === 0) return reject(R.empty, 'The cart is empty; add an item before asking for a quote.');
  const prices = required(context.prices, 'prices');
  const unpriced = cart.lines.filter((line) => prices[line.sku] === undefined).map((line) => line.sku);
  if (unpriced.length > 0) {
    return reject(R.unknownSku, `${unpriced.join(', ')} no longer has a price; remove it from the cart to get a quote.`, { skus: unpriced });
  }
  const priced = priceCart(pricingInput(cart, context, attachedCodesOf(cart, context.redeemedCodes)));
  const campaigns = required(context.campaigns, 'campaigns');
  return accept({
    type: 'QuoteIssued',
    data: {
      quoteId: required(context.quoteId, 'quoteId'),
      currency: cart.currency,
      lines: priced.lines,
      discounts: priced.discounts,
      coupons: priced.coupons,
      subtotal: priced.subtotal,
      shipping: priced.shipping,
      shippingDiscount: priced.shippingDiscount,
      total: priced.total,
      issuedAt: context.now,
      validUntil: required(context.validUntil, 'validUntil'),
      priceVersions: Object.fromEntries(cart.lines.map((line) => [line.sku, prices[line.sku].version])),
      campaignVersions: Object.fromEntries(campaigns.map((campaign) => [campaign.campaignId, campaign.version])),
      cartVersion: cart.contentVersion,
    },
  });
}

/**
 * Checks out on a quote only while it still holds: not expired, the cart unchanged, every price and
 * campaign version as quoted, every campaign whose discount was quoted still active, and no new
 * campaign in force. Otherwise QUOTE_STALE, and the checkout re-quotes: an order is never placed on
 * totals the shopper was not shown.
 */
export function checkout({ data }: Checkout, cart: ExistingCart, context: CartContext): CartDecision {
  const quote = cart.quotes[data.quoteId];
  const reasons = quote === undefined ? [`quote ${data.quoteId} was not issued for this cart`] : staleness(quote, cart, context);
  if (reasons.length > 0) {
    return reject(R.quoteStale, `The quote no longer holds (${reasons.join('; ')}); ask for a new quote and show it to the shopper.`, {
      quoteId: data.quoteId,
      reasons,
    });
  }
  return accept({ type: 'CartCheckedOut', data: { orderId: data.orderId, quoteId: data.quoteId, checkedOutAt: context.now } });
}

function staleness(quote: QuoteData, cart: ExistingCart, context: CartContext): string[] {
  const current: CurrentVersions = required(context.current, 'current');
  const reasons: string[] = [];
  if (Date.parse(context.now) > Date.parse(quote.validUntil)) reasons.push(`it expired at ${quote.validUntil}`);
  if (quote.cartVersion !== cart.contentVersion) reasons.push('the cart changed since');
  for (const [sku, version] of Object.entries(quote.priceVersions)) {
    if (current.priceVersions[sku] !== version) reasons.push(`the price of ${sku} changed`);
  }
  const discounted = new Set(quote.discounts.map((discount) => discount.campaignId));
  for (const [campaignId, version] of Object.entries(quote.campaignVersions)) {
    const now = current.campaigns[campaignId];
    if (now === undefined || now.version !== version) reasons.push(`campaign ${campaignId} changed`);
    else if (discounted.has(campaignId) && now.status !== 'active') reasons.push(`campaign ${campaignId} is ${now.status}`);
  }
  for (const [campaignId, now] of Object.entries(current.campaigns)) {
    if (quote.campaignVersions[campaignId] === undefined && now.status === 'active') reasons.push(`campaign ${campaignId} started`);
  }
  return reasons;
}
