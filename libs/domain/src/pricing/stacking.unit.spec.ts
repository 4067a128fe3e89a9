import type { Benefit, Stacking } from '../campaign/terms';
import { priceCart } from './price-cart';
import type { CampaignSnapshot } from './pricing.types';
import { aCampaign, aCart, aLine, someTerms, usd } from './testing/builders';

/** Which combination the shopper gets, and in which order stackable campaigns apply. */

function campaign(campaignId: string, benefit: Benefit, stacking: Stacking): CampaignSnapshot {
  return aCampaign(someTerms(benefit, { stacking }), { campaignId, name: campaignId.toUpperCase() });
}

const stackable = (priority: number): Stacking => ({ mode: 'stackable', priority });
const exclusive: Stacking = { mode: 'exclusive', priority: 0 };
const tenPercent: Benefit = { type: 'percent_off_items', percent: 10 };
const amountOff = (amount: number): Benefit => ({ type: 'amount_off_order', amount: { USD: amount } });
const coat = [aLine('COAT-1', 'fashion-apparel', usd(100_00))];

function appliedAmounts(campaigns: CampaignSnapshot[]): [string, number][] {
  return priceCart(aCart(coat, { campaigns })).discounts.map((discount) => [discount.campaignId, discount.amount.amount]);
}

describe('stacking', () => {
  it('applies stackable campaigns in priority order, each on what the earlier ones left', () => {
    // 10 % first: 10.00, then 20.00 off → 30.00
    expect(appliedAmounts([campaign('b-amount', amountOff(20_00), stackable(2)), campaign('a-percent', tenPercent, stackable(1))])).toEqual([
      ['a-percent', 10_00],
      ['b-amount', 20_00],
    ]);
    // 20.00 off first, then 10 % of the 80.00 left: 8.00 → 28.00
    expect(appliedAmounts([campaign('b-amount', amountOff(20_00), stackable(1)), campaign('a-percent', tenPercent, stackable(2))])).toEqual([
      ['b-amount', 20_00],
      ['a-percent', 8_00],
    ]);
  });

  it('breaks equal priorities by campaign id', () => {
    expect(appliedAmounts([campaign('z', tenPercent, stackable(5)), campaign('a', amountOff(20_00), stackable(5))])).toEqual([
      ['a', 20_00],
      ['z', 8_00],
    ]);
  });

  it('an exclusive campaign applies alone', () => {
    expect(appliedAmounts([campaign('excl', amountOff(50_00), exclusive), campaign('stack', amountOff(10_00), stackable(1))])).toEqual([['excl', 50_00]]);
  });

  it('of two exclusive campaigns the larger one wins', () => {
    expect(appliedAmounts([campaign('a-small', amountOff(5_00), exclusive), campaign('b-large', amountOff(6_00), exclusive)])).toEqual([['b-large', 6_00]]);
  });

  it('equal totals go to the combination holding the lowest campaign id, whatever the input order', () => {
    const a = campaign('a-exclusive', amountOff(30_00), exclusive);
    const b = campaign('b-stack', amountOff(20_00), stackable(1));
    const c = campaign('c-stack', amountOff(10_00), stackable(2));
    expect(appliedAmounts([c, b, a])).toEqual([['a-exclusive', 30_00]]);
    const cheaperFirst = campaign('0-stack', amountOff(30_00), stackable(1));
    expect(appliedAmounts([a, cheaperFirst])).toEqual([['0-stack', 30_00]]);
  });

  it('a stackable campaign left with nothing to discount is reported NO_ELIGIBLE_ITEMS, not applied at 0.00', () => {
    const result = priceCart(aCart(coat, { campaigns: [campaign('all', amountOff(100_00), stackable(1)), campaign('more', amountOff(5_00), stackable(2))] }));
    expect(result.discounts.map((discount) => discount.campaignId)).toEqual(['all']);
    expect(result.evaluations.find((evaluation) => evaluation.campaignId === 'more')).toMatchObject({
      outcome: 'not_eligible',
      reason: 'NO_ELIGIBLE_ITEMS',
      explanation: 'MORE v1: nothing left for this campaign to discount on the eligible items',
    });
    expect(result.total).toEqual(usd(0));
  });

  it('says when the winner only won the tie', () => {
    const result = priceCart(aCart(coat, { campaigns: [campaign('a', amountOff(10_00), exclusive), campaign('b', amountOff(10_00), exclusive)] }));
    expect(result.evaluations[1]).toMatchObject({
      outcome: 'not_selected',
      reason: 'NOT_STACKABLE',
      discount: usd(0),
      explanation: 'B v1: cannot be combined with A v1, which gives the same −10.00 USD and wins the tie by campaign id',
    });
  });

  it('free shipping stacks with a line discount and both show in the total', () => {
    const result = priceCart(
      aCart(coat, {
        shipping: usd(5_00),
        campaigns: [campaign('ship', { type: 'free_shipping' }, stackable(1)), campaign('ten', tenPercent, stackable(2))],
      }),
    );
    expect(result.shippingDiscount).toEqual(usd(5_00));
    expect(result.total).toEqual(usd(90_00));
  });

  it('reordering lines can move one cent when a tied allocation feeds a per-line capped campaign (ties go to the earlier line, by design)', () => {
    // 1.01 off two 1.00 lines splits 0.51 / 0.50: the earlier line takes the tied cent. 0.40 off each
    // unit then hits the 1-unit line's cap (0.40) but not the 2-unit line's (what is left of it).
    const campaigns = [campaign('a-order', amountOff(1_01), stackable(1)), campaign('b-each', { type: 'amount_off_each_item', amount: { USD: 40 } }, stackable(2))];
    const single = aLine('SINGLE', 'misc', usd(1_00));
    const pair = aLine('PAIR', 'misc', usd(50), 2);
    expect(priceCart(aCart([single, pair], { campaigns })).total).toEqual(usd(9));
    expect(priceCart(aCart([pair, single], { campaigns })).total).toEqual(usd(10));
  });
});
