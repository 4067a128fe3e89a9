import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, expectProblem, startE2eLedger } from '../../../../test/support/e2e-ledger';
import { SPRING40_CAMPAIGN } from '../../../../test/support/spring40-orders';

/**
 * Support's and finance's questions over real HTTP, answered by the projections running in-process:
 * every read passes the position of the write it follows as minPosition, so nothing sleeps.
 */
const KEYS = {
  checkout: 'checkout-key-queries-0123456789',
  pricing: 'pricing-key-queries-0123456789',
  marketing: 'marketing-key-queries-0123456789',
  support: 'support-key-queries-0123456789',
  finance: 'finance-key-queries-0123456789',
};
const usd = (amount: number) => ({ amount, currency: 'USD' });

const spring40 = SPRING40_CAMPAIGN;

describe.each(e2eStores())('read-model queries on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let counter = 0;
  const http = () => request(app.getHttpServer());
  const as = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}`, 'Idempotency-Key': `queries-e2e-${(counter += 1)}` });

  /** A cart with these items and SPRING40 attached, quoted and checked out; returns the order and the cart's coupon answer. */
  async function placeOrder(customerId: string, items: readonly [string, number][]) {
    const cartId = (await http().post('/v1/carts').set(as('checkout')).send({ customerId, currency: 'USD' }).expect(201)).body.cartId as string;
    for (const [sku, quantity] of items) await http().post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku, quantity }).expect(200);
    const attached = await http().post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code: 'SPRING40' }).expect(200);
    const quoted = await http().post(`/v1/carts/${cartId}/quote`).set(as('checkout')).send().expect(201);
    const placed = await http().post(`/v1/carts/${cartId}/checkout`).set(as('checkout')).send({ quoteId: quoted.body.quoteId }).expect(201);
    return { cartId, orderId: placed.body.orderId as string, expected: placed.body.expectedTotal, coupon: attached.body.coupons[0], position: placed.body.position as string };
  }

  beforeAll(async () => {
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',');
    ledger = await startE2eLedger(store, keys);
    app = ledger.app;
    await http().put('/v1/prices/DRESS-1').set(as('pricing')).send({ price: usd(12900), category: 'fashion-apparel', reason: 'spring catalogue' }).expect(201);
    await http().put('/v1/prices/TEE-1').set(as('pricing')).send({ price: usd(2500), category: 'fashion-apparel' }).expect(201);
    await http().post('/v1/campaigns').set(as('marketing')).send(spring40).expect(201);
    await http().post('/v1/campaigns/spring40/activate').set(as('marketing')).expect(200);
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('a charge that missed SPRING40 is in /v1/mismatches with delta 40.00 USD, read with the charge position', async () => {
    const order = await placeOrder('alice', [['DRESS-1', 1]]);
    expect(order.expected).toEqual(usd(8900));
    const charge = await http().post(`/v1/orders/${order.orderId}/charges`).set(as('checkout')).send({ amount: usd(12900), paymentRef: 'psp-1' }).expect(201);
    expect(charge.body.mismatch).toBe(true);

    const mismatches = await http().get('/v1/mismatches').query({ minPosition: charge.body.position }).set(as('finance')).expect(200);
    const item = mismatches.body.items.find((candidate: { orderId: string }) => candidate.orderId === order.orderId);
    expect(item).toMatchObject({ orderId: order.orderId, customerId: 'alice', campaignIds: ['spring40'], expected: usd(8900), charged: usd(12900), delta: usd(4000), status: 'open' });
    expect(mismatches.body.totals.exposure).toEqual([usd(4000)]);

    const view = await http().get(`/v1/orders/${order.orderId}`).query({ minPosition: charge.body.position }).set(as('support')).expect(200);
    expect(view.body).toMatchObject({ orderId: order.orderId, cartId: order.cartId, expectedTotal: usd(8900), charged: usd(12900), delta: usd(4000), inconsistency: null });
    expect(view.body.discounts).toEqual([expect.objectContaining({ campaignId: 'spring40', amount: usd(4000) })]);
  });

  it('a shopper’s not-eligible attempt is in /v1/redemptions with its reason and sentence', async () => {
    const cartId = (await http().post('/v1/carts').set(as('checkout')).send({ customerId: 'bob', currency: 'USD' }).expect(201)).body.cartId as string;
    await http().post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku: 'TEE-1', quantity: 3 }).expect(200);
    const attached = await http().post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code: 'SPRING40' }).expect(200);
    expect(attached.body.coupons[0]).toMatchObject({ status: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET' });

    const page = await http().get('/v1/redemptions').query({ customerId: 'bob', minPosition: attached.body.position }).set(as('support')).expect(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({ code: 'SPRING40', campaignId: 'spring40', customerId: 'bob', cartId, status: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET' }),
    ]);
    expect(page.body.items[0].explanation).toMatch(/75\.00 USD is below 100\.00 USD — 25\.00 USD short/);
  });

  it('campaign stats count the attempts and the orders that had the discount due; price history lists every price', async () => {
    const order = await placeOrder('carol', [['DRESS-1', 1]]);
    const charge = await http().post(`/v1/orders/${order.orderId}/charges`).set(as('checkout')).send({ amount: usd(8900), paymentRef: 'psp-2' }).expect(201);
    const stats = await http().get('/v1/campaigns/spring40/stats').query({ minPosition: charge.body.position, bucket: 'day' }).set(as('marketing')).expect(200);
    expect(stats.body.totals).toMatchObject({ ordersWithDiscountDue: expect.any(Number), ordersChargedWithDiscount: expect.any(Number) });
    expect(stats.body.totals.ordersChargedWithDiscount).toBeGreaterThanOrEqual(1);
    expect(stats.body.totals.ordersWithDiscountDue).toBeGreaterThan(stats.body.totals.ordersChargedWithDiscount - 1);

    const repriced = await http().put('/v1/prices/DRESS-1').set(as('pricing')).send({ price: usd(11900), category: 'fashion-apparel', reason: 'markdown' }).expect(200);
    const history = await http().get('/v1/prices/DRESS-1/history').query({ minPosition: repriced.body.position }).set(as('checkout')).expect(200);
    expect(history.body.items.map((item: { price: unknown; reason: string }) => [item.price, item.reason])).toEqual([
      [usd(11900), 'markdown'],
      [usd(12900), 'spring catalogue'],
    ]);
  });

  it('refuses a malformed minPosition (400) and answers 503 with the lag when a position is never reached', async () => {
    expectProblem(await http().get('/v1/redemptions').query({ minPosition: 'yesterday' }).set(as('support')), 400, 'VALIDATION_FAILED');
    const lagging = await http().get('/v1/mismatches').query({ minPosition: '999999999999/999999999999' }).set(as('finance'));
    const body = expectProblem(lagging, 503, 'READ_MODEL_LAGGING');
    // the lag at that instant: the monitors append their own events, so it is not always 0 events behind the head
    expect(body.lag).toEqual([
      expect.objectContaining({ projection: 'mismatches', lagEvents: expect.any(Number), lagSeconds: expect.any(Number), checkpoint: expect.stringMatching(/^\d+\/\d+$/) }),
    ]);
    expect((body.lag as { lagEvents: number }[])[0].lagEvents).toBeLessThan(5);
  });

  it('an unknown order is 404; a cursor from elsewhere is 400; support may not list mismatches', async () => {
    expectProblem(await http().get('/v1/orders/no-such-order').set(as('support')), 404, 'ORDER_NOT_FOUND');
    expectProblem(await http().get('/v1/redemptions').query({ cursor: 'not-a-cursor' }).set(as('support')), 400, 'QUERY.INVALID_CURSOR');
    expect((await http().get('/v1/mismatches').set(as('support'))).status).toBe(403);
  });
});
