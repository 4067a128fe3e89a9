import type { CampaignTerms } from '@promo-ledger/domain';
import { fixtureTargets, ProjectionFixture } from '../../testing/projection-fixture';
import { orderTotalsProjection } from './order-totals.projection';
import { findOrderTotals } from './order-totals.query';
import type { CheckoutStory } from './testing/checkout-story';
import { at, OPENING, spring40, storyBeforeTheSale, usd } from './testing/spring40-sale';

/** Every row of every table of the projection, in key order. */
async function everyRow(fixture: ProjectionFixture): Promise<Record<string, unknown[]>> {
  const tables = orderTotalsProjection.tables.map((table) => table.name);
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await fixture.rows(table, 'ORDER BY 1')] as const)));
}

describe.each(fixtureTargets())('order_totals batching on %s', (target) => {
  const opened: ProjectionFixture[] = [];
  const open = async () => {
    const fixture = await ProjectionFixture.open(orderTotalsProjection, target);
    opened.push(fixture);
    return fixture;
  };
  afterAll(async () => {
    for (const fixture of opened) await fixture.close();
  });

  /** Automatic free shipping next to SPRING40, carts of every kind, a price change, a cancellation. */
  function busyDay(): CheckoutStory {
    const story = storyBeforeTheSale();
    const freeShipping: CampaignTerms = {
      ...spring40,
      advertisedText: 'Free shipping from 50 USD',
      target: { categories: [], skus: [], excludeSkus: [] },
      conditions: { minSubtotal: { USD: 5000 } },
      benefit: { type: 'free_shipping' },
      stacking: { mode: 'stackable', priority: 20 },
      limits: {},
    };
    story.launchCampaign('freeship', freeShipping, { type: 'none' }, OPENING);
    for (const [index, cartId] of ['anna', 'ben', 'cleo', 'dan'].entries()) {
      const minute = index * 10;
      story.cart(cartId, { type: 'OpenCart', data: { cartId, customerId: `shopper-${cartId}`, currency: 'USD', channel: 'web' } }, at(minute));
      story.cart(cartId, { type: 'AddItem', data: { sku: index % 2 === 0 ? 'DRESS-1' : 'SKIRT-1', quantity: 1 } }, at(minute));
      story.cart(cartId, { type: 'SetShipping', data: { amount: usd(500) } }, at(minute));
      if (index < 3) story.cart(cartId, { type: 'AttachCoupon', data: { code: 'SPRING40' } }, at(minute + 1));
      story.cart(cartId, { type: 'IssueQuote', data: {} }, at(minute + 2), `quote-${cartId}`);
      story.checkout(cartId, `quote-${cartId}`, `order-${cartId}`, at(minute + 3));
      story.order(`order-${cartId}`, { type: 'RecordCharge', data: { amount: usd(9400), paymentRef: `pay-${cartId}` } }, at(minute + 4));
    }
    story.setPrice('DRESS-1', 11900, 'fashion-apparel', at(41));
    story.order('order-ben', { type: 'CancelOrder', data: { reason: 'changed mind' } }, at(42));
    story.cart('eve', { type: 'OpenCart', data: { cartId: 'eve', customerId: 'shopper-anna', currency: 'USD', channel: 'web' } }, at(43));
    story.cart('eve', { type: 'AddItem', data: { sku: 'DRESS-1', quantity: 2 } }, at(43));
    story.cart('eve', { type: 'SetShipping', data: { amount: usd(700) } }, at(43));
    // anna used SPRING40 already (perCustomer 1): the attempt is recorded and refused, free shipping still applies
    expect(() => story.cart('eve', { type: 'AttachCoupon', data: { code: 'SPRING40' } }, at(44))).toThrow(/CUSTOMER_LIMIT_REACHED/);
    story.cart('eve', { type: 'IssueQuote', data: {} }, at(45), 'quote-eve');
    story.checkout('eve', 'quote-eve', 'order-eve', at(46));
    story.cart('finn', { type: 'OpenCart', data: { cartId: 'finn', customerId: 'shopper-finn', currency: 'USD', channel: 'web' } }, at(47));
    story.cart('finn', { type: 'AddItem', data: { sku: 'MUG-1', quantity: 3 } }, at(47));
    return story;
  }

  it('gives the same rows whether the log arrives in one batch or in batches of any size, and a batch applied twice changes nothing', async () => {
    const events = busyDay().take();
    const whole = await open();
    const recorded = await whole.given(...events);
    const expected = await everyRow(whole);

    expect(await findOrderTotals(whole.db, whole.schema, 'order-anna')).toMatchObject({ expectedTotal: usd(9400), discounts: [{ campaignId: 'spring40' }], inconsistency: null });
    expect(await findOrderTotals(whole.db, whole.schema, 'order-dan')).toMatchObject({
      expectedTotal: usd(8900), discounts: [{ campaignId: 'freeship', amount: usd(500) }], charged: usd(9400), delta: usd(500), inconsistency: null,
    });
    expect(await findOrderTotals(whole.db, whole.schema, 'order-eve')).toMatchObject({
      subtotal: usd(23800), shipping: usd(700), discounts: [{ campaignId: 'freeship', amount: usd(700) }], expectedTotal: usd(23800), inconsistency: null,
    });
    // only the cart still open keeps a working state
    expect(expected.order_totals_carts).toMatchObject([{ cart_id: 'finn' }]);
    expect(Object.values(expected).every((rows) => rows.length > 0)).toBe(true);

    for (const size of [1, 7]) {
      const split = await open();
      for (let start = 0; start < events.length; start += size) await split.given(...events.slice(start, start + size));
      expect(await everyRow(split)).toEqual(expected);
    }

    // folded ahead: each batch read before the one before it is written, as a rebuild may do
    for (const size of [1, 3, 7]) {
      const ahead = await open();
      const recordedAhead = ahead.recorded(events);
      const batches = Array.from({ length: Math.ceil(recordedAhead.length / size) }, (_, index) => recordedAhead.slice(index * size, (index + 1) * size));
      await ahead.applyFoldingAhead(batches);
      expect(await everyRow(ahead)).toEqual(expected);
    }

    // redelivered past the engine's fence: a long run, then short ones that cut carts mid-way
    await whole.apply(recorded.slice(recorded.length - 20));
    for (let end = recorded.length; end > recorded.length - 24; end -= 3) await whole.apply(recorded.slice(end - 3, end));
    expect(await everyRow(whole)).toEqual(expected);
  });
});
