import { fixtureTargets, type GivenEvent, on, ProjectionFixture } from '../../testing/projection-fixture';
import { at, chargeRecorded, discount, disputeResolved, eur, orderPlaced, refundRecorded, usd } from '../testing/checkout-events';
import { mismatchesProjection } from './mismatches.projection';
import { findMismatches, type MismatchFilters, type MismatchItem } from './mismatches.query';

const spring40 = discount('spring40', 'SPRING40', usd(4000));
const SPRING40_OVERCHARGE = 'charged 129.00 USD, expected 89.00 USD (SPRING40 −40.00 USD): overcharged 40.00 USD';

/** Six orders that went wrong in different ways, and one that did not. */
const story: GivenEvent[] = [
  ...on('order-o1', at(1), orderPlaced('o1', 'c1', 'alice', usd(8900), [spring40])),
  ...on('order-o1', at(2), chargeRecorded(usd(12900), usd(12900), usd(8900))),
  ...on('order-o2', at(1), orderPlaced('o2', 'c2', 'bob', usd(8900), [spring40])),
  ...on('order-o2', at(3), chargeRecorded(usd(5000), usd(5000), usd(8900))),
  ...on('order-o2', at(3, 30), chargeRecorded(usd(3900), usd(8900), usd(8900))),
  ...on('order-o3', at(1), orderPlaced('o3', 'c3', 'carol', usd(8900), [spring40])),
  ...on('order-o3', at(4), chargeRecorded(usd(12900), usd(12900), usd(8900))),
  ...on('order-o1', at(5), refundRecorded(usd(4000), usd(4000))),
  ...on('order-o3', at(6), refundRecorded(usd(1000), usd(1000))),
  ...on('order-o4', at(1), orderPlaced('o4', 'c4', 'dave', usd(12900))),
  ...on('order-o4', at(7), chargeRecorded(usd(12000), usd(12000), usd(12900))),
  ...on('order-o5', at(1), orderPlaced('o5', 'c5', 'erin', usd(8900), [spring40])),
  ...on('order-o5', at(8), chargeRecorded(usd(12900), usd(12900), usd(8900))),
  ...on('order-o5', at(9), disputeResolved('d1', 'upheld')),
  ...on('order-o6', at(1), orderPlaced('o6', 'c6', 'frank', eur(5000))),
  ...on('order-o6', at(10), chargeRecorded(eur(6000), eur(6000), eur(5000))),
  ...on('order-o7', at(1), orderPlaced('o7', 'c7', 'grace', usd(8900), [spring40])),
  ...on('order-o7', at(11), chargeRecorded(usd(8900), usd(8900), usd(8900))),
];

