import { fixtureTargets, type GivenEvent, on, ProjectionFixture } from '../../testing/projection-fixture';
import { InvalidCursorError } from '../shared/cursor';
import {
  at, cartCheckedOut, cartOpened, couponAttached, couponDetached, couponRejected, discount, orderCancelled, orderPlaced, quoteIssued,
  redemptionConfirmed, redemptionReleased, SPRING40_APPLIES, SPRING40_SHORT, usd,
} from '../testing/checkout-events';
import { redemptionsProjection } from './redemptions.projection';
import { findRedemptions, type RedemptionFilters, type RedemptionItem } from './redemptions.query';

const WELCOME5 = 'WELCOME5 v1: first order → −5.00 USD';
const spring40 = discount('spring40', 'SPRING40', usd(4000));
const welcome5 = discount('welcome5', null, usd(500), WELCOME5);

/** Five shoppers: one code not eligible, a full checkout with an automatic discount, a reject, a detach, two cancellations. */
const story: GivenEvent[] = [
  ...on('cart-c1', at(0), cartOpened('c1', 'alice')),
  ...on('cart-c1', at(1), couponAttached('SPRING40', 'spring40', 'not_eligible', 'MIN_SUBTOTAL_NOT_MET', SPRING40_SHORT)),
  ...on('cart-c2', at(0), cartOpened('c2', 'bob')),
  ...on('cart-c2', at(2), couponAttached('SPRING40', 'spring40', 'not_eligible', 'MIN_SUBTOTAL_NOT_MET', SPRING40_SHORT)),
  ...on('cart-c2', at(3), quoteIssued('q-o2', usd(8400), [{ code: 'SPRING40', campaignId: 'spring40', status: 'applied', reason: null, explanation: SPRING40_APPLIES }], [spring40, welcome5])),
  ...on('cart-c2', at(4), cartCheckedOut('o2')),
  ...on('order-o2', at(4), orderPlaced('o2', 'c2', 'bob', usd(8400), [spring40, welcome5])),
  ...on('budget-spring40', at(4), redemptionConfirmed('spring40', 'o2', 'bob')),
  ...on('budget-welcome5', at(4), redemptionConfirmed('welcome5', 'o2', 'bob')),
  ...on('cart-c3', at(0), cartOpened('c3', 'carol')),
  ...on('cart-c3', at(5), couponRejected('SPRING41', null, 'UNKNOWN_CODE', 'SPRING41 is not a code we know')),
  ...on('cart-c3', at(6), couponAttached('SPRING40', 'spring40', 'applied', null, SPRING40_APPLIES)),
  ...on('cart-c3', at(7), couponDetached('SPRING40', 'spring40')),
  ...on('cart-c3', at(8), couponAttached('SPRING40', 'spring40', 'applied', null, SPRING40_APPLIES)),
  ...on('order-o3', at(9), orderPlaced('o3', 'c3', 'carol', usd(8900), [spring40])),
  ...on('order-o3', at(10), orderCancelled('customer changed their mind')),
  ...on('budget-spring40', at(10), redemptionReleased('spring40', 'o3', 'carol', usd(4000), 'order cancelled')),
  ...on('cart-c4', at(0), cartOpened('c4', 'dave')),
  ...on('cart-c4', at(11), couponAttached('SPRING40', 'spring40', 'applied', null, SPRING40_APPLIES)),
  ...on('order-o4', at(12), orderPlaced('o4', 'c4', 'dave', usd(8900), [spring40])),
  ...on('budget-spring40', at(12), redemptionConfirmed('spring40', 'o4', 'dave')),
  ...on('order-o4', at(20), orderCancelled('returned')),
  ...on('budget-spring40', at(20), redemptionReleased('spring40', 'o4', 'dave', usd(4000), 'order cancelled')),
  ...on('cart-c5', at(0), cartOpened('c5', 'erin')),
  ...on('cart-c5', at(13), couponAttached('SPRING40', 'spring40', 'not_eligible', 'MIN_SUBTOTAL_NOT_MET', SPRING40_SHORT)),
  ...on('order-o5', at(14), orderPlaced('o5', 'c5', 'erin', usd(8900))),
];

const item = (fields: Partial<RedemptionItem> & Pick<RedemptionItem, 'customerId' | 'cartId' | 'status' | 'at'>): RedemptionItem => ({
  code: 'SPRING40', campaignId: 'spring40', orderId: null, reason: null, explanation: SPRING40_APPLIES, note: null, discount: null, ...fields,
});

