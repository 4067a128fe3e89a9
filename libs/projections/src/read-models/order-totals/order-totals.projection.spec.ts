import {
  budgetDecider, budgetStream, type CampaignTerms, customerDecider, customerStream, type OrderPlaced, orderStream, type QuoteData,
} from '@promo-ledger/domain';
import { fixtureTargets, ProjectionFixture } from '../../testing/projection-fixture';
import { orderTotalsProjection } from './order-totals.projection';
import { ORDER_TOTALS_LOG_ORDER } from './order-totals.tables';
import { findCartTotals, findOrderTotals } from './order-totals.query';
import type { CheckoutStory } from './testing/checkout-story';
import { at, quotedCart, spring40, storyBeforeTheSale, usd } from './testing/spring40-sale';

describe.each(fixtureTargets())('order_totals projection on %s', (target) => {
  let fixture: ProjectionFixture;
  let story: CheckoutStory;
  const order = (orderId: string) => findOrderTotals(fixture.db, fixture.schema, orderId);
  const project = async () => {
    await fixture.given(...story.take());
  };

  beforeAll(async () => {
    fixture = await ProjectionFixture.open(orderTotalsProjection, target);
    story = storyBeforeTheSale();
    await project();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('SPRING40 happy path: 129.00 of fashion with SPRING40 is expected and charged at 89.00, delta 0, consistent', async () => {
    const quoteId = quotedCart(story, 'alice', [['DRESS-1', 1]], 'SPRING40', 0);
    story.checkout('alice', quoteId, 'order-alice', at(3));
    story.order('order-alice', { type: 'RecordCharge', data: { amount: usd(8900), paymentRef: 'pay-alice' } }, at(4));
    await project();

    expect(await order('order-alice')).toEqual({
      orderId: 'order-alice', cartId: 'alice', customerId: 'shopper-alice', status: 'charged', currency: 'USD',
      subtotal: usd(12900), shipping: usd(0),
      discounts: [{ campaignId: 'spring40', campaignVersion: 1, code: 'SPRING40', amount: usd(4000) }],
      discountTotal: usd(4000), quotedTotal: usd(8900), expectedTotal: usd(8900), recordedExpectedTotal: usd(8900),
      charged: usd(8900), refunded: usd(0), delta: usd(0), mismatch: false, inconsistency: null,
      placedAt: at(3), updatedAt: at(4), position: expect.stringMatching(/^\d+\/\d+$/),
    });
  });

  it('a charge that missed the discount: charged 129.00 against 89.00 expected is a +40.00 mismatch', async () => {
    const quoteId = quotedCart(story, 'bob', [['DRESS-1', 1]], 'SPRING40', 10);
    story.checkout('bob', quoteId, 'order-bob', at(13));
    story.order('order-bob', { type: 'RecordCharge', data: { amount: usd(12900), paymentRef: 'pay-bob' } }, at(14));
    await project();

    expect(await order('order-bob')).toMatchObject({
      status: 'charged', expectedTotal: usd(8900), recordedExpectedTotal: usd(8900), charged: usd(12900), delta: usd(4000), mismatch: true, inconsistency: null,
    });
  });

  it('a cart below the threshold: 89.00 of fashion keeps SPRING40 not eligible, expected 89.00 without discount', async () => {
    const quoteId = quotedCart(story, 'carol', [['SKIRT-1', 1]], 'SPRING40', 20);
    expect(story.existingCart('carol').coupons).toMatchObject([{ code: 'SPRING40', status: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET' }]);
    story.checkout('carol', quoteId, 'order-carol', at(23));
    story.order('order-carol', { type: 'RecordCharge', data: { amount: usd(8900), paymentRef: 'pay-carol' } }, at(24));
    await project();

    expect(await order('order-carol')).toMatchObject({
      subtotal: usd(8900), discounts: [], discountTotal: usd(0), quotedTotal: usd(8900), expectedTotal: usd(8900), delta: usd(0), inconsistency: null,
    });
  });

  it('the order that takes the last redemption of a campaign still recomputes with its discount', async () => {
    const lastOne: CampaignTerms = {
      ...spring40,
      conditions: { minSubtotal: { USD: 5000 } },
      benefit: { type: 'amount_off_order', amount: { USD: 1000 } },
      limits: { maxRedemptions: 1, maxDiscount: { USD: 1000 } },
    };
    story.launchCampaign('lastone', lastOne, { type: 'public', code: 'LASTONE' }, at(29));
    const quoteId = quotedCart(story, 'dora', [['SKIRT-1', 1]], 'LASTONE', 30);
    story.checkout('dora', quoteId, 'order-dora', at(33));
    await project();

    expect(await order('order-dora')).toMatchObject({
      status: 'placed', discounts: [{ campaignId: 'lastone', amount: usd(1000) }], expectedTotal: usd(7900), recordedExpectedTotal: usd(7900), delta: null, inconsistency: null,
    });
  });

  it('prices in force at placement: a price scheduled for later does not count, a price change re-quoted does', async () => {
    story.setPrice('COAT-1', 15000, 'fashion-apparel', at(39));
    const firstQuote = quotedCart(story, 'erin', [['COAT-1', 1]], 'SPRING40', 40);
    story.setPrice('COAT-1', 9900, 'fashion-apparel', at(43), at(60 * 24));
    story.checkout('erin', firstQuote, 'order-erin', at(44));

    const staleQuote = quotedCart(story, 'fred', [['COAT-1', 1]], 'SPRING40', 50);
    story.setPrice('COAT-1', 13000, 'fashion-apparel', at(53));
    expect(() => story.checkout('fred', staleQuote, 'order-fred', at(54))).toThrow(/QUOTE_STALE/);
    story.cart('fred', { type: 'IssueQuote', data: {} }, at(55), 'quote-fred-again');
    story.checkout('fred', 'quote-fred-again', 'order-fred', at(56));
    await project();

    expect(await order('order-erin')).toMatchObject({ subtotal: usd(15000), expectedTotal: usd(11000), recordedExpectedTotal: usd(11000), inconsistency: null });
    expect(await order('order-fred')).toMatchObject({ subtotal: usd(13000), quotedTotal: usd(9000), expectedTotal: usd(9000), inconsistency: null });
  });

  it('an order placed on a price no longer in force (a lagging pricing module) is flagged as inconsistent', async () => {
    const quoteId = quotedCart(story, 'gina', [['COAT-1', 1]], 'SPRING40', 60);
    story.setPrice('COAT-1', 14000, 'fashion-apparel', at(63));
    const { quotes, customerId } = story.existingCart('gina');
    placeAsRecorded(story, { ...placedFrom(quotes[quoteId], 'order-gina', 'gina', customerId, at(64)) });
    await project();

    expect(await order('order-gina')).toMatchObject({
      subtotal: usd(14000), expectedTotal: usd(10000), recordedExpectedTotal: usd(9000),
      inconsistency: {
        recomputed: usd(10000), recorded: usd(9000),
        note: 'recomputed 100.00 USD (spring40 v1 −40.00 USD), but the order recorded 90.00 USD (spring40 v1 −40.00 USD)',
      },
    });
  });

  it('an OrderPlaced that dropped the quoted discount: recomputed 89.00 against the recorded 129.00 is flagged', async () => {
    const quoteId = quotedCart(story, 'hank', [['DRESS-1', 1]], 'SPRING40', 70);
    const { quotes, customerId } = story.existingCart('hank');
    const quoted = placedFrom(quotes[quoteId], 'order-hank', 'hank', customerId, at(73));
    placeAsRecorded(story, { ...quoted, discounts: [], lines: quoted.lines.map((line) => ({ ...line, discount: usd(0), netTotal: line.lineTotal })), expectedTotal: usd(12900) });
    story.order('order-hank', { type: 'RecordCharge', data: { amount: usd(12900), paymentRef: 'pay-hank' } }, at(74));
    await project();

    expect(await order('order-hank')).toMatchObject({
      discounts: [{ campaignId: 'spring40', amount: usd(4000) }], quotedTotal: usd(8900), expectedTotal: usd(8900), recordedExpectedTotal: usd(12900),
      charged: usd(12900), delta: usd(0), mismatch: false,
      inconsistency: { recomputed: usd(8900), recorded: usd(12900), note: 'recomputed 89.00 USD (spring40 v1 −40.00 USD), but the order recorded 129.00 USD (no discount)' },
    });
  });

  it('refunds add up and a cancelled order keeps its money facts', async () => {
    const quoteId = quotedCart(story, 'ivan', [['DRESS-1', 1], ['MUG-1', 2]], 'SPRING40', 80);
    story.checkout('ivan', quoteId, 'order-ivan', at(83));
    story.order('order-ivan', { type: 'RecordCharge', data: { amount: usd(12900), paymentRef: 'pay-ivan' } }, at(84));
    story.order('order-ivan', { type: 'RecordRefund', data: { amount: usd(2000), reason: 'mug broken', refundRef: 'refund-1' } }, at(85));
    story.order('order-ivan', { type: 'RecordRefund', data: { amount: usd(3000), reason: 'goodwill', refundRef: 'refund-2' } }, at(86));
    story.order('order-ivan', { type: 'CancelOrder', data: { reason: 'customer asked' } }, at(87));
    story.run(budgetStream('spring40'), budgetDecider, { type: 'ReleaseRedemption', data: { campaignId: 'spring40', reservationId: 'order-ivan', reason: 'order cancelled' } }, { now: at(87), limits: {} }, at(87));
    story.run(customerStream('shopper-ivan'), customerDecider, { type: 'VoidCustomerOrder', data: { customerId: 'shopper-ivan', orderId: 'order-ivan' } }, { now: at(87) }, at(87));
    await project();

    expect(await order('order-ivan')).toMatchObject({
      status: 'cancelled', subtotal: usd(16900), discountTotal: usd(4000), expectedTotal: usd(12900), charged: usd(12900), refunded: usd(5000), delta: usd(0), inconsistency: null,
    });
  });

  it('a cart is open, then quoted, open again when it changes, and abandoned; an order id finds nothing before checkout', async () => {
    const quoteId = quotedCart(story, 'june', [['SKIRT-1', 1]], null, 90);
    await project();
    expect(await findCartTotals(fixture.db, fixture.schema, 'june')).toMatchObject({ orderId: null, status: 'quoted', subtotal: usd(8900), quotedTotal: usd(8900), expectedTotal: null });
    story.cart('june', { type: 'AddItem', data: { sku: 'MUG-1', quantity: 1 } }, at(93));
    await project();
    expect(await findCartTotals(fixture.db, fixture.schema, 'june')).toMatchObject({ status: 'open', subtotal: usd(10900) });
    story.cart('june', { type: 'AbandonCart', data: {} }, at(94));
    await project();
    expect(await findCartTotals(fixture.db, fixture.schema, 'june')).toMatchObject({ status: 'abandoned', quotedTotal: usd(8900) });
    expect(quoteId).toBe('quote-june-90');
    expect(await order('order-june')).toBeNull();
  });

  it('the latest rows in log order are read off an index, not by sorting the whole table', async () => {
    for (const [index, cartId] of ['kim', 'lou', 'max'].entries()) quotedCart(story, cartId, [['MUG-1', 1]], null, 100 + index);
    await project();
    const newestFirst = ORDER_TOTALS_LOG_ORDER.map((expression) => `${expression} DESC`).join(', ');
    const plan = await fixture.db.transaction(async (tx) => {
      // a table this small would be scanned anyway; what matters is that an index can serve the order
      await tx.query('SET LOCAL enable_seqscan = off');
      return tx.query<Record<string, string>>(`EXPLAIN SELECT order_id FROM ${fixture.schema.view('order_totals')} WHERE charged > 0 ORDER BY ${newestFirst} LIMIT 10`);
    });
    const text = plan.map((row) => Object.values(row).join(' ')).join('\n');
    expect(text).toMatch(/Index Scan Backward/);
    expect(text).not.toMatch(/Sort/);
    const rows = await fixture.rows<{ position: string }>('order_totals', `ORDER BY ${newestFirst}`);
    const positions = rows.map((row) => row.position.split('/').map(BigInt));
    expect(positions.length).toBeGreaterThanOrEqual(3);
    positions.slice(1).forEach(([commit, prepare], index) => expect(commit < positions[index][0] || (commit === positions[index][0] && prepare < positions[index][1])).toBe(true));
  });
});

function placedFrom(quote: QuoteData, orderId: string, cartId: string, customerId: string, placedAt: string): OrderPlaced['data'] {
  return {
    orderId, cartId, customerId, quoteId: quote.quoteId, currency: quote.currency, lines: quote.lines, discounts: quote.discounts,
    subtotal: quote.subtotal, shipping: quote.shipping, shippingDiscount: quote.shippingDiscount, expectedTotal: quote.total,
    campaignVersions: quote.campaignVersions, priceVersions: quote.priceVersions, placedAt,
  };
}

/** What a faulty checkout wrote: the cart checked out and an OrderPlaced as given, without the ledger's own checks. */
function placeAsRecorded(story: CheckoutStory, placed: OrderPlaced['data']): void {
  story.record(`cart-${placed.cartId}`, placed.placedAt, { type: 'CartCheckedOut', data: { orderId: placed.orderId, quoteId: placed.quoteId, checkedOutAt: placed.placedAt } });
  story.record(orderStream(placed.orderId), placed.placedAt, { type: 'OrderPlaced', data: placed });
}
