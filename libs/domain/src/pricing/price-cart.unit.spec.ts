import { PricingInvariantError } from './cart-lines';
import { priceCart } from './price-cart';
import { aCampaign, aCart, aCode, aLine, eur, someTerms, spring40, usd } from './testing/builders';

/** The whole result: coupons, lines, totals and the invariants the engine refuses to break. */

const dress = aLine('DRESS-1', 'fashion-apparel', usd(129_00));
const tenOff = aCampaign(someTerms({ type: 'amount_off_order', amount: { USD: 10_00 } }, { stacking: { mode: 'stackable', priority: 1 } }), {
  campaignId: 'auto-10',
  name: 'Ten off',
});

describe('priceCart', () => {
  it('given no campaigns, the total is subtotal plus shipping and every line is undiscounted', () => {
    const result = priceCart(aCart([dress, aLine('TEE-1', 'fashion-apparel', usd(25_00), 2)], { shipping: usd(4_99) }));
    expect(result.subtotal).toEqual(usd(179_00));
    expect(result.lines.map((line) => [line.sku, line.lineTotal.amount, line.discount.amount, line.netTotal.amount])).toEqual([
      ['DRESS-1', 129_00, 0, 129_00],
      ['TEE-1', 50_00, 0, 50_00],
    ]);
    expect(result.total).toEqual(usd(183_99));
    expect(result.evaluations).toEqual([]);
  });

  it('UNKNOWN_CODE: a code that resolves to no campaign', () => {
    const result = priceCart(aCart([dress], { attachedCodes: [aCode('SAVE10', null)] }));
    expect(result.coupons).toEqual([
      { code: 'SAVE10', campaignId: null, status: 'not_eligible', reason: 'UNKNOWN_CODE', explanation: 'SAVE10: unknown code — check the spelling or remove it' },
    ]);
  });

  it('CODE_ALREADY_REDEEMED: a single-use code used before does not apply its campaign', () => {
    const unique = spring40({ codes: { type: 'unique', prefix: 'SPR' }, name: 'Spring unique' });
    const result = priceCart(aCart([dress], { campaigns: [unique], attachedCodes: [aCode('SPR-XYZ', 'spring40', true)] }));
    expect(result.coupons[0]).toMatchObject({ status: 'not_eligible', reason: 'CODE_ALREADY_REDEEMED', explanation: 'SPR-XYZ: this code has already been used — each code works only once' });
    expect(result.discounts).toEqual([]);
    expect(result.evaluations).toEqual([]);
  });

  it('a second code for the same campaign does not apply it twice', () => {
    const unique = spring40({ codes: { type: 'unique', prefix: 'SPR' }, name: 'Spring unique' });
    const result = priceCart(aCart([dress], { campaigns: [unique], attachedCodes: [aCode('SPR-1', 'spring40'), aCode('SPR-2', 'spring40')] }));
    expect(result.coupons.map((coupon) => [coupon.code, coupon.status, coupon.reason])).toEqual([
      ['SPR-1', 'applied', null],
      ['SPR-2', 'not_eligible', 'NOT_STACKABLE'],
    ]);
    expect(result.total).toEqual(usd(89_00));
  });

  it('a coded campaign is only evaluated when its code is attached; automatic campaigns always are', () => {
    const result = priceCart(aCart([dress], { campaigns: [spring40(), tenOff] }));
    expect(result.evaluations.map((evaluation) => evaluation.campaignId)).toEqual(['auto-10']);
    expect(result.discounts[0]).toMatchObject({ campaignId: 'auto-10', code: null });
  });

  it('a coupon that loses to a better combination is not_eligible with NOT_STACKABLE and says what won', () => {
    const bigAuto = aCampaign(someTerms({ type: 'amount_off_order', amount: { USD: 50_00 } }), { campaignId: 'auto-50', name: 'Fifty off' });
    const result = priceCart(aCart([dress], { campaigns: [spring40(), bigAuto], attachedCodes: [aCode('SPRING40', 'spring40')] }));
    expect(result.coupons[0]).toEqual({
      code: 'SPRING40',
      campaignId: 'spring40',
      status: 'not_eligible',
      reason: 'NOT_STACKABLE',
      explanation: 'SPRING40 v2: cannot be combined with Fifty off v1, which gives more: −50.00 USD against −40.00 USD',
    });
    expect(result.total).toEqual(usd(79_00));
  });

  it('the evaluation of an applied coupon carries the eligible subtotal and discount', () => {
    const result = priceCart(aCart([dress], { campaigns: [spring40()], attachedCodes: [aCode('SPRING40', 'spring40')] }));
    expect(result.evaluations).toEqual([
      {
        campaignId: 'spring40',
        campaignVersion: 2,
        code: 'SPRING40',
        outcome: 'applied',
        reason: null,
        eligibleSubtotal: usd(129_00),
        discount: usd(40_00),
        explanation: 'SPRING40 v2: eligible subtotal 129.00 USD (fashion-apparel) ≥ 100.00 USD → −40.00 USD',
      },
    ]);
  });

  describe('broken invariants throw', () => {
    it('a line in another currency', () => {
      expect(() => priceCart(aCart([dress, aLine('X', 'misc', eur(1_00))]))).toThrow(PricingInvariantError);
    });

    it('shipping in another currency', () => {
      expect(() => priceCart(aCart([dress], { shipping: eur(1_00) }))).toThrow(PricingInvariantError);
    });

    it('a quantity that is not a whole number of at least 1', () => {
      expect(() => priceCart(aCart([aLine('X', 'misc', usd(1_00), 0)]))).toThrow(PricingInvariantError);
    });

    it('an unparsable pricing instant', () => {
      expect(() => priceCart(aCart([dress], { at: 'now' }))).toThrow(PricingInvariantError);
    });

    it('a code pointing at a campaign that was not passed in', () => {
      expect(() => priceCart(aCart([dress], { attachedCodes: [aCode('SPRING40', 'spring40')] }))).toThrow(/was not passed in/);
    });

    it('the same campaign passed twice', () => {
      expect(() => priceCart(aCart([dress], { campaigns: [tenOff, tenOff] }))).toThrow(/passed twice/);
    });
  });
});
