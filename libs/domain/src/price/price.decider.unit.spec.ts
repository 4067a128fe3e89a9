import { fold } from '../decider';
import { spec } from '../testing/decider-spec';
import { usd } from '../testing/fixtures';
import { money } from '../money';
import type { PriceCommand } from './price.decider';
import { priceDecider } from './price.decider';
import type { PriceEvent } from './price.events';
import { priceAt } from './price.state';

const now = '2026-03-20T12:00:00Z';
const prices = spec(priceDecider);
const sku = 'JACKET-1';
const set = (over: Partial<PriceCommand['data']> = {}): PriceCommand => ({
  type: 'SetPrice',
  data: { sku, price: usd(12900), category: 'fashion-apparel', ...over },
});
const priceSet = (amount: number, effectiveAt: string, reason = 'not given'): PriceEvent => ({
  type: 'PriceSet',
  data: { sku, price: usd(amount), category: 'fashion-apparel', effectiveAt, reason, setAt: now },
});

describe('price decider', () => {
  it('sets a price effective now when no instant is given', () => {
    prices.given([]).when(set(), { now }).then([priceSet(12900, now)]);
  });

  it('keeps a scheduled price and its reason', () => {
    prices
      .given([priceSet(12900, now)])
      .when(set({ price: usd(9900), effectiveAt: '2026-04-01T00:00:00Z', reason: 'spring sale' }), { now })
      .then([priceSet(9900, '2026-04-01T00:00:00Z', 'spring sale')]);
  });

  it('accepts a zero price (a free item)', () => {
    prices.given([]).when(set({ price: usd(0) }), { now }).then([priceSet(0, now)]);
  });

  it.each([
    ['a negative price', { price: usd(-1) }],
    ['a fractional minor unit', { price: { amount: 12.5, currency: 'USD' } }],
    ['an unsupported currency', { price: { amount: 100, currency: 'XXX' } }],
    ['an empty category', { category: ' ' }],
    ['an unreadable effectiveAt', { effectiveAt: 'next tuesday' }],
  ])('rejects %s with PRICE.INVALID', (_label, over) => {
    prices.given([]).when(set(over), { now }).thenRejects('PRICE.INVALID');
  });

  it('rejects a currency change on the same sku with PRICE.CURRENCY_CHANGED', () => {
    prices.given([priceSet(12900, now)]).when(set({ price: money(11900, 'EUR') }), { now }).thenRejects('PRICE.CURRENCY_CHANGED');
  });
});

describe('priceAt', () => {
  const state = fold(priceDecider, [
    priceSet(12900, '2026-03-01T00:00:00Z'),
    priceSet(9900, '2026-04-01T00:00:00Z'),
    // set later but effective earlier than the scheduled price: it does not cancel the schedule
    priceSet(11900, '2026-03-20T00:00:00Z'),
  ]);

  it('has no price before the first one is in force', () => {
    expect(priceAt(state, '2026-02-28T23:59:59Z')).toBeNull();
  });

  it('keeps the current price until a scheduled one takes effect', () => {
    expect(priceAt(state, '2026-03-10T00:00:00Z')).toMatchObject({ price: usd(12900), version: 1 });
    expect(priceAt(state, '2026-03-25T00:00:00Z')).toMatchObject({ price: usd(11900), version: 3 });
    expect(priceAt(state, '2026-04-01T00:00:00Z')).toMatchObject({ price: usd(9900), version: 2 });
  });

  it('gives two prices effective at the same instant to the one set last', () => {
    const same = fold(priceDecider, [priceSet(100, now), priceSet(200, now)]);
    expect(priceAt(same, now)).toMatchObject({ price: usd(200), version: 2 });
    expect(same.version).toBe(2);
  });
});
