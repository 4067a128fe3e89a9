import type { Benefit } from '../campaign/terms';
import { sum } from '../money';
import { capToBudget, computeBenefit, type BenefitContext } from './benefits';
import { toCartLines } from './cart-lines';
import { priceCart } from './price-cart';
import type { CartLineInput, PricingResult } from './pricing.types';
import { aCampaign, aCart, aLine, someTerms, usd } from './testing/builders';

/** One calculator per benefit type: given lines, when the benefit is computed, then these parts. */

function contextFor(lines: readonly CartLineInput[], shipping = usd(0)): BenefitContext {
  const cartLines = toCartLines(aCart(lines));
  return {
    currency: 'USD',
    lines: cartLines.map((line) => ({ line, amountLeft: line.lineTotal })),
    eligibleSubtotal: sum(cartLines.map((line) => line.lineTotal), 'USD'),
    shippingLeft: shipping,
  };
}

function lineParts(benefit: Benefit, lines: readonly CartLineInput[]): number[] {
  return computeBenefit(benefit, contextFor(lines)).lineDiscounts.map((part) => part.amount);
}

function priceWith(benefit: Benefit, lines: readonly CartLineInput[], shipping = usd(0)): PricingResult {
  return priceCart(aCart(lines, { shipping, campaigns: [aCampaign(someTerms(benefit), { name: 'PROMO' })] }));
}

const item = (price: number, quantity = 1, sku = `SKU-${price}`) => aLine(sku, 'misc', usd(price), quantity);

describe('amount_off_order', () => {
  it('allocates in proportion to line amounts, leftover cents to the largest remainder, ties to the earlier line', () => {
    expect(lineParts({ type: 'amount_off_order', amount: { USD: 1_00 } }, [item(1_00, 1, 'A'), item(1_00, 1, 'B'), item(1_00, 1, 'C')])).toEqual([34, 33, 33]);
  });

  it('never takes off more than the eligible amount', () => {
    expect(lineParts({ type: 'amount_off_order', amount: { USD: 50_00 } }, [item(10_00), item(20_00)])).toEqual([10_00, 20_00]);
  });
});

describe('percent_off_items', () => {
  it('rounds the percent of the eligible total half-up: 12.5 % of 0.04 is 0.005 → 0.01', () => {
    expect(lineParts({ type: 'percent_off_items', percent: 12.5 }, [item(4)])).toEqual([1]);
  });

  it('caps the discount at maxDiscount before allocating', () => {
    const result = priceWith({ type: 'percent_off_items', percent: 50, maxDiscount: { USD: 10_00 } }, [item(30_00, 1, 'A'), item(10_00, 1, 'B')]);
    expect(result.lines.map((line) => line.discount.amount)).toEqual([7_50, 2_50]);
    expect(result.total).toEqual(usd(30_00));
  });

  it('100 % makes the targeted lines free and no more', () => {
    expect(priceWith({ type: 'percent_off_items', percent: 100 }, [item(19_99, 2)]).total).toEqual(usd(0));
  });
});

describe('amount_off_each_item', () => {
  it('takes the amount off every unit', () => {
    expect(lineParts({ type: 'amount_off_each_item', amount: { USD: 2_00 } }, [item(10_00, 3), item(5_00)])).toEqual([6_00, 2_00]);
  });

  it('is capped at each line amount', () => {
    expect(lineParts({ type: 'amount_off_each_item', amount: { USD: 2_00 } }, [item(1_50, 2), item(5_00)])).toEqual([3_00, 2_00]);
  });
});

describe('buy_x_get_y', () => {
  const b2g1 = (percentOff = 100): Benefit => ({ type: 'buy_x_get_y', buy: 2, get: 1, percentOff });

  it('ranks units by price across lines and discounts the cheapest of each complete group', () => {
    // units 40, 30, 30, 20, 10, 10 → groups (40, 30, 30) and (20, 10, 10): the third of each is free
    expect(lineParts(b2g1(), [item(30_00, 2, 'A'), item(10_00, 2, 'B'), item(40_00, 1, 'C'), item(20_00, 1, 'D')])).toEqual([30_00, 10_00, 0, 0]);
  });

  it('an incomplete group gets nothing: buy 2 get 2 on 3 units gives 0', () => {
    expect(lineParts({ type: 'buy_x_get_y', buy: 2, get: 2, percentOff: 100 }, [item(10_00, 3)])).toEqual([0]);
  });

  it('a partial percent is rounded half-up per unit', () => {
    // 50 % of 0.05 = 0.025 → 0.03, twice over two complete groups
    expect(lineParts(b2g1(50), [item(5, 6)])).toEqual([6]);
  });

  it('equal prices keep cart order, so the later line is discounted', () => {
    expect(lineParts(b2g1(), [item(10_00, 1, 'A'), item(10_00, 1, 'B'), item(10_00, 1, 'C')])).toEqual([0, 0, 10_00]);
  });

  it('judges too few units as MIN_QUANTITY_NOT_MET rather than a silent zero', () => {
    expect(priceWith(b2g1(), [item(10_00, 2)]).evaluations[0]).toMatchObject({
      reason: 'MIN_QUANTITY_NOT_MET',
      explanation: 'PROMO v1: needs at least 3 eligible items, the cart has 2',
    });
  });
});

