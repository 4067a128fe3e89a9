import { priceCart } from './price-cart';
import type { CampaignEvaluation, PricingInput } from './pricing.types';
import { ELIGIBILITY_POLICIES, minSubtotalMustBeMet } from './eligibility';
import { aCampaign, aCart, aCustomer, aLine, someTerms, usd, type CampaignOverrides } from './testing/builders';
import type { CampaignTerms } from '../campaign/terms';

/** Each reason code a campaign's own conditions produce, with the sentence the shopper reads. */

const fiveOff = { type: 'amount_off_order', amount: { USD: 5_00 } } as const;
const dress = aLine('DRESS-1', 'fashion-apparel', usd(50_00));

function evaluate(terms: Partial<CampaignTerms>, options: { campaign?: CampaignOverrides; cart?: Partial<PricingInput> } = {}): CampaignEvaluation {
  const campaign = aCampaign(someTerms(fiveOff, terms), { name: 'FIVE', ...options.campaign });
  const result = priceCart(aCart([dress], { campaigns: [campaign], ...options.cart }));
  return result.evaluations[0];
}

describe('eligibility', () => {
  it('given no conditions, when priced, then the campaign applies', () => {
    expect(evaluate({})).toMatchObject({ outcome: 'applied', reason: null, explanation: 'FIVE v1: eligible subtotal 50.00 USD → −5.00 USD' });
  });

  it('CAMPAIGN_PAUSED: a paused campaign', () => {
    expect(evaluate({}, { campaign: { status: 'paused' } })).toMatchObject({ reason: 'CAMPAIGN_PAUSED', explanation: 'FIVE v1: is paused' });
  });

  it('CAMPAIGN_ENDED: an ended status, even inside the schedule', () => {
    expect(evaluate({ schedule: { endsAt: '2027-01-01T00:00:00Z' } }, { campaign: { status: 'ended' } })).toMatchObject({
      reason: 'CAMPAIGN_ENDED',
      explanation: 'FIVE v1: has ended',
    });
  });

  it('CAMPAIGN_NOT_STARTED: a draft campaign', () => {
    expect(evaluate({}, { campaign: { status: 'draft' } })).toMatchObject({ reason: 'CAMPAIGN_NOT_STARTED', explanation: 'FIVE v1: has not started yet' });
  });

  it('CURRENCY_NOT_SUPPORTED: a minimum subtotal only in other currencies restricts a percent campaign too', () => {
    const campaign = aCampaign(someTerms({ type: 'percent_off_items', percent: 10 }, { conditions: { minSubtotal: { EUR: 10_00, GBP: 10_00 } } }), { name: 'TEN' });
    const result = priceCart(aCart([dress], { campaigns: [campaign] }));
    expect(result.evaluations[0]).toMatchObject({ reason: 'CURRENCY_NOT_SUPPORTED', explanation: 'TEN v1: not valid in USD — this campaign supports EUR, GBP' });
  });

  it('CURRENCY_NOT_SUPPORTED: a percent cap given only in EUR means the campaign is offered only in EUR', () => {
    const campaign = aCampaign(someTerms({ type: 'percent_off_items', percent: 10, maxDiscount: { EUR: 5_00 } }));
    expect(priceCart(aCart([dress], { campaigns: [campaign] })).evaluations[0].reason).toBe('CURRENCY_NOT_SUPPORTED');
  });

  it('CHANNEL_NOT_ELIGIBLE: a cart from another channel', () => {
    expect(evaluate({ conditions: { channels: ['app', 'pos'] } })).toMatchObject({
      reason: 'CHANNEL_NOT_ELIGIBLE',
      explanation: 'FIVE v1: not available on web — only on app, pos',
    });
    expect(evaluate({ conditions: { channels: ['web'] } }).outcome).toBe('applied');
  });

  it('SEGMENT_NOT_ELIGIBLE: a customer without any of the tags', () => {
    expect(evaluate({ conditions: { customerTags: ['vip', 'staff'] } })).toMatchObject({
      reason: 'SEGMENT_NOT_ELIGIBLE',
      explanation: 'FIVE v1: only for customers tagged vip or staff',
    });
    expect(evaluate({ conditions: { customerTags: ['vip', 'staff'] } }, { cart: { customer: aCustomer({ tags: ['staff'] }) } }).outcome).toBe('applied');
  });

  it('FIRST_ORDER_ONLY: a returning customer', () => {
    expect(evaluate({ conditions: { firstOrderOnly: true } })).toMatchObject({ reason: 'FIRST_ORDER_ONLY', explanation: 'FIVE v1: only for a first order' });
    expect(evaluate({ conditions: { firstOrderOnly: true } }, { cart: { customer: aCustomer({ isFirstOrder: true }) } }).outcome).toBe('applied');
  });

  it('CUSTOMER_LIMIT_REACHED: the customer already redeemed it perCustomer times', () => {
    const customer = aCustomer({ redemptionsByCampaign: { 'campaign-1': 2 } });
    expect(evaluate({ limits: { perCustomer: 2 } }, { cart: { customer } })).toMatchObject({
      reason: 'CUSTOMER_LIMIT_REACHED',
      explanation: 'FIVE v1: already used the most times allowed per customer (2)',
    });
    expect(evaluate({ limits: { perCustomer: 3 } }, { cart: { customer } }).outcome).toBe('applied');
  });

  it('BUDGET_EXHAUSTED: maxRedemptions reached', () => {
    expect(evaluate({ limits: { maxRedemptions: 10 } }, { campaign: { usage: { redemptions: 10, discountGiven: {} } } })).toMatchObject({
      reason: 'BUDGET_EXHAUSTED',
      explanation: 'FIVE v1: the campaign budget is used up',
    });
  });

  it('BUDGET_EXHAUSTED: the discount budget in this currency is spent', () => {
    const usage = { redemptions: 3, discountGiven: { USD: 100_00 } };
    expect(evaluate({ limits: { maxDiscount: { USD: 100_00 } } }, { campaign: { usage } }).reason).toBe('BUDGET_EXHAUSTED');
  });

  it('NO_ELIGIBLE_ITEMS: nothing in the cart is targeted (an excluded SKU does not count)', () => {
    expect(evaluate({ target: { categories: ['footwear'], skus: [], excludeSkus: [] } })).toMatchObject({
      reason: 'NO_ELIGIBLE_ITEMS',
      explanation: 'FIVE v1: nothing in the cart is part of this campaign (footwear)',
    });
    expect(evaluate({ target: { categories: [], skus: [], excludeSkus: ['DRESS-1'] } }).reason).toBe('NO_ELIGIBLE_ITEMS');
  });

  it('MIN_QUANTITY_NOT_MET: too few targeted units', () => {
    expect(evaluate({ conditions: { minQuantity: 2 } })).toMatchObject({
      reason: 'MIN_QUANTITY_NOT_MET',
      explanation: 'FIVE v1: needs at least 2 eligible items, the cart has 1',
    });
  });

  it('MIN_SUBTOTAL_NOT_MET: the targeted subtotal is below the minimum', () => {
    expect(evaluate({ conditions: { minSubtotal: { USD: 60_00 } } })).toMatchObject({
      reason: 'MIN_SUBTOTAL_NOT_MET',
      explanation: 'FIVE v1: eligible subtotal 50.00 USD is below 60.00 USD — 10.00 USD short',
    });
  });

  it('the first failing policy wins: paused before ended before not started before the cart contents', () => {
    const everythingWrong: Partial<CampaignTerms> = {
      schedule: { startsAt: '2026-04-01T00:00:00Z', endsAt: '2026-03-01T00:00:00Z' },
      conditions: { minSubtotal: { USD: 1000_00 }, channels: ['pos'] },
    };
    expect(evaluate(everythingWrong, { campaign: { status: 'paused' } }).reason).toBe('CAMPAIGN_PAUSED');
    expect(evaluate(everythingWrong).reason).toBe('CAMPAIGN_ENDED');
    expect(evaluate({ ...everythingWrong, schedule: { startsAt: '2026-04-01T00:00:00Z' } }).reason).toBe('CAMPAIGN_NOT_STARTED');
    expect(evaluate({ conditions: { minSubtotal: { USD: 1000_00 }, channels: ['pos'] } }).reason).toBe('CHANNEL_NOT_ELIGIBLE');
    expect(evaluate({ conditions: { minSubtotal: { USD: 1000_00 }, minQuantity: 5 } }).reason).toBe('MIN_QUANTITY_NOT_MET');
  });

  it('lists the policies in the documented order, minimum subtotal last', () => {
    expect(ELIGIBILITY_POLICIES).toHaveLength(12);
    expect(ELIGIBILITY_POLICIES.at(-1)).toBe(minSubtotalMustBeMet);
  });

  it('judges the minimum subtotal on the undiscounted targeted lines only', () => {
    const shoes = aLine('SHOE-1', 'footwear', usd(500_00));
    const campaign = aCampaign(
      someTerms(fiveOff, { target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] }, conditions: { minSubtotal: { USD: 60_00 } } }),
    );
    expect(priceCart(aCart([dress, shoes], { campaigns: [campaign] })).evaluations[0].reason).toBe('MIN_SUBTOTAL_NOT_MET');
  });
});
