import { createHash } from 'node:crypto';

/**
 * The incident's world: a fashion retailer's catalogue, the SPRING40 campaign as marketing wrote
 * it, and shoppers whose every choice is a pure function of (seed, shopper index) — so a seed
 * always gives the same carts, the same coupons and the same orders hit by the fault, whatever
 * the concurrency or the machine's speed.
 */
export interface CatalogueItem {
  readonly sku: string;
  readonly category: string;
  /** Minor units of USD. */
  readonly price: number;
  /** Relative chance that a shopper picks it. */
  readonly weight: number;
}

export const CATALOGUE: readonly CatalogueItem[] = [
  { sku: 'FA-DRESS-FLORAL', category: 'fashion-apparel', price: 12900, weight: 6 },
  { sku: 'FA-JEANS-SLIM', category: 'fashion-apparel', price: 8900, weight: 7 },
  { sku: 'FA-JACKET-DENIM', category: 'fashion-apparel', price: 14900, weight: 4 },
  { sku: 'FA-SNEAKERS-WHITE', category: 'fashion-apparel', price: 9900, weight: 5 },
  { sku: 'FA-SKIRT-PLEATED', category: 'fashion-apparel', price: 5900, weight: 5 },
  { sku: 'FA-SCARF-SILK', category: 'fashion-apparel', price: 3900, weight: 5 },
  { sku: 'FA-TEE-BASIC', category: 'fashion-apparel', price: 1900, weight: 8 },
  { sku: 'HM-CANDLE-CEDAR', category: 'home', price: 2400, weight: 3 },
  { sku: 'HM-LAMP-ARC', category: 'home', price: 11900, weight: 2 },
  { sku: 'BT-SERUM-VITC', category: 'beauty', price: 4500, weight: 3 },
  { sku: 'EL-EARBUDS', category: 'electronics', price: 7900, weight: 2 },
];

export const SPRING40_ID = 'spring40';
export const SPRING40_CODE = 'SPRING40';
/** What shoppers mistype; the ledger rejects it (UNKNOWN_CODE) and records the attempt. */
const TYPO_CODES = ['SPRNG40', 'SPRING4O', 'SPRING50'] as const;

/** The body of POST /v1/campaigns for SPRING40 as marketing launched it; suites override what they need. */
export function spring40Campaign(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: SPRING40_ID,
    name: 'Spring 40',
    advertisedText: '40 USD off any purchase over 100 USD in Fashion & Apparel',
    target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
    conditions: { minSubtotal: { USD: 10000 } },
    benefit: { type: 'amount_off_order', amount: { USD: 4000 } },
    stacking: { mode: 'exclusive', priority: 10 },
    limits: { perCustomer: 1 },
    schedule: { startsAt: '2026-01-01T00:00:00Z' },
    codes: { type: 'public', code: SPRING40_CODE },
    ...overrides,
  };
}

export interface SimulationShape {
  readonly size: number;
  readonly seed: number;
  /** Share of discount-due orders whose discount the faulty checkout drops, 0..1. */
  readonly faultShare: number;
  /** Shopper index from which the checkout is faulty. */
  readonly faultFrom: number;
  /** Simulated hours the shoppers arrive over. */
  readonly hours: number;
}

export type ShopperExit = 'leaves-before-quote' | 'leaves-after-quote' | 'pays';

export interface ShopperPlan {
  readonly index: number;
  /** Simulated seconds since the simulation began. */
  readonly arrivesAt: number;
  readonly items: readonly { readonly sku: string; readonly quantity: number }[];
  readonly code: string | null;
  readonly exit: ShopperExit;
  /** The checkout service times out and retries the checkout with the same Idempotency-Key. */
  readonly retriesCheckout: boolean;
  /** Shopper is served by the faulty checkout and, if a discount is due, is charged without it. */
  readonly chargedWithoutDiscount: boolean;
}

/** A number in [0, 1) fixed by (seed, shopper, purpose): sha256, first 48 bits. */
export function chance(seed: number, index: number, purpose: string): number {
  const digest = createHash('sha256').update(`${seed}:${index}:${purpose}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

function pick(seed: number, index: number, purpose: string): CatalogueItem {
  const total = CATALOGUE.reduce((sum, item) => sum + item.weight, 0);
  let point = chance(seed, index, purpose) * total;
  for (const item of CATALOGUE) {
    point -= item.weight;
    if (point < 0) return item;
  }
  return CATALOGUE[CATALOGUE.length - 1];
}

export function planShopper(shape: SimulationShape, index: number): ShopperPlan {
  const { seed } = shape;
  const roll = (purpose: string) => chance(seed, index, purpose);
  const itemCount = 1 + Math.floor(roll('item-count') * 4);
  const quantities = new Map<string, number>();
  for (let slot = 0; slot < itemCount; slot += 1) {
    const { sku } = pick(seed, index, `item-${slot}`);
    quantities.set(sku, (quantities.get(sku) ?? 0) + 1);
  }
  const codeRoll = roll('code');
  const code = codeRoll < 0.03 ? TYPO_CODES[Math.floor(roll('typo') * TYPO_CODES.length)] : codeRoll < 0.85 ? SPRING40_CODE : null;
  const exitRoll = roll('exit');
  const exit: ShopperExit = exitRoll < 0.04 ? 'leaves-before-quote' : exitRoll < 0.14 ? 'leaves-after-quote' : 'pays';
  const spacing = (shape.hours * 3600) / shape.size;
  return {
    index,
    arrivesAt: Math.round((index + roll('arrival')) * spacing),
    items: [...quantities].map(([sku, quantity]) => ({ sku, quantity })),
    code,
    exit,
    retriesCheckout: roll('retry') < 0.05,
    chargedWithoutDiscount: index >= shape.faultFrom && roll('fault') < shape.faultShare,
  };
}