describe('tiered_amount_off', () => {
  const tiers: Benefit = {
    type: 'tiered_amount_off',
    tiers: [
      { minSubtotal: { USD: 50_00 }, amount: { USD: 5_00 } },
      { minSubtotal: { USD: 100_00 }, amount: { USD: 15_00 } },
      { minSubtotal: { USD: 200_00 }, amount: { USD: 40_00 } },
    ],
  };

  it('gives the highest tier met (at least its minimum subtotal) and says which', () => {
    const result = priceWith(tiers, [item(100_00)]);
    expect(result.total).toEqual(usd(85_00));
    expect(result.discounts[0].explanation).toBe('PROMO v1: eligible subtotal 100.00 USD ≥ 100.00 USD → −15.00 USD');
    expect(priceWith(tiers, [item(199_99)]).total).toEqual(usd(184_99));
    expect(priceWith(tiers, [item(250_00)]).total).toEqual(usd(210_00));
  });

  it('below the lowest tier is MIN_SUBTOTAL_NOT_MET against that tier', () => {
    expect(priceWith(tiers, [item(30_00)]).evaluations[0]).toMatchObject({
      reason: 'MIN_SUBTOTAL_NOT_MET',
      explanation: 'PROMO v1: eligible subtotal 30.00 USD is below 50.00 USD — 20.00 USD short',
    });
  });
});

describe('free_shipping', () => {
  it('takes the shipping off and touches no line', () => {
    const result = priceWith({ type: 'free_shipping' }, [item(20_00)], usd(4_99));
    expect(result.shippingDiscount).toEqual(usd(4_99));
    expect(result.lines[0].discount).toEqual(usd(0));
    expect(result.discounts[0]).toMatchObject({ amount: usd(4_99), lineAllocations: [], explanation: 'PROMO v1: eligible subtotal 20.00 USD → −4.99 USD on shipping' });
    expect(result.total).toEqual(usd(20_00));
  });

  it('is capped by maxDiscount', () => {
    expect(priceWith({ type: 'free_shipping', maxDiscount: { USD: 3_00 } }, [item(20_00)], usd(4_99)).total).toEqual(usd(21_99));
  });

  it('with nothing to pay for shipping it is not applied: NO_ELIGIBLE_ITEMS', () => {
    expect(priceWith({ type: 'free_shipping' }, [item(20_00)]).evaluations[0]).toMatchObject({ outcome: 'not_eligible', reason: 'NO_ELIGIBLE_ITEMS' });
  });
});

describe('the campaign discount budget', () => {
  it('caps a discount at what is left of limits.maxDiscount, re-split in proportion', () => {
    const outcome = capToBudget({ lineDiscounts: [usd(30_00), usd(10_00)], shippingDiscount: usd(0) }, usd(20_00), 'USD');
    expect(outcome.lineDiscounts).toEqual([usd(15_00), usd(5_00)]);
  });

  it('applies the remaining budget when pricing', () => {
    const campaign = aCampaign(someTerms({ type: 'amount_off_order', amount: { USD: 40_00 } }, { limits: { maxDiscount: { USD: 1000_00 } } }), {
      usage: { redemptions: 99, discountGiven: { USD: 990_00 } },
    });
    const result = priceCart(aCart([item(129_00)], { campaigns: [campaign] }));
    expect(result.discounts[0].amount).toEqual(usd(10_00));
  });

  it('leaves an outcome within budget untouched', () => {
    const outcome = { lineDiscounts: [usd(5_00)], shippingDiscount: usd(1_00) };
    expect(capToBudget(outcome, usd(6_00), 'USD')).toBe(outcome);
    expect(capToBudget(outcome, undefined, 'USD')).toBe(outcome);
  });
});
