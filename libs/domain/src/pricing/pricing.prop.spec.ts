import fc from 'fast-check';
import { add, compare, subtract, sum, type Money } from '../money';
import { priceCart } from './price-cart';
import type { PricingInput, PricingResult } from './pricing.types';
import { pricingInputArbitrary } from './testing/arbitraries';

/** Pricing invariants over generated carts and campaigns. */

const NUM_RUNS = 200;

const total = (amounts: readonly Money[]): Money => sum(amounts, 'USD');

function withoutStacking(input: PricingInput): PricingInput {
  return {
    ...input,
    campaigns: input.campaigns.map((campaign) => ({
      ...campaign,
      terms: { ...campaign.terms, stacking: { ...campaign.terms.stacking, mode: 'exclusive' } },
    })),
  };
}

function discountsByCampaign(result: PricingResult): [string, number][] {
  return result.discounts.map((discount) => [discount.campaignId, discount.amount.amount]);
}

describe('priceCart (properties)', () => {
  it('a discount never exceeds what it applies to: per line, per campaign and on shipping', () => {
    fc.assert(
      fc.property(pricingInputArbitrary, (input) => {
        const result = priceCart(input);
        for (const line of result.lines) {
          expect(line.discount.amount).toBeGreaterThanOrEqual(0);
          expect(compare(line.discount, line.lineTotal)).toBeLessThanOrEqual(0);
          expect(line.netTotal).toEqual(subtract(line.lineTotal, line.discount));
        }
        for (const discount of result.discounts) {
          expect(discount.amount.amount).toBeGreaterThan(0);
          expect(discount.amount).toEqual(add(total(discount.lineAllocations.map((part) => part.amount)), discount.shippingDiscount));
          const evaluation = result.evaluations.find((candidate) => candidate.campaignId === discount.campaignId);
          expect(compare(total(discount.lineAllocations.map((part) => part.amount)), evaluation?.eligibleSubtotal ?? discount.amount)).toBeLessThanOrEqual(0);
        }
        expect(compare(result.shippingDiscount, result.shipping)).toBeLessThanOrEqual(0);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the total is never negative and always equals subtotal − discounts + shipping − shipping discount', () => {
    fc.assert(
      fc.property(pricingInputArbitrary, (input) => {
        const result = priceCart(input);
        expect(result.total.amount).toBeGreaterThanOrEqual(0);
        const lineDiscounts = total(result.lines.map((line) => line.discount));
        expect(lineDiscounts).toEqual(total(result.discounts.flatMap((discount) => discount.lineAllocations.map((part) => part.amount))));
        expect(result.total).toEqual(subtract(add(result.subtotal, result.shipping), add(lineDiscounts, result.shippingDiscount)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is deterministic and independent of the order campaigns are passed in', () => {
    fc.assert(
      fc.property(
        pricingInputArbitrary.chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray([...input.campaigns], { minLength: input.campaigns.length }))),
        ([input, shuffledCampaigns]) => {
          const result = priceCart(input);
          expect(priceCart(input)).toEqual(result);
          expect(priceCart({ ...input, campaigns: shuffledCampaigns })).toEqual(result);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  /**
   * Exact only without stacking: the design sends an allocation's tied remainder to the earlier
   * line, and a later stacked campaign capped per line can then see one cent more or less on a
   * line (see "reordering lines can move one cent" in stacking.unit.spec.ts).
   */
  it('without stacking, permuting the lines keeps the total and each campaign discount, and lines come back in cart order', () => {
    fc.assert(
      fc.property(
        pricingInputArbitrary.chain((input) => fc.tuple(fc.constant(withoutStacking(input)), fc.shuffledSubarray([...input.lines], { minLength: input.lines.length }))),
        ([input, shuffledLines]: [PricingInput, PricingInput['lines']]) => {
          const original = priceCart(input);
          const permuted = priceCart({ ...input, lines: shuffledLines });
          expect(permuted.total).toEqual(original.total);
          expect(discountsByCampaign(permuted)).toEqual(discountsByCampaign(original));
          expect(permuted.lines.map((line) => line.sku)).toEqual(shuffledLines.map((line) => line.sku));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('attaching then detaching a coupon restores the price exactly', () => {
    fc.assert(
      fc.property(pricingInputArbitrary, fc.nat(), (input, pick) => {
        const coded = input.attachedCodes;
        fc.pre(coded.length > 0);
        const removed = coded[pick % coded.length];
        const withoutOne = { ...input, attachedCodes: coded.filter((code) => code !== removed) };
        const before = priceCart(withoutOne);
        priceCart(input); // attached
        expect(priceCart(withoutOne)).toEqual(before); // detached again
        // An unattached coded campaign has no effect at all, whether or not its snapshot is passed in.
        const withoutSnapshot = { ...withoutOne, campaigns: input.campaigns.filter((campaign) => campaign.campaignId !== removed.campaignId) };
        expect(priceCart(withoutSnapshot)).toEqual(before);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
