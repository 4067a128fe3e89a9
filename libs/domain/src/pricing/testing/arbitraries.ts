import fc from 'fast-check';
import { money } from '../../money';
import type { AmountByCurrency, Benefit, CampaignTarget, CampaignTerms } from '../../campaign/terms';
import type { CampaignSnapshot, CartLineInput, PricingInput } from '../pricing.types';
import { aCustomer, PRICED_AT } from './builders';

/**
 * fast-check arbitraries for USD carts and campaigns. Values stay small so that thresholds, caps
 * and ties are actually hit; SKUs and categories come from short lists so campaigns target
 * something in most carts.
 */

const CATEGORIES = ['fashion-apparel', 'footwear', 'misc'] as const;
const SKUS = ['SKU-A', 'SKU-B', 'SKU-C', 'SKU-D', 'SKU-E', 'SKU-F'] as const;

const usdAmount = (maxMinorUnits: number): fc.Arbitrary<AmountByCurrency> =>
  fc.integer({ min: 0, max: maxMinorUnits }).map((amount) => ({ USD: amount }));

/** Percent with at most two decimals, in (0, 100]. */
const percent: fc.Arbitrary<number> = fc.integer({ min: 1, max: 10_000 }).map((basisPoints) => basisPoints / 100);

export const cartLinesArbitrary: fc.Arbitrary<CartLineInput[]> = fc
  .uniqueArray(fc.constantFrom(...SKUS), { minLength: 1, maxLength: 5 })
  .chain((skus) =>
    fc.tuple(
      ...skus.map((sku) =>
        fc.record({
          sku: fc.constant(sku),
          category: fc.constantFrom(...CATEGORIES),
          quantity: fc.integer({ min: 1, max: 4 }),
          unitPrice: fc.integer({ min: 0, max: 20_000 }).map((amount) => money(amount, 'USD')),
        }),
      ),
    ),
  );

const targetArbitrary: fc.Arbitrary<CampaignTarget> = fc.record({
  categories: fc.subarray([...CATEGORIES], { maxLength: 2 }),
  skus: fc.subarray([...SKUS], { maxLength: 2 }),
  excludeSkus: fc.subarray([...SKUS], { maxLength: 1 }),
}).map((target) => ({ ...target, skus: target.skus.filter((sku) => !target.excludeSkus.includes(sku)) }));

export const benefitArbitrary: fc.Arbitrary<Benefit> = fc.oneof(
  fc.record({ type: fc.constant('amount_off_order' as const), amount: usdAmount(30_000) }),
  fc.record({ type: fc.constant('percent_off_items' as const), percent, maxDiscount: fc.option(usdAmount(10_000), { nil: undefined }) }),
  fc.record({ type: fc.constant('amount_off_each_item' as const), amount: usdAmount(5_000) }),
  fc.record({ type: fc.constant('buy_x_get_y' as const), buy: fc.integer({ min: 1, max: 3 }), get: fc.integer({ min: 1, max: 2 }), percentOff: percent }),
  fc
    .uniqueArray(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 3 })
    .chain((thresholds) =>
      fc.tuple(...thresholds.sort((a, b) => a - b).map((threshold) => fc.record({ minSubtotal: fc.constant({ USD: threshold }), amount: usdAmount(20_000) }))),
    )
    .map((tiers) => ({ type: 'tiered_amount_off' as const, tiers })),
  fc.record({ type: fc.constant('free_shipping' as const), maxDiscount: fc.option(usdAmount(1_000), { nil: undefined }) }),
);

export const termsArbitrary: fc.Arbitrary<CampaignTerms> = fc.record({
  advertisedText: fc.constant('A generated promotion'),
  target: targetArbitrary,
  conditions: fc.record(
    { minSubtotal: usdAmount(40_000), minQuantity: fc.integer({ min: 1, max: 4 }) },
    { requiredKeys: [] },
  ),
  benefit: benefitArbitrary,
  stacking: fc.record({ mode: fc.constantFrom('exclusive' as const, 'stackable' as const), priority: fc.integer({ min: 0, max: 3 }) }),
  limits: fc.record({ maxDiscount: usdAmount(20_000) }, { requiredKeys: [] }),
  schedule: fc.constant({}),
});

/** Campaigns with distinct ids; about half are automatic and half need their public code attached. */
export const campaignsArbitrary: fc.Arbitrary<CampaignSnapshot[]> = fc
  .array(fc.tuple(termsArbitrary, fc.boolean(), fc.integer({ min: 0, max: 5_000 })), { maxLength: 4 })
  .map((generated) =>
    generated.map(([terms, automatic, given], index): CampaignSnapshot => ({
      campaignId: `campaign-${index}`,
      name: `Campaign ${index}`,
      version: 1,
      status: 'active',
      terms,
      codes: automatic ? { type: 'none' } : { type: 'public', code: `CODE${index}` },
      usage: { redemptions: 0, discountGiven: { USD: given } },
    })),
  );

/** A cart with every coded campaign's code attached, so every generated campaign is evaluated. */
export const pricingInputArbitrary: fc.Arbitrary<PricingInput> = fc
  .record({
    lines: cartLinesArbitrary,
    campaigns: campaignsArbitrary,
    shipping: fc.integer({ min: 0, max: 2_000 }).map((amount) => money(amount, 'USD')),
  })
  .map(({ lines, campaigns, shipping }) => ({
    currency: 'USD',
    lines,
    shipping,
    customer: aCustomer(),
    campaigns,
    attachedCodes: campaigns.flatMap((campaign) =>
      campaign.codes.type === 'public' ? [{ code: campaign.codes.code, campaignId: campaign.campaignId }] : [],
    ),
    at: PRICED_AT,
  }));