const expected: RedemptionItem[] = [
  item({ customerId: 'alice', cartId: 'c1', status: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET', explanation: SPRING40_SHORT, at: at(1) }),
  item({ customerId: 'bob', cartId: 'c2', orderId: 'o2', status: 'confirmed', discount: usd(4000), at: at(2) }),
  item({ code: null, campaignId: 'welcome5', customerId: 'bob', cartId: 'c2', orderId: 'o2', status: 'confirmed', explanation: WELCOME5, discount: usd(500), at: at(4) }),
  item({ code: 'SPRING41', campaignId: null, customerId: 'carol', cartId: 'c3', status: 'rejected', reason: 'UNKNOWN_CODE', explanation: 'SPRING41 is not a code we know', at: at(5) }),
  item({ customerId: 'carol', cartId: 'c3', status: 'detached', note: 'removed from the cart', at: at(6) }),
  item({ customerId: 'carol', cartId: 'c3', orderId: 'o3', status: 'released', note: 'released: order cancelled (customer changed their mind)', discount: usd(4000), at: at(8) }),
  item({ customerId: 'dave', cartId: 'c4', orderId: 'o4', status: 'reversed', note: 'reversed: order cancelled (returned)', discount: usd(4000), at: at(11) }),
  item({ customerId: 'erin', cartId: 'c5', orderId: 'o5', status: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET', explanation: SPRING40_SHORT, at: at(13) }),
];

describe.each(fixtureTargets())('redemptions read model on %s', (target) => {
  let oneBatch: ProjectionFixture;
  let eventByEvent: ProjectionFixture;
  const find = (filters: RedemptionFilters = {}) => findRedemptions(oneBatch.db, oneBatch.schema, filters);

  beforeAll(async () => {
    oneBatch = await ProjectionFixture.open(redemptionsProjection, target);
    eventByEvent = await ProjectionFixture.open(redemptionsProjection, target);
    await oneBatch.given(...story);
    for (const event of story) await eventByEvent.given(event);
  });
  afterAll(async () => {
    await oneBatch?.close();
    await eventByEvent?.close();
  });

  it('keeps every attempt with its fate, in the order the attempts were made', async () => {
    expect(await find()).toEqual({ items: expected, nextCursor: null });
  });

  it('SPRING40: the not-eligible attempt shows its reason and the sentence support reads out', async () => {
    const { items } = await find({ customerId: 'alice' });
    expect(items).toEqual([expect.objectContaining({ code: 'SPRING40', status: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET', explanation: SPRING40_SHORT })]);
  });

  it('answers the same whether the events came in one batch or one per batch', async () => {
    for (const filters of [{}, { customerId: 'carol' }, { orderId: 'o2' }, { limit: 3 }] satisfies RedemptionFilters[]) {
      expect(await findRedemptions(eventByEvent.db, eventByEvent.schema, filters)).toEqual(await find(filters));
    }
  });

  it('filters by customer, code (any case), campaign, order, status and time', async () => {
    expect((await find({ customerId: 'carol' })).items).toEqual(expected.slice(3, 6));
    expect((await find({ code: ' spring40' })).items.map((found) => found.customerId)).toEqual(['alice', 'bob', 'carol', 'carol', 'dave', 'erin']);
    expect((await find({ campaignId: 'welcome5' })).items).toEqual([expected[2]]);
    expect((await find({ orderId: 'o2' })).items).toEqual(expected.slice(1, 3));
    expect((await find({ orderId: 'o5' })).items).toEqual([expected[7]]);
    expect((await find({ status: 'reversed' })).items).toEqual([expected[6]]);
    expect((await find({ from: at(5), to: at(11) })).items).toEqual(expected.slice(3, 6));
    expect((await find({ customerId: 'nobody' })).items).toEqual([]);
  });

  it('pages with an opaque cursor until nothing is left', async () => {
    const pages: RedemptionItem[][] = [];
    let cursor: string | undefined;
    do {
      const page = await find({ limit: 3, cursor });
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
    expect(pages.flat()).toEqual(expected);
    const filtered = await find({ code: 'SPRING40', limit: 2 });
    expect((await find({ code: 'SPRING40', limit: 2, cursor: filtered.nextCursor ?? '' })).items.map((found) => found.customerId)).toEqual(['carol', 'carol']);
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(find({ cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('stores one row per attempt and one cart row per cart', async () => {
    expect(await oneBatch.rows('redemptions', 'ORDER BY id')).toHaveLength(expected.length);
    expect(await oneBatch.rows('redemption_carts', 'ORDER BY cart_id')).toEqual(
      ['alice', 'bob', 'carol', 'dave', 'erin'].map((customer, index) => ({ cart_id: `c${index + 1}`, customer_id: customer })),
    );
  });
});
