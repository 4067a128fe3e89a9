import type { INestApplication } from '@nestjs/common';
import { type BudgetEvent, budgetStream, cartStream } from '@promo-ledger/domain';
import { EventStore } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { amountOffOrderCampaign } from '../../../../test/support/campaign-bodies';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';

/** Concurrency at the front door: limits hold under bursts, and every accepted write is reflected exactly once. */
const KEYS = { checkout: 'checkout-key-0123456789abcdef', pricing: 'pricing-key-0123456789abcdef', marketing: 'marketing-key-0123456789abcdef' };

describe.each(e2eStores())('races on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let counter = 0;
  const http = () => request(app.getHttpServer());
  const as = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}`, 'Idempotency-Key': `race-key-${(counter += 1)}` });

  /** A cart for `customerId` with one item and `code`, quoted; returns what checkout needs. */
  async function quotedCart(customerId: string, code: string): Promise<{ cartId: string; quoteId: string }> {
    const cartId = (await http().post('/v1/carts').set(as('checkout')).send({ customerId, currency: 'USD' }).expect(201)).body.cartId as string;
    await http().post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku: 'MUG-1', quantity: 1 }).expect(200);
    await http().post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code }).expect(200);
    const quoteId = (await http().post(`/v1/carts/${cartId}/quote`).set(as('checkout')).send().expect(201)).body.quoteId as string;
    return { cartId, quoteId };
  }

  const checkoutAll = (carts: readonly { cartId: string; quoteId: string }[]) =>
    Promise.all(carts.map(({ cartId, quoteId }) => http().post(`/v1/carts/${cartId}/checkout`).set(as('checkout')).send({ quoteId })));

  beforeAll(async () => {
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',');
    ledger = await startE2eLedger(store, keys);
    app = ledger.app;
    await http().put('/v1/prices/MUG-1').set(as('pricing')).send({ price: { amount: 2500, currency: 'USD' }, category: 'kitchen' }).expect(201);
    for (const [id, code, limits] of [['twenty', 'TWENTY', { maxRedemptions: 20 }], ['once', 'ONCE', { perCustomer: 1 }]] as const) {
      await http().post('/v1/campaigns').set(as('marketing')).send(amountOffOrderCampaign(id, code, 1000, limits)).expect(201);
      await http().post(`/v1/campaigns/${id}/activate`).set(as('marketing')).expect(200);
    }
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('maxRedemptions 20, 200 customers checking out at once: exactly 20 orders carry the discount, the rest get 409 BUDGET_EXHAUSTED', async () => {
    const carts = [];
    for (let index = 0; index < 200; index += 1) carts.push(await quotedCart(`racer-${index}`, 'TWENTY'));
    const responses = await checkoutAll(carts);
    const placed = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status !== 201);
    expect(placed).toHaveLength(20);
    for (const response of placed) expect(response.body.discounts).toEqual([expect.objectContaining({ campaignId: 'twenty' })]);
    expect(new Set(refused.map((response) => `${response.status} ${JSON.parse(response.text).code}`))).toEqual(new Set(['409 BUDGET_EXHAUSTED']));
    const budget = await app.get(EventStore).readStream(budgetStream('twenty'), { direction: 'backwards', maxCount: 1 });
    expect((budget[0].data as unknown as BudgetEvent['data']).totals.redemptions).toBe(20);
  }, 180_000);

  it('perCustomer 1, one customer racing 20 carts: exactly one order gets the discount', async () => {
    const carts = [];
    for (let index = 0; index < 20; index += 1) carts.push(await quotedCart('greedy', 'ONCE'));
    const responses = await checkoutAll(carts);
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    const codes = responses.filter((response) => response.status !== 201).map((response) => `${response.status} ${JSON.parse(response.text).code}`);
    expect(new Set(codes)).toEqual(new Set(['409 CUSTOMER_LIMIT_REACHED']));
  }, 60_000);

  it('20 concurrent AddItem on one cart: every 2xx is reflected exactly once', async () => {
    const cartId = (await http().post('/v1/carts').set(as('checkout')).send({ customerId: 'busy', currency: 'USD' }).expect(201)).body.cartId as string;
    const responses = await Promise.all(Array.from({ length: 20 }, () => http().post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku: 'MUG-1', quantity: 1 })));
    const accepted = responses.filter((response) => response.status === 200).length;
    expect(accepted).toBe(20);
    const cart = await http().get(`/v1/carts/${cartId}`).set(as('checkout')).expect(200);
    expect(cart.body.lines).toEqual([expect.objectContaining({ sku: 'MUG-1', quantity: accepted })]);
    const added = (await app.get(EventStore).readStream(cartStream(cartId))).filter((event) => event.type === 'ItemAdded');
    expect(added).toHaveLength(accepted);
  }, 60_000);

  it('20 AddItem at once with one Idempotency-Key: one item added, the same answer twenty times', async () => {
    const cartId = (await http().post('/v1/carts').set(as('checkout')).send({ customerId: 'twice-clicked', currency: 'USD' }).expect(201)).body.cartId as string;
    const headers = { ...as('checkout'), 'Idempotency-Key': `add-dup-${cartId}` };
    const responses = await Promise.all(Array.from({ length: 20 }, () => http().post(`/v1/carts/${cartId}/items`).set(headers).send({ sku: 'MUG-1', quantity: 1 })));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((response) => response.text)).size).toBe(1);
    expect(responses.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    const added = (await app.get(EventStore).readStream(cartStream(cartId))).filter((event) => event.type === 'ItemAdded');
    expect(added).toHaveLength(1);
  }, 60_000);

  it('10 checkouts of one cart at once with one Idempotency-Key: one order, one reservation, the same answer ten times', async () => {
    const { cartId, quoteId } = await quotedCart('double-submit', 'ONCE');
    const reservedBefore = (await app.get(EventStore).readStream(budgetStream('once'))).filter((event) => event.type === 'RedemptionReserved').length;
    const headers = { ...as('checkout'), 'Idempotency-Key': `checkout-dup-${cartId}` };
    const responses = await Promise.all(Array.from({ length: 10 }, () => http().post(`/v1/carts/${cartId}/checkout`).set(headers).send({ quoteId })));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((response) => response.text)).size).toBe(1);
    const cart = await app.get(EventStore).readStream(cartStream(cartId));
    expect(cart.filter((event) => event.type === 'CartCheckedOut')).toHaveLength(1);
    const reserved = (await app.get(EventStore).readStream(budgetStream('once'))).filter((event) => event.type === 'RedemptionReserved').length;
    expect(reserved - reservedBefore).toBe(1);
  }, 60_000);

  it('a refused checkout sent twice at once with one Idempotency-Key: the same refusal twice', async () => {
    const { cartId } = await quotedCart('refused-twice', 'ONCE');
    const headers = { ...as('checkout'), 'Idempotency-Key': `checkout-refused-${cartId}` };
    const responses = await Promise.all([0, 1].map(() => http().post(`/v1/carts/${cartId}/checkout`).set(headers).send({ quoteId: 'a-quote-never-issued' })));
    expect(responses.map((response) => `${response.status} ${JSON.parse(response.text).code}`)).toEqual(['409 QUOTE_STALE', '409 QUOTE_STALE']);
    expect(responses[1].text).toBe(responses[0].text);
  }, 60_000);
});
