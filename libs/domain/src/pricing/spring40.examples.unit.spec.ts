import { priceCart } from './price-cart';
import type { PricingResult } from './pricing.types';
import {
  aCampaign, aCart, aCode, aLine, eur, jpy, someTerms, spring40, usd,
} from './testing/builders';

/** The worked examples: what a shopper sees for the SPRING40 incident and its neighbours. */

const dress = (price = usd(129_00)) => aLine('DRESS-1', 'fashion-apparel', price);
const tees = (count: number) => aLine('TEE-1', 'fashion-apparel', usd(25_00), count);
const shoes = aLine('SHOE-1', 'footwear', usd(80_00));

function withSpring40(lines: Parameters<typeof aCart>[0]): PricingResult {
  return priceCart(aCart(lines, { campaigns: [spring40()], attachedCodes: [aCode('SPRING40', 'spring40')] }));
}

const amounts = (result: PricingResult) => result.lines.map((line) => line.discount.amount);

describe('SPRING40 worked examples', () => {
  it('1. one dress at 129.00 gets 40.00 off, total 89.00, and the sentence names 129.00 and 100.00', () => {
    // given a cart with one dress and the SPRING40 code attached
    // when it is priced
    const result = withSpring40([dress()]);
    // then
    expect(result.discounts).toHaveLength(1);
    expect(result.discounts[0].amount).toEqual(usd(40_00));
    expect(result.total).toEqual(usd(89_00));
    expect(result.coupons).toEqual([
      { code: 'SPRING40', campaignId: 'spring40', status: 'applied', reason: null, explanation: 'SPRING40 v2: eligible subtotal 129.00 USD (fashion-apparel) ≥ 100.00 USD → −40.00 USD' },
    ]);
  });

  it('2. three tees at 25.00 plus shoes at 80.00: only 75.00 is fashion, so the coupon is not eligible, 25.00 short, total 155.00', () => {
    const result = withSpring40([tees(3), shoes]);
    expect(result.coupons[0]).toEqual({
      code: 'SPRING40',
      campaignId: 'spring40',
      status: 'not_eligible',
      reason: 'MIN_SUBTOTAL_NOT_MET',
      explanation: 'SPRING40 v2: eligible subtotal 75.00 USD is below 100.00 USD — 25.00 USD short',
    });
    expect(result.discounts).toEqual([]);
    expect(result.total).toEqual(usd(155_00));
  });

  it('3. a fourth tee makes the fashion subtotal 100.00: 40.00 off, spread over the tees only, total 140.00', () => {
    const result = withSpring40([tees(4), shoes]);
    expect(result.coupons[0].status).toBe('applied');
    expect(result.discounts[0].lineAllocations).toEqual([{ sku: 'TEE-1', amount: usd(40_00) }]);
    expect(amounts(result)).toEqual([40_00, 0]);
    expect(result.lines[0].netTotal).toEqual(usd(60_00));
    expect(result.total).toEqual(usd(140_00));
  });

  it('4. a fashion subtotal of 99.99 is 0.01 short; exactly 100.00 is eligible (minSubtotal means at least)', () => {
    const short = withSpring40([dress(usd(99_99))]);
    expect(short.coupons[0].reason).toBe('MIN_SUBTOTAL_NOT_MET');
    expect(short.coupons[0].explanation).toBe('SPRING40 v2: eligible subtotal 99.99 USD is below 100.00 USD — 0.01 USD short');

    const exactly = withSpring40([dress(usd(100_00))]);
    expect(exactly.coupons[0].status).toBe('applied');
    expect(exactly.total).toEqual(usd(60_00));
  });

  it('5. 10.00 off an order of 3.33, 3.33 and 3.34 allocates 3.33, 3.33 and 3.34 — the parts sum to exactly 10.00', () => {
    const tenOff = aCampaign(someTerms({ type: 'amount_off_order', amount: { USD: 10_00 } }), { name: 'TENOFF' });
    const result = priceCart(
      aCart([aLine('A', 'misc', usd(3_33)), aLine('B', 'misc', usd(3_33)), aLine('C', 'misc', usd(3_34))], { campaigns: [tenOff] }),
    );
    expect(amounts(result)).toEqual([3_33, 3_33, 3_34]);
    expect(result.discounts[0].amount).toEqual(usd(10_00));
    expect(result.total).toEqual(usd(0));
  });

  it('6. 15 % off three items at 9.99: the percent is taken of the eligible total 29.97 (= 4.4955), rounded half-up to 4.50, then allocated 1.50 each', () => {
    const fifteen = aCampaign(someTerms({ type: 'percent_off_items', percent: 15 }), { name: 'FIFTEEN' });
    const result = priceCart(
      aCart([aLine('A', 'misc', usd(9_99)), aLine('B', 'misc', usd(9_99)), aLine('C', 'misc', usd(9_99))], { campaigns: [fifteen] }),
    );
    // Rounding per line (1.4985 → 1.50 three times) happens to agree here; the rule is still "round the total, then allocate".
    expect(result.discounts[0].amount).toEqual(usd(4_50));
    expect(amounts(result)).toEqual([1_50, 1_50, 1_50]);
    expect(result.total).toEqual(usd(25_47));
  });

  describe('7. exclusive versus stackable on a 300.00 cart: the shopper gets the larger total', () => {
    const cart = [aLine('COAT-1', 'fashion-apparel', usd(300_00))];
    const exclusive40 = aCampaign(someTerms({ type: 'amount_off_order', amount: { USD: 40_00 } }), { campaignId: 'exclusive-40', name: 'FORTY' });
    const tenPercent = aCampaign(
      someTerms({ type: 'percent_off_items', percent: 10 }, { stacking: { mode: 'stackable', priority: 1 } }),
      { campaignId: 'stack-10pct', name: 'TENPCT' },
    );
    const fiveOff = (amount: number) =>
      aCampaign(someTerms({ type: 'amount_off_order', amount: { USD: amount } }, { stacking: { mode: 'stackable', priority: 2 } }), {
        campaignId: 'stack-5off',
        name: 'FIVEOFF',
      });

    it('40.00 exclusive beats 10 % (30.00) then 5.00 off (35.00 together)', () => {
      const result = priceCart(aCart(cart, { campaigns: [tenPercent, fiveOff(5_00), exclusive40] }));
      expect(result.discounts.map((discount) => discount.campaignId)).toEqual(['exclusive-40']);
      expect(result.total).toEqual(usd(260_00));
      const tenPercentEvaluation = result.evaluations.find((evaluation) => evaluation.campaignId === 'stack-10pct');
      expect(tenPercentEvaluation).toMatchObject({ outcome: 'not_selected', reason: 'NOT_STACKABLE' });
      expect(tenPercentEvaluation?.explanation).toBe('TENPCT v1: cannot be combined with FORTY v1, which gives more: −40.00 USD against −35.00 USD');
    });

    it('the stackables win when they add up to more: 10 % (30.00) then 15.00 off = 45.00 beats 40.00', () => {
      const result = priceCart(aCart(cart, { campaigns: [exclusive40, fiveOff(15_00), tenPercent] }));
      expect(result.discounts.map((discount) => [discount.campaignId, discount.amount.amount])).toEqual([
        ['stack-10pct', 30_00],
        ['stack-5off', 15_00],
      ]);
      expect(result.total).toEqual(usd(255_00));
      expect(result.evaluations.find((evaluation) => evaluation.campaignId === 'exclusive-40')).toMatchObject({
        outcome: 'not_selected',
        reason: 'NOT_STACKABLE',
        explanation: 'FORTY v1: cannot be combined with TENPCT v1 + FIVEOFF v1, which gives more: −45.00 USD against −40.00 USD',
      });
    });
  });

  it('8. buy 2 get 1 free over items at 30.00, 20.00 and 10.00 takes 10.00 off the cheapest', () => {
    const b2g1 = aCampaign(someTerms({ type: 'buy_x_get_y', buy: 2, get: 1, percentOff: 100 }), { name: 'B2G1' });
    const result = priceCart(
      aCart([aLine('A', 'misc', usd(30_00)), aLine('B', 'misc', usd(20_00)), aLine('C', 'misc', usd(10_00))], { campaigns: [b2g1] }),
    );
    expect(amounts(result)).toEqual([0, 0, 10_00]);
    expect(result.total).toEqual(usd(50_00));
  });

  it('9. an EUR cart with the USD-only SPRING40 is not eligible: CURRENCY_NOT_SUPPORTED', () => {
    const result = priceCart(
      aCart([aLine('DRESS-1', 'fashion-apparel', eur(129_00))], {
        campaigns: [spring40({ version: 1 })],
        attachedCodes: [aCode('SPRING40', 'spring40')],
      }),
    );
    expect(result.coupons[0]).toMatchObject({
      status: 'not_eligible',
      reason: 'CURRENCY_NOT_SUPPORTED',
      explanation: 'SPRING40 v1: not valid in EUR — this campaign supports USD',
    });
    expect(result.total).toEqual(eur(129_00));
  });

  describe('10. the campaign window and status', () => {
    const priceAt = (at: string, status: 'active' | 'paused' = 'active') =>
      priceCart(aCart([dress()], { at, campaigns: [spring40({ status })], attachedCodes: [aCode('SPRING40', 'spring40')] })).coupons[0];

    it('before startsAt: CAMPAIGN_NOT_STARTED', () => {
      expect(priceAt('2026-03-15T09:59:59Z')).toMatchObject({
        reason: 'CAMPAIGN_NOT_STARTED',
        explanation: 'SPRING40 v2: starts at 2026-03-15T10:00:00Z',
      });
    });

    it('after endsAt: CAMPAIGN_ENDED (the last second still counts)', () => {
      expect(priceAt('2026-03-31T23:59:59Z').status).toBe('applied');
      expect(priceAt('2026-04-01T00:00:00Z')).toMatchObject({
        reason: 'CAMPAIGN_ENDED',
        explanation: 'SPRING40 v2: ended at 2026-03-31T23:59:59Z',
      });
    });

    it('paused: CAMPAIGN_PAUSED', () => {
      expect(priceAt('2026-03-20T12:00:00Z', 'paused')).toMatchObject({ reason: 'CAMPAIGN_PAUSED', explanation: 'SPRING40 v2: is paused' });
    });
  });

  it('11. a JPY campaign, 500 JPY off over 5000 JPY, formats amounts without decimals', () => {
    const yenOff = aCampaign(
      someTerms({ type: 'amount_off_order', amount: { JPY: 500 } }, { conditions: { minSubtotal: { JPY: 5000 } } }),
      { name: 'YEN500', codes: { type: 'public', code: 'YEN500' } },
    );
    const attached = { campaigns: [yenOff], attachedCodes: [aCode('YEN500', 'campaign-1')] };
    const applied = priceCart(aCart([aLine('TEA', 'grocery', jpy(2600), 2)], attached));
    expect(applied.coupons[0].explanation).toBe('YEN500 v1: eligible subtotal 5200 JPY ≥ 5000 JPY → −500 JPY');
    expect(applied.total).toEqual(jpy(4700));

    const short = priceCart(aCart([aLine('TEA', 'grocery', jpy(2600))], attached));
    expect(short.coupons[0].explanation).toBe('YEN500 v1: eligible subtotal 2600 JPY is below 5000 JPY — 2400 JPY short');
  });
});
