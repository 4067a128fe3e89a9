import type { INestApplication } from '@nestjs/common';
import { budgetDecider, budgetStream, cartStream, orderStream } from '@promo-ledger/domain';
import { EventStore } from '@promo-ledger/event-store';
import request from 'supertest';
import { StreamRunner } from '../application/stream-runner';
import { ReservationReconciler } from './reservation-reconciler';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { fashionOver100Terms } from '../../../../test/support/campaign-bodies';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';

/** The SPRING40 worked examples (issue 2), end to end over real HTTP: prices, campaign, carts, coupons, quotes, checkout. */
const KEYS = { checkout: 'checkout-key-0123456789abcdef', pricing: 'pricing-key-0123456789abcdef', marketing: 'marketing-key-0123456789abcdef' };
const usd = (amount: number) => ({ amount, currency: 'USD' });

const campaign = (id: string, code: string, limits: object = {}) => ({ id, name: id, ...fashionOver100Terms(4000, limits), codes: { type: 'public', code } });

describe.each(e2eStores())('SPRING40 end to end on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let counter = 0;
  const http = () => request(app.getHttpServer());
  const as = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}`, 'Idempotency-Key': `spring40-e2e-${(counter += 1)}` });
  const versionOf = async (streamId: string) => (await app.get(EventStore).readStream(streamId)).length - 1;

  const openCart = async (customerId: string) => (await http().post('/v1/carts').set(as('checkout')).send({ customerId, currency: 'USD' }).expect(201)).body.cartId as string;
  const add = (cartId: string, sku: string, quantity = 1) => http().post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku, quantity });
  const attach = (cartId: string, code: string) => http().post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code });
  const quote = (cartId: string) => http().post(`/v1/carts/${cartId}/quote`).set(as('checkout')).send();
  const checkout = (cartId: string, quoteId: string) => http().post(`/v1/carts/${cartId}/checkout`).set(as('checkout')).send({ quoteId });
  const setPrice = (sku: string, amount: number, category: string) => http().put(`/v1/prices/${sku}`).set(as('pricing')).send({ price: usd(amount), category });

  beforeAll(async () => {
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',');
    ledger = await startE2eLedger(store, keys);
    app = ledger.app;
    for (const [sku, amount, category] of [['DRESS-1', 12900, 'fashion-apparel'], ['TEE-1', 2500, 'fashion-apparel'], ['SHOE-1', 8000, 'footwear']] as const) {
      expect((await setPrice(sku, amount, category)).status).toBeLessThan(300);
    }
    await http().post('/v1/campaigns').set(as('marketing')).send(campaign('spring40', 'SPRING40', { perCustomer: 1 })).expect(201);
    await http().post('/v1/campaigns/spring40/activate').set(as('marketing')).expect(200);
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('1. one dress at 129.00 with SPRING40: 40.00 off, quoted 89.00, checked out at 89.00', async () => {
    const cartId = await openCart('alice');
    await add(cartId, 'DRESS-1').expect(200);
    const attached = await attach(cartId, 'SPRING40').expect(200);
    expect(attached.body.coupons[0]).toMatchObject({ code: 'SPRING40', status: 'applied', explanation: expect.stringContaining('129.00 USD') });
    expect(attached.body.coupons[0].explanation).toContain('100.00 USD');
    expect(attached.body.total).toEqual(usd(8900));
    const quoted = await quote(cartId).expect(201);
    expect(quoted.body).toMatchObject({ total: usd(8900), discounts: [{ campaignId: 'spring40', amount: usd(4000) }] });
    const placed = await checkout(cartId, quoted.body.quoteId as string).expect(201);
    expect(placed.body).toMatchObject({ cartId, expectedTotal: usd(8900), discounts: [{ campaignId: 'spring40', amount: usd(4000) }] });
    expect(await versionOf(orderStream(placed.body.orderId as string))).toBe(0);
    const cart = await http().get(`/v1/carts/${cartId}`).set(as('checkout')).expect(200);
    expect(cart.body).toMatchObject({ status: 'checked_out', orderId: placed.body.orderId });
  });

  it('2–3. three tees and shoes miss by 25.00 (not_eligible, explained); a fourth tee makes it apply to the tees only', async () => {
    const cartId = await openCart('bob');
    await add(cartId, 'TEE-1', 3).expect(200);
    await add(cartId, 'SHOE-1').expect(200);
    const attached = await attach(cartId, 'SPRING40').expect(200);
    expect(attached.body.coupons[0]).toMatchObject({ status: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET' });
    expect(attached.body.coupons[0].explanation).toMatch(/75\.00 USD is below 100\.00 USD — 25\.00 USD short/);
    expect(attached.body.total).toEqual(usd(15500));
    const fourth = await add(cartId, 'TEE-1').expect(200);
    expect(fourth.body.coupons[0]).toMatchObject({ status: 'applied' });
    expect(fourth.body.lines).toEqual([
      expect.objectContaining({ sku: 'TEE-1', quantity: 4, discount: usd(4000) }),
      expect.objectContaining({ sku: 'SHOE-1', discount: usd(0) }),
    ]);
    expect(fourth.body.total).toEqual(usd(14000));
  });

  it('an unknown code is a 422 whose attempt is still recorded (CouponRejected)', async () => {
    const cartId = await openCart('carol');
    await add(cartId, 'DRESS-1').expect(200);
    const before = await versionOf(cartStream(cartId));
    const rejected = await attach(cartId, 'SPRING41');
    expect(rejected.status).toBe(422);
    expect(JSON.parse(rejected.text)).toMatchObject({ code: 'UNKNOWN_CODE' });
    const events = await app.get(EventStore).readStream(cartStream(cartId));
    expect(events.length - 1).toBe(before + 1);
    expect(events[events.length - 1].type).toBe('CouponRejected');
  });

  it('a price change after the quote makes checkout 409 QUOTE_STALE and places no order', async () => {
    const cartId = await openCart('dave');
    await add(cartId, 'SHOE-1').expect(200);
    const quoted = await quote(cartId).expect(201);
    expect((await setPrice('SHOE-1', 8500, 'footwear')).status).toBeLessThan(300);
    const stale = await checkout(cartId, quoted.body.quoteId as string);
    expect(stale.status).toBe(409);
    expect(JSON.parse(stale.text)).toMatchObject({ code: 'QUOTE_STALE' });
    expect(await versionOf(orderStream(`order-${quoted.body.quoteId as string}`))).toBe(-1);
    const requoted = await quote(cartId).expect(201);
    expect(requoted.body.total).toEqual(usd(8500));
  });

  it('a cart change after the quote is QUOTE_STALE too', async () => {
    const cartId = await openCart('erin');
    await add(cartId, 'TEE-1').expect(200);
    const quoted = await quote(cartId).expect(201);
    await add(cartId, 'TEE-1').expect(200);
    expect((await checkout(cartId, quoted.body.quoteId as string)).status).toBe(409);
  });

  it('perCustomer 1: alice, who already used SPRING40, is refused it on a new cart (422 CUSTOMER_LIMIT_REACHED)', async () => {
    const cartId = await openCart('alice');
    await add(cartId, 'DRESS-1').expect(200);
    const refused = await attach(cartId, 'SPRING40');
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.text).code).toBe('CUSTOMER_LIMIT_REACHED');
  });

  it('a budget that ran out since the quote fails checkout with 409 BUDGET_EXHAUSTED, never an order without the discount', async () => {
    await http().post('/v1/campaigns').set(as('marketing')).send(campaign('one-left', 'ONELEFT', { maxRedemptions: 1 })).expect(201);
    await http().post('/v1/campaigns/one-left/activate').set(as('marketing')).expect(200);
    const quotes: { cartId: string; quoteId: string }[] = [];
    for (const customer of ['frank', 'grace']) {
      const cartId = await openCart(customer);
      await add(cartId, 'DRESS-1').expect(200);
      await attach(cartId, 'ONELEFT').expect(200);
      quotes.push({ cartId, quoteId: (await quote(cartId).expect(201)).body.quoteId as string });
    }
    await checkout(quotes[0].cartId, quotes[0].quoteId).expect(201);
    const late = await checkout(quotes[1].cartId, quotes[1].quoteId);
    expect(late.status).toBe(409);
    expect(JSON.parse(late.text).code).toBe('BUDGET_EXHAUSTED');
    expect(await versionOf(orderStream(`order-${quotes[1].quoteId}`))).toBe(-1);
    const cart = await http().get(`/v1/carts/${quotes[1].cartId}`).set(as('checkout')).expect(200);
    expect(cart.body.status).toBe('open');

    // cancelling the first order gives the redemption back: grace can now check out with the discount
    await http().post(`/v1/orders/order-${quotes[0].quoteId}/cancel`).set(as('checkout')).send({ reason: 'customer changed their mind' }).expect(200);
    const requoted = await quote(quotes[1].cartId).expect(201);
    expect(requoted.body.discounts).toEqual([expect.objectContaining({ campaignId: 'one-left', amount: usd(4000) })]);
    await checkout(quotes[1].cartId, requoted.body.quoteId as string).expect(201);
  });

  it('a checkout that crashed after reserving leaves a reservation the reconciler releases; one whose order exists is confirmed', async () => {
    await http().post('/v1/campaigns').set(as('marketing')).send(campaign('crashy', 'CRASHY', { maxRedemptions: 1 })).expect(201);
    await http().post('/v1/campaigns/crashy/activate').set(as('marketing')).expect(200);
    // the crash: a reservation for an order that was never placed holds the only redemption
    const runner = app.get(StreamRunner);
    const metadata = { correlationId: 'crash-test', causationId: null, actor: null, idempotencyKey: null };
    const reserve = (orderId: string) => runner.run(budgetStream('crashy'), budgetDecider, { type: 'ReserveRedemption', data: { campaignId: 'crashy', reservationId: orderId, orderId, customerId: `ghost-${orderId}`, discount: usd(4000) } }, metadata, { context: () => Promise.resolve({ now: new Date().toISOString(), limits: { maxRedemptions: 1 } }) });
    await reserve('order-never-placed');
    const cartId = await openCart('ivan');
    await add(cartId, 'DRESS-1').expect(200);
    expect((await attach(cartId, 'CRASHY')).status).toBe(422); // BUDGET_EXHAUSTED while the ghost holds it

    expect(await app.get(ReservationReconciler).reconcileOnce(0)).toMatchObject({ released: 1 });
    const attached = await attach(cartId, 'CRASHY').expect(200);
    expect(attached.body.coupons[0].status).toBe('applied');
    const placed = await checkout(cartId, (await quote(cartId).expect(201)).body.quoteId as string).expect(201);
    expect(placed.body.discounts).toEqual([expect.objectContaining({ campaignId: 'crashy' })]);
    expect(await app.get(ReservationReconciler).reconcileOnce(0)).toEqual({ confirmed: 0, released: 0 });
  });

  it('a single-use code is held by the order that used it and given back when that order is cancelled', async () => {
    await http().post('/v1/campaigns').set(as('marketing')).send({ ...campaign('vip40', 'UNUSED'), codes: { type: 'unique', prefix: 'VIP40-' } }).expect(201);
    await http().post('/v1/campaigns/vip40/activate').set(as('marketing')).expect(200);
    const [code] = (await http().post('/v1/campaigns/vip40/codes').set(as('marketing')).send({ count: 1 }).expect(201)).body.codes as string[];
    const buy = async (customerId: string) => {
      const cartId = await openCart(customerId);
      await add(cartId, 'DRESS-1').expect(200);
      const attached = await attach(cartId, code);
      return { cartId, attached };
    };
    const first = await buy('judy');
    expect(first.attached.status).toBe(200);
    const order = await checkout(first.cartId, (await quote(first.cartId).expect(201)).body.quoteId as string).expect(201);
    const second = await buy('ken');
    expect(second.attached.status).toBe(422);
    expect(JSON.parse(second.attached.text).code).toBe('CODE_ALREADY_REDEEMED');
    await http().post(`/v1/orders/${order.body.orderId as string}/cancel`).set(as('checkout')).send({ reason: 'returned' }).expect(200);
    expect((await attach(second.cartId, code)).status).toBe(200);
  });

  it('a retried checkout (same Idempotency-Key) replays the first answer and places one order', async () => {
    const cartId = await openCart('heidi');
    await add(cartId, 'SHOE-1').expect(200);
    const quoteId = (await quote(cartId).expect(201)).body.quoteId as string;
    const headers = as('checkout');
    const first = await http().post(`/v1/carts/${cartId}/checkout`).set(headers).send({ quoteId }).expect(201);
    const retry = await http().post(`/v1/carts/${cartId}/checkout`).set(headers).send({ quoteId }).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await versionOf(orderStream(first.body.orderId as string))).toBe(0);
  });
});
