import { fixtureTargets, type GivenEvent, on, ProjectionFixture } from '../../testing/projection-fixture';
import {
  at, chargeRecorded, couponAttached, couponRejected, discount, orderPlaced, SPRING40_APPLIES, SPRING40_SHORT, usd,
} from '../testing/checkout-events';
import { campaignStatsProjection } from './campaign-stats.projection';
import { type CampaignCounts, campaignStats, type StatsRange } from './campaign-stats.query';

const spring40 = discount('spring40', 'SPRING40', usd(4000));
const welcome5 = discount('welcome5', null, usd(500), 'WELCOME5 v1: first order → −5.00 USD');
const elevenOClock = '2026-03-15T11:00:30.000Z';

/** SPRING40's first hour: three attempts, three discounted orders, one charged full price, one paid in two parts. */
const story: GivenEvent[] = [
  ...on('cart-c1', at(1, 5), couponAttached('SPRING40', 'spring40', 'not_eligible', 'MIN_SUBTOTAL_NOT_MET', SPRING40_SHORT)),
  ...on('cart-c2', at(1, 10), couponAttached('SPRING40', 'spring40', 'applied', null, SPRING40_APPLIES)),
  ...on('cart-c3', at(1, 20), couponRejected('SPRING40', 'spring40', 'CUSTOMER_LIMIT_REACHED', 'You have already used this promotion')),
  ...on('cart-c3', at(1, 30), couponRejected('SPRING41', null, 'UNKNOWN_CODE', 'SPRING41 is not a code we know')),
  ...on('order-o2', at(2, 0), orderPlaced('o2', 'c2', 'bob', usd(8400), [spring40, welcome5])),
  ...on('order-o4', at(2, 10), orderPlaced('o4', 'c4', 'dave', usd(8900), [spring40])),
  ...on('order-o6', at(2, 20), orderPlaced('o6', 'c6', 'frank', usd(8900), [spring40])),
  ...on('order-o7', at(2, 30), orderPlaced('o7', 'c7', 'grace', usd(12900))),
  ...on('order-o2', at(3, 0), chargeRecorded(usd(8400), usd(8400), usd(8400))),
  ...on('order-o4', at(3, 10), chargeRecorded(usd(12900), usd(12900), usd(8900))),
  ...on('order-o6', at(3, 20), chargeRecorded(usd(5000), usd(5000), usd(8900))),
  ...on('order-o6', at(4, 0), chargeRecorded(usd(3900), usd(8900), usd(8900))),
  ...on('order-o7', at(4, 10), chargeRecorded(usd(13900), usd(13900), usd(12900))),
  ...on('cart-c8', elevenOClock, couponAttached('SPRING40', 'spring40', 'not_eligible', 'MIN_SUBTOTAL_NOT_MET', SPRING40_SHORT)),
];

const quiet: CampaignCounts = {
  attempts: 0, applied: 0, notEligible: 0, rejected: {}, notEligibleReasons: {}, ordersWithDiscountDue: 0, ordersChargedWithDiscount: 0,
  mismatches: 0, discountGiven: [], successRate: null,
};
const minute = (start: string, counts: Partial<CampaignCounts>) => ({ start, ...quiet, ...counts });
const spring40Minutes = [
  minute(at(1), { attempts: 3, applied: 1, notEligible: 1, rejected: { CUSTOMER_LIMIT_REACHED: 1 }, notEligibleReasons: { MIN_SUBTOTAL_NOT_MET: 1 } }),
  minute(at(2), { ordersWithDiscountDue: 3, discountGiven: [usd(12000)], successRate: 0 }),
  minute(at(3), { ordersChargedWithDiscount: 2, mismatches: 2 }),
  minute('2026-03-15T11:00:00.000Z', { attempts: 1, notEligible: 1, notEligibleReasons: { MIN_SUBTOTAL_NOT_MET: 1 } }),
];
const firstHour: CampaignCounts = {
  attempts: 3, applied: 1, notEligible: 1, rejected: { CUSTOMER_LIMIT_REACHED: 1 }, notEligibleReasons: { MIN_SUBTOTAL_NOT_MET: 1 },
  ordersWithDiscountDue: 3, ordersChargedWithDiscount: 2, mismatches: 2, discountGiven: [usd(12000)], successRate: 2 / 3,
};
const wholeDay: CampaignCounts = { ...firstHour, attempts: 4, notEligible: 2, notEligibleReasons: { MIN_SUBTOTAL_NOT_MET: 2 } };

describe.each(fixtureTargets())('campaign_stats read model on %s', (target) => {
  let oneBatch: ProjectionFixture;
  let eventByEvent: ProjectionFixture;
  const stats = (campaignId: string, range?: StatsRange) => campaignStats(oneBatch.db, oneBatch.schema, campaignId, range);

  beforeAll(async () => {
    oneBatch = await ProjectionFixture.open(campaignStatsProjection, target);
    eventByEvent = await ProjectionFixture.open(campaignStatsProjection, target);
    await oneBatch.given(...story);
    for (const event of story) await eventByEvent.given(event);
  });
  afterAll(async () => {
    await oneBatch?.close();
    await eventByEvent?.close();
  });

  it('counts attempts, orders due, orders charged with the discount and mismatches per minute', async () => {
    expect(await stats('spring40')).toEqual({ campaignId: 'spring40', bucket: 'minute', from: null, to: null, totals: wholeDay, series: spring40Minutes });
  });

  it('rolls minutes up into hours and days, with the success rate over each bucket', async () => {
    const hourly = await stats('spring40', { bucket: 'hour' });
    expect(hourly.series).toEqual([{ start: '2026-03-15T10:00:00.000Z', ...firstHour }, spring40Minutes[3]]);
    expect((await stats('spring40', { bucket: 'day' })).series).toEqual([{ start: '2026-03-15T00:00:00.000Z', ...wholeDay }]);
  });

  it('an order discounted by two campaigns counts for each; an order without a discount for none', async () => {
    expect((await stats('welcome5')).totals).toEqual({ ...quiet, ordersWithDiscountDue: 1, ordersChargedWithDiscount: 1, discountGiven: [usd(500)], successRate: 1 });
    expect(await stats('nobody')).toMatchObject({ totals: quiet, series: [] });
  });

  it('reads a range [from, to)', async () => {
    const range = await stats('spring40', { from: at(2), to: at(4) });
    expect(range).toMatchObject({ from: at(2), to: at(4), series: spring40Minutes.slice(1, 3) });
    expect(range.totals.successRate).toBeCloseTo(2 / 3);
  });

  it('judges an order by its first charge even when both charges arrive in one batch', async () => {
    expect(await oneBatch.rows('campaign_stats_orders', 'ORDER BY order_id')).toEqual([
      { order_id: 'o2', campaign_ids: ['spring40', 'welcome5'], charge_judged: true },
      { order_id: 'o4', campaign_ids: ['spring40'], charge_judged: true },
      { order_id: 'o6', campaign_ids: ['spring40'], charge_judged: true },
    ]);
  });

  it('answers the same whether the events came in one batch or one per batch', async () => {
    for (const [campaignId, range] of [['spring40', {}], ['spring40', { bucket: 'hour' }], ['welcome5', { bucket: 'day' }]] as const) {
      expect(await campaignStats(eventByEvent.db, eventByEvent.schema, campaignId, range)).toEqual(await stats(campaignId, range));
    }
  });

  it('refuses an unknown bucket', async () => {
    await expect(stats('spring40', { bucket: 'week' as never })).rejects.toThrow(RangeError);
  });
});