describe.each(fixtureTargets())('mismatches read model on %s', (target) => {
  let oneBatch: ProjectionFixture;
  let eventByEvent: ProjectionFixture;
  const find = (filters: MismatchFilters = {}) => findMismatches(oneBatch.db, oneBatch.schema, filters);

  beforeAll(async () => {
    oneBatch = await ProjectionFixture.open(mismatchesProjection, target);
    eventByEvent = await ProjectionFixture.open(mismatchesProjection, target);
    await oneBatch.given(...story);
    for (const event of story) await eventByEvent.given(event);
  });
  afterAll(async () => {
    await oneBatch?.close();
    await eventByEvent?.close();
  });

  it('SPRING40: a charge of 129.00 for an order expected at 89.00 is open with 40.00 exposure, until a 40.00 refund resolves it', async () => {
    const fixture = await ProjectionFixture.open(mismatchesProjection, target);
    try {
      await fixture.given(...story.slice(0, 2));
      const detected: MismatchItem = {
        orderId: 'o1', customerId: 'alice', cartId: 'c1', campaignIds: ['spring40'], expected: usd(8900), charged: usd(12900), delta: usd(4000),
        refunded: usd(0), exposure: usd(4000), detectedAt: at(2), detectedPosition: '2/2', status: 'open', resolvedAt: null, resolution: null,
        explanation: SPRING40_OVERCHARGE,
      };
      expect(await findMismatches(fixture.db, fixture.schema)).toEqual({ items: [detected], totals: { count: 1, exposure: [usd(4000)] }, nextCursor: null });
      await fixture.given(...on('order-o1', at(5), refundRecorded(usd(4000), usd(4000))));
      expect(await findMismatches(fixture.db, fixture.schema)).toEqual({
        items: [{ ...detected, refunded: usd(4000), exposure: usd(0), status: 'resolved', resolvedAt: at(5), resolution: 'refund', explanation: `${SPRING40_OVERCHARGE}; refunded 40.00 USD — nothing more owed` }],
        totals: { count: 1, exposure: [usd(0)] },
        nextCursor: null,
      });
    } finally {
      await fixture.close();
    }
  });

  it('an upheld dispute appended with its refund (one decision) resolves the mismatch with no exposure left', async () => {
    const fixture = await ProjectionFixture.open(mismatchesProjection, target);
    try {
      const withRefund = { ...disputeResolved('d9', 'upheld'), data: { ...disputeResolved('d9', 'upheld').data, refund: usd(4000) } };
      await fixture.given(...story.slice(0, 2), ...on('order-o1', at(5), withRefund, refundRecorded(usd(4000), usd(4000), 'dispute d9 upheld')));
      const { items, totals } = await findMismatches(fixture.db, fixture.schema);
      expect(items).toEqual([expect.objectContaining({ orderId: 'o1', status: 'resolved', refunded: usd(4000), exposure: usd(0), resolvedAt: at(5) })]);
      expect(items[0].explanation).toBe(`${SPRING40_OVERCHARGE}; refunded 40.00 USD — nothing more owed; dispute d9 upheld`);
      expect(totals).toEqual({ count: 1, exposure: [usd(0)] });
    } finally {
      await fixture.close();
    }
  });

  it('keeps every kind of mismatch with its status, exposure and sentence', async () => {
    const { items, totals } = await find();
    expect(items.map(({ orderId, status, resolution, exposure, delta, explanation }) => ({ orderId, status, resolution, exposure, delta, explanation }))).toEqual([
      { orderId: 'o1', status: 'resolved', resolution: 'refund', exposure: usd(0), delta: usd(4000), explanation: `${SPRING40_OVERCHARGE}; refunded 40.00 USD — nothing more owed` },
      { orderId: 'o2', status: 'resolved', resolution: 'charge', exposure: usd(0), delta: usd(0), explanation: 'charged 89.00 USD, expected 89.00 USD (SPRING40 −40.00 USD): a later charge settled the difference' },
      { orderId: 'o3', status: 'open', resolution: null, exposure: usd(3000), delta: usd(4000), explanation: `${SPRING40_OVERCHARGE}; refunded 10.00 USD — 30.00 USD still owed` },
      { orderId: 'o4', status: 'open', resolution: null, exposure: usd(0), delta: usd(-900), explanation: 'charged 120.00 USD, expected 129.00 USD: undercharged 9.00 USD — nothing is owed to the shopper' },
      { orderId: 'o5', status: 'resolved', resolution: 'dispute', exposure: usd(4000), delta: usd(4000), explanation: `${SPRING40_OVERCHARGE}; dispute d1 upheld` },
      { orderId: 'o6', status: 'open', resolution: null, exposure: eur(1000), delta: eur(1000), explanation: 'charged 60.00 EUR, expected 50.00 EUR: overcharged 10.00 EUR' },
    ]);
    expect(totals).toEqual({ count: 6, exposure: [eur(1000), usd(7000)] });
  });

  it('two charges on one order in one batch: detected by the first, resolved by the second', async () => {
    expect((await find({ customerId: 'bob' })).items).toEqual([
      expect.objectContaining({ orderId: 'o2', charged: usd(8900), delta: usd(0), detectedAt: at(3), detectedPosition: '4/4', resolvedAt: at(3, 30) }),
    ]);
  });

  it('filters by status, campaign, customer, currency and detection time; totals cover the whole selection', async () => {
    const orders = async (filters: MismatchFilters) => {
      const { items, totals } = await find(filters);
      return { orders: items.map((item) => item.orderId), totals };
    };
    expect(await orders({ status: 'open' })).toEqual({ orders: ['o3', 'o4', 'o6'], totals: { count: 3, exposure: [eur(1000), usd(3000)] } });
    expect(await orders({ campaignId: 'spring40' })).toEqual({ orders: ['o1', 'o2', 'o3', 'o5'], totals: { count: 4, exposure: [usd(7000)] } });
    expect(await orders({ campaignId: 'spring40', status: 'resolved' })).toEqual({ orders: ['o1', 'o2', 'o5'], totals: { count: 3, exposure: [usd(4000)] } });
    expect(await orders({ currency: 'EUR' })).toEqual({ orders: ['o6'], totals: { count: 1, exposure: [eur(1000)] } });
    expect(await orders({ from: at(3), to: at(8) })).toEqual({ orders: ['o2', 'o3', 'o4'], totals: { count: 3, exposure: [usd(3000)] } });
    expect(await orders({ customerId: 'grace' })).toEqual({ orders: [], totals: { count: 0, exposure: [] } });
  });

  it('pages with a cursor while the totals stay those of the whole selection', async () => {
    const first = await find({ limit: 4 });
    expect(first.items.map((item) => item.orderId)).toEqual(['o1', 'o2', 'o3', 'o4']);
    const second = await find({ limit: 4, cursor: first.nextCursor ?? '' });
    expect(second).toMatchObject({ nextCursor: null, totals: { count: 6 } });
    expect(second.items.map((item) => item.orderId)).toEqual(['o5', 'o6']);
  });

  it('answers the same whether the events came in one batch or one per batch', async () => {
    for (const filters of [{}, { status: 'open' }, { limit: 2 }] satisfies MismatchFilters[]) {
      expect(await findMismatches(eventByEvent.db, eventByEvent.schema, filters)).toEqual(await find(filters));
    }
  });
});
