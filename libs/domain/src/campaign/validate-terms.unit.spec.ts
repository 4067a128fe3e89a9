import type { Benefit, CampaignTerms } from './terms';
import { validateTerms, type TermsProblem } from './validate-terms';

const spring40: CampaignTerms = {
  advertisedText: '40.00 USD off fashion over 100.00 USD',
  target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
  conditions: { minSubtotal: { USD: 10000 }, minQuantity: 1, customerTags: [], firstOrderOnly: false, channels: [] },
  benefit: { type: 'amount_off_order', amount: { USD: 4000 } },
  stacking: { mode: 'exclusive', priority: 10 },
  limits: { maxRedemptions: 50000, maxDiscount: { USD: 2000000 }, perCustomer: 1 },
  schedule: { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-03-31T23:59:59Z' },
};

function withBenefit(benefit: Benefit): CampaignTerms {
  return { ...spring40, benefit };
}

function fields(problems: TermsProblem[]): string[] {
  return problems.map((found) => found.field);
}

describe('validateTerms', () => {
  it('accepts the SPRING40 terms from the design', () => {
    expect(validateTerms(spring40)).toEqual([]);
  });

  it('accepts every benefit type when well formed', () => {
    const benefits: Benefit[] = [
      { type: 'percent_off_items', percent: 12.5, maxDiscount: { USD: 5000 } },
      { type: 'amount_off_each_item', amount: { USD: 500, JPY: 500 } },
      { type: 'buy_x_get_y', buy: 2, get: 1, percentOff: 100 },
      { type: 'tiered_amount_off', tiers: [{ minSubtotal: { USD: 5000 }, amount: { USD: 500 } }, { minSubtotal: { USD: 10000 }, amount: { USD: 1500 } }] },
      { type: 'free_shipping' },
    ];
    for (const benefit of benefits) expect(validateTerms(withBenefit(benefit))).toEqual([]);
  });

  describe('amounts', () => {
    it('rejects a negative amount', () => {
      const problems = validateTerms(withBenefit({ type: 'amount_off_order', amount: { USD: -1 } }));
      expect(fields(problems)).toEqual(['benefit.amount.USD']);
      expect(problems[0].message).toMatch(/non-negative number of minor units/);
    });

    it('rejects a fractional amount of minor units', () => {
      const problems = validateTerms({ ...spring40, conditions: { minSubtotal: { USD: 99.5 } } });
      expect(fields(problems)).toEqual(['conditions.minSubtotal.USD']);
    });

    it('rejects an unsupported currency', () => {
      const problems = validateTerms({ ...spring40, limits: { maxDiscount: { XXX: 100 } } });
      expect(fields(problems)).toEqual(['limits.maxDiscount.XXX']);
      expect(problems[0].message).toMatch(/XXX is not a supported currency/);
    });

    it('rejects amount_off_order with no currency', () => {
      expect(fields(validateTerms(withBenefit({ type: 'amount_off_order', amount: {} })))).toEqual(['benefit.amount']);
    });

    it('rejects amount_off_each_item with no currency', () => {
      expect(fields(validateTerms(withBenefit({ type: 'amount_off_each_item', amount: {} })))).toEqual(['benefit.amount']);
    });

    it('checks the maxDiscount of percent and free-shipping benefits', () => {
      expect(fields(validateTerms(withBenefit({ type: 'percent_off_items', percent: 10, maxDiscount: { USD: -5 } })))).toEqual(['benefit.maxDiscount.USD']);
      expect(fields(validateTerms(withBenefit({ type: 'free_shipping', maxDiscount: { USD: 1.5 } })))).toEqual(['benefit.maxDiscount.USD']);
    });
  });

  describe('percentages', () => {
    it.each([0, -5, 100.01, 150, Number.NaN])('rejects percent %p', (percent) => {
      const problems = validateTerms(withBenefit({ type: 'percent_off_items', percent }));
      expect(fields(problems)).toEqual(['benefit.percent']);
      expect(problems[0].message).toMatch(/more than 0 and at most 100/);
    });

    it('rejects a percent with more than two decimals', () => {
      const problems = validateTerms(withBenefit({ type: 'percent_off_items', percent: 12.345 }));
      expect(problems).toEqual([{ field: 'benefit.percent', message: expect.stringMatching(/at most two decimals/) as unknown }]);
    });

    it('accepts exactly 100 percent and two decimals', () => {
      expect(validateTerms(withBenefit({ type: 'percent_off_items', percent: 100 }))).toEqual([]);
      expect(validateTerms(withBenefit({ type: 'percent_off_items', percent: 0.01 }))).toEqual([]);
    });

    it.each([0, 101, 33.333])('rejects buy_x_get_y percentOff %p', (percentOff) => {
      expect(fields(validateTerms(withBenefit({ type: 'buy_x_get_y', buy: 2, get: 1, percentOff })))).toEqual(['benefit.percentOff']);
    });
  });

  describe('buy x get y', () => {
    it.each([0, -1, 1.5])('rejects buy %p', (buy) => {
      expect(fields(validateTerms(withBenefit({ type: 'buy_x_get_y', buy, get: 1, percentOff: 100 })))).toEqual(['benefit.buy']);
    });

    it.each([0, 2.5])('rejects get %p', (get) => {
      expect(fields(validateTerms(withBenefit({ type: 'buy_x_get_y', buy: 2, get, percentOff: 100 })))).toEqual(['benefit.get']);
    });
  });

  describe('tiers', () => {
    it('rejects an empty tier list', () => {
      expect(fields(validateTerms(withBenefit({ type: 'tiered_amount_off', tiers: [] })))).toEqual(['benefit.tiers']);
    });

    it('rejects tiers that do not strictly increase in minimum subtotal per currency', () => {
      const problems = validateTerms(
        withBenefit({
          type: 'tiered_amount_off',
          tiers: [
            { minSubtotal: { USD: 10000, EUR: 9000 }, amount: { USD: 1000, EUR: 900 } },
            { minSubtotal: { USD: 10000, EUR: 9500 }, amount: { USD: 2000, EUR: 1800 } },
          ],
        }),
      );
      expect(fields(problems)).toEqual(['benefit.tiers[1].minSubtotal.USD']);
      expect(problems[0].message).toMatch(/tier 2 must need more USD than the tier before it/);
    });

    it('rejects a tier whose amount lacks a currency its minimum subtotal has', () => {
      const problems = validateTerms(
        withBenefit({ type: 'tiered_amount_off', tiers: [{ minSubtotal: { USD: 5000, EUR: 4500 }, amount: { USD: 500 } }] }),
      );
      expect(fields(problems)).toEqual(['benefit.tiers[0].amount.EUR']);
    });

    it('checks amounts inside tiers', () => {
      const problems = validateTerms(withBenefit({ type: 'tiered_amount_off', tiers: [{ minSubtotal: { USD: 5000 }, amount: { USD: -500 } }] }));
      expect(fields(problems)).toEqual(['benefit.tiers[0].amount.USD']);
    });
  });

  describe('conditions and limits', () => {
    it.each([0, -2, 1.5])('rejects minQuantity %p', (minQuantity) => {
      expect(fields(validateTerms({ ...spring40, conditions: { minQuantity } }))).toEqual(['conditions.minQuantity']);
    });

    it.each([0, 2.5])('rejects maxRedemptions %p', (maxRedemptions) => {
      expect(fields(validateTerms({ ...spring40, limits: { maxRedemptions } }))).toEqual(['limits.maxRedemptions']);
    });

    it.each([0, -1])('rejects perCustomer %p', (perCustomer) => {
      expect(fields(validateTerms({ ...spring40, limits: { perCustomer } }))).toEqual(['limits.perCustomer']);
    });

    it('rejects a priority that is not a whole number', () => {
      expect(fields(validateTerms({ ...spring40, stacking: { mode: 'stackable', priority: 1.5 } }))).toEqual(['stacking.priority']);
    });

    it('accepts a negative whole priority (it simply applies earlier)', () => {
      expect(validateTerms({ ...spring40, stacking: { mode: 'stackable', priority: -3 } })).toEqual([]);
    });
  });

  describe('text and target', () => {
    it('rejects empty or blank advertised text', () => {
      expect(fields(validateTerms({ ...spring40, advertisedText: '   ' }))).toEqual(['advertisedText']);
    });

    it('rejects a SKU that is both targeted and excluded', () => {
      const problems = validateTerms({ ...spring40, target: { categories: [], skus: ['DRESS-1', 'TEE-1'], excludeSkus: ['TEE-1'] } });
      expect(problems).toEqual([{ field: 'target.excludeSkus', message: expect.stringContaining('SKU TEE-1 is both targeted and excluded') as unknown }]);
    });
  });

  describe('schedule', () => {
    it('rejects an end that is not after the start', () => {
      const same = validateTerms({ ...spring40, schedule: { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-03-15T10:00:00Z' } });
      expect(fields(same)).toEqual(['schedule.endsAt']);
      const before = validateTerms({ ...spring40, schedule: { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-03-15T11:00:00+02:00' } });
      expect(before[0].message).toMatch(/is not after/);
    });

    it('rejects unparsable instants and instants without a zone', () => {
      expect(fields(validateTerms({ ...spring40, schedule: { startsAt: 'next tuesday' } }))).toEqual(['schedule.startsAt']);
      expect(fields(validateTerms({ ...spring40, schedule: { endsAt: '2026-03-31T23:59:59' } }))).toEqual(['schedule.endsAt']);
      expect(fields(validateTerms({ ...spring40, schedule: { endsAt: '2026-02-30T25:00:00Z' } }))).toEqual(['schedule.endsAt']);
    });

    it('accepts an open-ended schedule', () => {
      expect(validateTerms({ ...spring40, schedule: {} })).toEqual([]);
    });
  });

  it('reports every problem at once, in a stable order', () => {
    const problems = validateTerms({
      ...spring40,
      advertisedText: '',
      benefit: { type: 'percent_off_items', percent: 0 },
      stacking: { mode: 'exclusive', priority: 0.5 },
    });
    expect(fields(problems)).toEqual(['advertisedText', 'benefit.percent', 'stacking.priority']);
  });
});
