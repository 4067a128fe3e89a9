import type { CampaignTerms } from '@promo-ledger/domain';
import type { AuditLedger } from './audit-ledger';

/** The incident's campaign: 40 USD off a Fashion & Apparel purchase of at least 100 USD. */
export const spring40Terms = (amountOff = 4000): CampaignTerms => ({
  advertisedText: `${amountOff / 100} USD off any purchase over 100 USD in Fashion & Apparel`,
  target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
  conditions: { minSubtotal: { USD: 10000 }, minQuantity: 1, customerTags: [], firstOrderOnly: false, channels: [] },
  benefit: { type: 'amount_off_order', amount: { USD: amountOff } },
  stacking: { mode: 'exclusive', priority: 10 },
  limits: { perCustomer: 1 },
  schedule: { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-03-31T23:59:59Z' },
});

export const OPENING = '2026-03-01T09:00:00.000Z';
export const at = (minute: number): string => new Date(Date.parse('2026-03-20T12:00:00.000Z') + minute * 60_000).toISOString();

/** Catalogue and SPRING40 v1, as pricing and marketing set them up before the sale. */
export async function beforeTheSale(ledger: AuditLedger): Promise<void> {
  await ledger.setPrice('DRESS-1', 12900, 'fashion-apparel', OPENING);
  await ledger.setPrice('MUG-1', 2000, 'home', OPENING);
  await ledger.launchCampaign('spring40', spring40Terms(), { type: 'public', code: 'SPRING40' }, OPENING);
}

/**
 * The postmortem's order: one dress at 129.00 USD with SPRING40, quoted and placed at 89.00 USD,
 * then charged the full 129.00 USD by a checkout that dropped the discount.
 */
export async function missedDiscountOrder(ledger: AuditLedger, orderId: string, minute: number, charged = 12900): Promise<void> {
  const cartId = `cart-${orderId}`;
  const quoteId = `quote-${orderId}`;
  await ledger.cart(cartId, { type: 'OpenCart', data: { cartId, customerId: `shopper-${orderId}`, currency: 'USD', channel: 'web' } }, at(minute));
  await ledger.cart(cartId, { type: 'AddItem', data: { sku: 'DRESS-1', quantity: 1 } }, at(minute));
  await ledger.cart(cartId, { type: 'AttachCoupon', data: { code: 'SPRING40' } }, at(minute + 1));
  await ledger.cart(cartId, { type: 'IssueQuote', data: {} }, at(minute + 2), quoteId);
  await ledger.checkout(cartId, quoteId, orderId, at(minute + 3));
  await ledger.charge(orderId, charged, `psp-${orderId}`, at(minute + 4));
}
