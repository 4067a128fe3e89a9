import { type CampaignTerms, money } from '@promo-ledger/domain';
import { CheckoutStory } from './checkout-story';

/** The incident's sale, shared by the order_totals specs. */
export const usd = (amount: number) => money(amount, 'USD');
export const OPENING = '2026-03-01T09:00:00.000Z';
export const at = (minute: number) => new Date(Date.parse('2026-03-20T12:00:00.000Z') + minute * 60_000).toISOString();

export const spring40: CampaignTerms = {
  advertisedText: '40 USD off any purchase over 100 USD in Fashion & Apparel',
  target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
  conditions: { minSubtotal: { USD: 10000 }, minQuantity: 1, customerTags: [], firstOrderOnly: false, channels: [] },
  benefit: { type: 'amount_off_order', amount: { USD: 4000 } },
  stacking: { mode: 'exclusive', priority: 10 },
  limits: { maxRedemptions: 50000, maxDiscount: { USD: 2000000 }, perCustomer: 1 },
  schedule: { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-03-31T23:59:59Z' },
};

/** The catalogue and SPRING40 as marketing and pricing set them up before the sale. */
export function storyBeforeTheSale(): CheckoutStory {
  const story = new CheckoutStory();
  story.setPrice('DRESS-1', 12900, 'fashion-apparel', OPENING);
  story.setPrice('SKIRT-1', 8900, 'fashion-apparel', OPENING);
  story.setPrice('MUG-1', 2000, 'home', OPENING);
  story.launchCampaign('spring40', spring40, { type: 'public', code: 'SPRING40' }, OPENING);
  return story;
}

/** A shopper's cart up to a quote: opened, items added, code attached, quoted. Returns the quote id. */
export function quotedCart(story: CheckoutStory, cartId: string, items: readonly [string, number][], code: string | null, minute: number): string {
  story.cart(cartId, { type: 'OpenCart', data: { cartId, customerId: `shopper-${cartId}`, currency: 'USD', channel: 'web' } }, at(minute));
  for (const [sku, quantity] of items) story.cart(cartId, { type: 'AddItem', data: { sku, quantity } }, at(minute));
  if (code !== null) story.cart(cartId, { type: 'AttachCoupon', data: { code } }, at(minute + 1));
  const quoteId = `quote-${cartId}-${minute}`;
  story.cart(cartId, { type: 'IssueQuote', data: {} }, at(minute + 2), quoteId);
  return quoteId;
}
