import type { CampaignCodes, CampaignTerms, Money } from '@promo-ledger/domain';

/** What the synthetic shop sells and which campaigns run there. */

export interface CatalogueItem {
  readonly sku: string;
  readonly category: 'fashion-apparel' | 'home';
  readonly price: Money;
}

const usd = (amount: number): Money => ({ amount, currency: 'USD' });

const fashion: readonly [string, number][] = [
  ['DRESS-LINEN', 8900], ['DRESS-WRAP', 11900], ['JACKET-DENIM', 12900], ['JACKET-RAIN', 14900], ['TEE-BASIC', 1900],
  ['TEE-GRAPHIC', 2900], ['SHIRT-OXFORD', 4900], ['JEANS-SLIM', 6900], ['JEANS-WIDE', 7900], ['SKIRT-PLEAT', 5900],
  ['SWEATER-MERINO', 9900], ['HOODIE-FLEECE', 5500], ['SCARF-SILK', 3900], ['BELT-LEATHER', 3500], ['SNEAKER-CANVAS', 6500],
  ['BOOT-CHELSEA', 15900], ['CAP-WOOL', 2500], ['SOCKS-3PK', 1200],
];
const home: readonly [string, number][] = [
  ['MUG-STONE', 1800], ['BOWL-SET', 3400], ['TOWEL-BATH', 2900], ['PILLOW-LINEN', 4500], ['CANDLE-CEDAR', 2200], ['VASE-GLASS', 3900],
  ['THROW-WOOL', 8900], ['LAMP-DESK', 6900], ['RUG-JUTE', 12900], ['FRAME-OAK', 2600], ['PLANTER-CLAY', 3100], ['TRAY-WALNUT', 4800],
];

/** Codes shoppers mistype or bring from elsewhere: never registered, so rejected as UNKNOWN_CODE. */
export const UNKNOWN_CODES = ['SPRING04', 'SPRNG40', 'WELCOME10', 'FREESHIP'] as const;

/** The shop's ids; with a prefix every sku, campaign, code, cart and customer differs, so a second workload can share a store. */
export interface Shop {
  readonly catalogue: readonly CatalogueItem[];
  readonly spring40: { readonly campaignId: string; readonly code: string; readonly name: string };
  readonly home10: { readonly campaignId: string; readonly name: string };
  /** `<prefix>-<id>`, or the id itself without a prefix. */
  readonly id: (id: string) => string;
}

export function shopFor(prefix?: string): Shop {
  const id = (value: string): string => (prefix ? `${prefix}-${value}` : value);
  const upper = (value: string): string => id(value).toUpperCase().replace(/[^A-Z0-9_-]/g, '-');
  return {
    catalogue: [
      ...fashion.map(([name, amount]): CatalogueItem => ({ sku: upper(`FA-${name}`), category: 'fashion-apparel', price: usd(amount) })),
      ...home.map(([name, amount]): CatalogueItem => ({ sku: upper(`HM-${name}`), category: 'home', price: usd(amount) })),
    ],
    spring40: { campaignId: id('spring40'), code: upper('SPRING40'), name: 'Spring 40' },
    home10: { campaignId: id('home10'), name: 'Home 10% off' },
    id,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A schedule from a day before `start` to 60 days after, covering any simulated run. */
function scheduleAround(startMs: number): CampaignTerms['schedule'] {
  return { startsAt: new Date(startMs - DAY_MS).toISOString(), endsAt: new Date(startMs + 60 * DAY_MS).toISOString() };
}

/** The incident's terms (libs/domain testing fixtures' spring40Terms) with no per-customer limit and room for millions of orders. */
export function spring40Terms(startMs: number): CampaignTerms {
  return {
    advertisedText: '40 USD off any purchase over 100 USD in Fashion & Apparel',
    target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
    conditions: { minSubtotal: { USD: 10000 }, minQuantity: 1, customerTags: [], firstOrderOnly: false, channels: [] },
    benefit: { type: 'amount_off_order', amount: { USD: 4000 } },
    stacking: { mode: 'exclusive', priority: 10 },
    limits: { maxRedemptions: 100_000_000, maxDiscount: { USD: 4_000_000_000_000 } },
    schedule: scheduleAround(startMs),
  };
}

export function home10Terms(startMs: number): CampaignTerms {
  return {
    advertisedText: '10% off everything for the home',
    target: { categories: ['home'], skus: [], excludeSkus: [] },
    conditions: { minQuantity: 1, customerTags: [], firstOrderOnly: false, channels: [] },
    benefit: { type: 'percent_off_items', percent: 10 },
    stacking: { mode: 'stackable', priority: 20 },
    limits: {},
    schedule: scheduleAround(startMs),
  };
}

export const publicCode = (code: string): CampaignCodes => ({ type: 'public', code });
export const automaticCodes: CampaignCodes = { type: 'none' };
