import type { CampaignCodes, CampaignTerms } from '../campaign/terms';
import type { CampaignSnapshot } from '../pricing/pricing.types';
import type { CartOpened, CouponAttached, ItemAdded } from '../cart/cart.events';
import { money, type Money } from '../money';
import type { PriceBookEntry } from '../price/price.state';

export const usd = (amount: number): Money => money(amount, 'USD');

export const SPRING40_ID = 'spring40';
export const SPRING40_CODE = 'SPRING40';

/** The incident's campaign: 40.00 USD off when the fashion-apparel subtotal is at least 100.00 USD. */
export const spring40Terms: CampaignTerms = {
  advertisedText: '40 USD off any purchase over 100 USD in Fashion & Apparel',
  target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
  conditions: { minSubtotal: { USD: 10000 }, minQuantity: 1, customerTags: [], firstOrderOnly: false, channels: [] },
  benefit: { type: 'amount_off_order', amount: { USD: 4000 } },
  stacking: { mode: 'exclusive', priority: 10 },
  limits: { maxRedemptions: 50000, maxDiscount: { USD: 2000000 }, perCustomer: 1 },
  schedule: { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-03-31T23:59:59Z' },
};

export const spring40Codes: CampaignCodes = { type: 'public', code: SPRING40_CODE };

export function spring40Snapshot(overrides: Partial<CampaignSnapshot> = {}): CampaignSnapshot {
  return {
    campaignId: SPRING40_ID,
    name: 'Spring 40',
    version: 1,
    status: 'active',
    terms: spring40Terms,
    codes: spring40Codes,
    usage: { redemptions: 0, discountGiven: {} },
    ...overrides,
  };
}

/** Instants inside the SPRING40 schedule. */
export const DURING_SPRING = '2026-03-20T12:00:00Z';
export const LATER_DURING_SPRING = '2026-03-20T12:10:00Z';

const since = '2026-03-01T00:00:00Z';

/** A small catalogue: two fashion items and one that SPRING40 does not target. */
export const catalogue = {
  dress: { sku: 'DRESS-1', category: 'fashion-apparel', price: usd(8900), version: 1, effectiveAt: since },
  jacket: { sku: 'JACKET-1', category: 'fashion-apparel', price: usd(12900), version: 3, effectiveAt: since },
  mug: { sku: 'MUG-1', category: 'home', price: usd(2000), version: 1, effectiveAt: since },
} satisfies Record<string, PriceBookEntry>;

/** The price book as a handler would pass it in a cart context, keyed by sku. */
export const priceBook: Readonly<Record<string, PriceBookEntry>> = Object.fromEntries(
  Object.values(catalogue).map((entry) => [entry.sku, entry]),
);

export const CART_ID = 'cart-1';
export const CUSTOMER_ID = 'cust-1';

export function cartOpened(over: Partial<CartOpened['data']> = {}): CartOpened {
  return {
    type: 'CartOpened',
    data: { cartId: CART_ID, customerId: CUSTOMER_ID, currency: 'USD', channel: 'web', customerTags: [], openedAt: DURING_SPRING, ...over },
  };
}

export function itemAdded(entry: PriceBookEntry, quantity = 1): ItemAdded {
  return {
    type: 'ItemAdded',
    data: { sku: entry.sku, category: entry.category, quantity, unitPrice: entry.price, priceVersion: entry.version },
  };
}

export function spring40Attached(status: 'applied' | 'not_eligible' = 'applied', explanation = 'SPRING40 applies.'): CouponAttached {
  return {
    type: 'CouponAttached',
    data: { code: SPRING40_CODE, campaignId: SPRING40_ID, status, reason: status === 'applied' ? null : 'MIN_SUBTOTAL_NOT_MET', explanation },
  };
}

export const firstTimeCustomer = { isFirstOrder: true, redemptionsByCampaign: {} };
