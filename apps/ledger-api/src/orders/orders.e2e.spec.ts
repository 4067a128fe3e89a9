import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { type Money, type OrderPlaced, orderStream } from '@promo-ledger/domain';
import { EventStore, type JsonObject } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, expectProblem, startE2eLedger } from '../../../../test/support/e2e-ledger';
import { OrderCancellationFollowUp } from './order-cancellation.follow-up';

const CHECKOUT = 'checkout-key-0123456789abcdef';
const SUPPORT = 'support-key-0123456789abcdef';
const FINANCE = 'finance-key-0123456789abcdef';
const PRICING = 'pricing-key-0123456789abcdef';

const usd = (amount: number): Money => ({ amount, currency: 'USD' });

/** What checkout would have placed: a 129.00 USD jacket with SPRING40's 40.00 USD off, expected 89.00 USD. */
function spring40Order(orderId: string): OrderPlaced['data'] {
  return {
    orderId, cartId: `cart-${orderId}`, quoteId: `quote-${orderId}`, customerId: 'cust-1', currency: 'USD',
    lines: [{ sku: 'JACKET-1', category: 'fashion-apparel', quantity: 1, unitPrice: usd(12900), lineTotal: usd(12900), discount: usd(4000), netTotal: usd(8900) }],
    discounts: [{
      campaignId: 'spring40', campaignVersion: 1, code: 'SPRING40', amount: usd(4000), lineAllocations: [{ sku: 'JACKET-1', amount: usd(4000) }],
      shippingDiscount: usd(0), explanation: 'SPRING40 v1: eligible subtotal 129.00 USD (fashion-apparel) ≥ 100.00 USD → −40.00 USD',
    }],
    subtotal: usd(12900), shipping: usd(0), shippingDiscount: usd(0), expectedTotal: usd(8900),
    campaignVersions: { spring40: 1 }, priceVersions: { 'JACKET-1': 1 }, placedAt: '2026-03-20T12:00:00Z',
  };
}

const asJson = (data: object): JsonObject => data as JsonObject;

describe.each(e2eStores())('orders after checkout over HTTP (charges, refunds, cancel, disputes) on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let keyCounter = 0;
  const http = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}`, 'Idempotency-Key': `orders-${(keyCounter += 1)}` });
  const streamVersion = async (orderId: string): Promise<number> => (await app.get(EventStore).readStream(orderStream(orderId))).length - 1;
  /** The checkout route is another slice's; the order is placed the way StreamRunner would record it. */
  const placeOrder = async (orderId: string): Promise<void> => {
    await app.get(EventStore).appendToStream(orderStream(orderId), [{
      type: 'OrderPlaced',
      data: asJson(spring40Order(orderId)),
      metadata: { eventId: randomUUID(), correlationId: `seed-${orderId}`, causationId: null, actor: { keyId: 'checkout:seed', role: 'checkout' }, idempotencyKey: null, occurredAt: new Date().toISOString() },
    }], 'no_stream');
  };
  const charge = (orderId: string, amount: Money, paymentRef: string, key = CHECKOUT) => http().post(`/v1/orders/${orderId}/charges`).set(as(key)).send({ amount, paymentRef });

  beforeAll(async () => {
    const keys = `checkout=${CHECKOUT},support=${SUPPORT},finance=${FINANCE},pricing=${PRICING}`;
    ledger = await startE2eLedger(store, keys);
    app = ledger.app;
    for (const orderId of ['o-exact', 'o-over', 'o-refund', 'o-cancel', 'o-dispute', 'o-bad']) await placeOrder(orderId);
  });
  afterAll(async () => {
    await ledger.close();
  });

  describe('POST /v1/orders/:id/charges', () => {
    it('records a charge equal to the expected total: 201, no mismatch, delta zero, ETag', async () => {
      const response = await charge('o-exact', usd(8900), 'psp-exact-1').expect(201);
      expect(response.body).toMatchObject({
        orderId: 'o-exact', paymentRef: 'psp-exact-1', amount: usd(8900), charged: usd(8900), expected: usd(8900), delta: usd(0), mismatch: false, version: 1,
      });
      expect(response.body.position).toMatch(/^\d+\/\d+$/);
      expect(response.headers.etag).toBe('"1"');
    });

    it('records a charge that dropped the discount anyway, as a mismatch with delta charged − expected', async () => {
      const response = await charge('o-over', usd(12900), 'psp-over-1').expect(201);
      expect(response.body).toMatchObject({ charged: usd(12900), expected: usd(8900), delta: usd(4000), mismatch: true });
      const [, recorded] = await app.get(EventStore).readStream(orderStream('o-over'));
      expect(recorded).toMatchObject({ type: 'ChargeRecorded', data: { delta: usd(4000), mismatch: true }, metadata: { actor: { role: 'checkout' } } });
    });

    it('refuses the same paymentRef twice with 409 ORDER.DUPLICATE_CHARGE, appending nothing', async () => {
      expectProblem(await charge('o-exact', usd(8900), 'psp-exact-1'), 409, 'ORDER.DUPLICATE_CHARGE');
      expect(await streamVersion('o-exact')).toBe(1);
    });

    it('refuses a charge in another currency with 422 ORDER.CURRENCY_MISMATCH, appending nothing', async () => {
      expectProblem(await charge('o-bad', { amount: 8900, currency: 'EUR' }, 'psp-eur'), 422, 'ORDER.CURRENCY_MISMATCH');
      expect(await streamVersion('o-bad')).toBe(0);
    });

    it.each([
      ['an unknown field', { amount: usd(8900), paymentRef: 'psp-x', tip: 100 }, 'tip'],
      ['a fractional amount', { amount: usd(89.5), paymentRef: 'psp-x' }, 'amount.amount'],
      ['a malformed currency', { amount: { amount: 8900, currency: 'US' }, paymentRef: 'psp-x' }, 'amount.currency'],
      ['an amount given as a string', { amount: { amount: '8900', currency: 'USD' }, paymentRef: 'psp-x' }, 'amount.amount'],
      ['no paymentRef', { amount: usd(8900) }, 'paymentRef'],
    ])('refuses %s with 400 naming the field, appending nothing', async (_label, body, field) => {
      const problem = expectProblem(await http().post('/v1/orders/o-bad/charges').set(as(CHECKOUT)).send(body), 400, 'VALIDATION_FAILED');
      expect((problem.errors as { field: string }[]).map((error) => error.field)).toContain(field);
      expect(await streamVersion('o-bad')).toBe(0);
    });

    it('401 without a key; 403 for support and pricing; nothing appended', async () => {
      expectProblem(await http().post('/v1/orders/o-bad/charges').set('Idempotency-Key', 'orders-anon-1').send({ amount: usd(8900), paymentRef: 'psp-a' }), 401, 'UNAUTHENTICATED');
      expectProblem(await charge('o-bad', usd(8900), 'psp-b', SUPPORT), 403, 'FORBIDDEN');
      expectProblem(await charge('o-bad', usd(8900), 'psp-c', PRICING), 403, 'FORBIDDEN');
      expect(await streamVersion('o-bad')).toBe(0);
    });

    it('404 ORDER.NOT_FOUND for an order never placed, creating no stream; 400 ORDER.INVALID_ID for a malformed id', async () => {
      expectProblem(await charge('o-never', usd(8900), 'psp-never'), 404, 'ORDER.NOT_FOUND');
      expect(await streamVersion('o-never')).toBe(-1);
      expectProblem(await charge('bad%20id', usd(8900), 'psp-never'), 400, 'ORDER.INVALID_ID');
    });

    it('412 for a stale If-Match, appending nothing', async () => {
      expectProblem(await http().post('/v1/orders/o-bad/charges').set(as(CHECKOUT)).set('If-Match', '"5"').send({ amount: usd(8900), paymentRef: 'psp-stale' }), 412, 'PRECONDITION_FAILED');
      expect(await streamVersion('o-bad')).toBe(0);
    });

    it('replays a retried charge with the same Idempotency-Key without recording it twice', async () => {
      const headers = { Authorization: `Bearer ${CHECKOUT}`, 'Idempotency-Key': 'orders-retry-charge' };
      const first = await http().post('/v1/orders/o-refund/charges').set(headers).send({ amount: usd(8900), paymentRef: 'psp-refund-1' }).expect(201);
      const retry = await http().post('/v1/orders/o-refund/charges').set(headers).send({ amount: usd(8900), paymentRef: 'psp-refund-1' }).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await streamVersion('o-refund')).toBe(1);
    });
  });

  describe('POST /v1/orders/:id/refunds', () => {
    const refund = (amount: Money, refundRef: string) => http().post('/v1/orders/o-refund/refunds').set(as(CHECKOUT)).send({ amount, refundRef, reason: 'item returned' });

    it('records a refund within what was charged: 201 with the running total and what is left', async () => {
      const response = await refund(usd(3000), 'psp-re-1').expect(201);
      expect(response.body).toMatchObject({ orderId: 'o-refund', amount: usd(3000), refunded: usd(3000), refundable: usd(5900), version: 2 });
    });

    it('refuses a refund above what is left with 422 ORDER.REFUND_EXCEEDS_CHARGED, appending nothing', async () => {
      const body = expectProblem(await refund(usd(6000), 'psp-re-2'), 422, 'ORDER.REFUND_EXCEEDS_CHARGED');
      expect(body.refundable).toEqual(usd(5900));
      expect(await streamVersion('o-refund')).toBe(2);
    });

    it('refuses a reused refundRef with 409 ORDER.DUPLICATE_REFUND, appending nothing', async () => {
      expectProblem(await refund(usd(100), 'psp-re-1'), 409, 'ORDER.DUPLICATE_REFUND');
      expect(await streamVersion('o-refund')).toBe(2);
    });
  });

  describe('POST /v1/orders/:id/cancel', () => {
    it('cancels with 200 and runs the follow-up; a second cancel is refused with 409 appending nothing, yet re-runs the (idempotent) follow-up', async () => {
      const followUp = jest.spyOn(app.get(OrderCancellationFollowUp), 'afterOrderCancelled');
      const response = await http().post('/v1/orders/o-cancel/cancel').set(as(CHECKOUT)).send({ reason: 'customer changed their mind' }).expect(200);
      expect(response.body).toMatchObject({ orderId: 'o-cancel', status: 'cancelled', reason: 'customer changed their mind', version: 1 });
      expectProblem(await http().post('/v1/orders/o-cancel/cancel').set(as(CHECKOUT)).send({ reason: 'again' }), 409, 'ORDER.ALREADY_CANCELLED');
      expect(await streamVersion('o-cancel')).toBe(1);
      expect(followUp).toHaveBeenCalledTimes(2);
      expect(followUp.mock.calls[1][0]).toMatchObject({ orderId: 'o-cancel', order: { status: 'cancelled' } });
      expect(followUp.mock.calls[0][0]).toMatchObject({ orderId: 'o-cancel', order: { status: 'cancelled', placed: { customerId: 'cust-1' } } });
      followUp.mockRestore();
    });

    it('400 without a reason, appending nothing', async () => {
      expectProblem(await http().post('/v1/orders/o-bad/cancel').set(as(CHECKOUT)).send({}), 400, 'VALIDATION_FAILED');
      expect(await streamVersion('o-bad')).toBe(0);
    });
  });

  describe('disputes', () => {
    let disputeId: string;
    const resolve = (id: string, body: object, key = FINANCE) => http().post(`/v1/orders/o-dispute/disputes/${id}/resolve`).set(as(key)).send(body);

    it('support opens a dispute: 201 with a generated id and who opened it', async () => {
      const response = await http().post('/v1/orders/o-dispute/disputes').set(as(SUPPORT)).send({ reason: 'charged full price although SPRING40 was shown' }).expect(201);
      expect(response.body).toMatchObject({ orderId: 'o-dispute', status: 'open', openedBy: expect.stringMatching(/^support:/), version: 1 });
      disputeId = response.body.disputeId as string;
      expect(disputeId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('only finance resolves it (403 for support and checkout, nothing appended)', async () => {
      expectProblem(await resolve(disputeId, { resolution: 'upheld' }, SUPPORT), 403, 'FORBIDDEN');
      expectProblem(await resolve(disputeId, { resolution: 'upheld' }, CHECKOUT), 403, 'FORBIDDEN');
      expectProblem(await http().post('/v1/orders/o-dispute/disputes').set(as(CHECKOUT)).send({ reason: 'x' }), 403, 'FORBIDDEN');
      expect(await streamVersion('o-dispute')).toBe(1);
    });

    it('400 for a resolution that is neither upheld nor rejected, appending nothing', async () => {
      expectProblem(await resolve(disputeId, { resolution: 'maybe' }), 400, 'VALIDATION_FAILED');
      expect(await streamVersion('o-dispute')).toBe(1);
    });

    it('finance resolves it upheld with the refund owed; resolving again is 409 ORDER.DISPUTE_ALREADY_RESOLVED appending nothing', async () => {
      await charge('o-dispute', usd(12900), 'psp-dispute-1').expect(201);
      const response = await resolve(disputeId, { resolution: 'upheld', refund: usd(4000), note: 'discount was due' }).expect(200);
      expect(response.body).toMatchObject({ disputeId, status: 'resolved', resolution: 'upheld', refund: usd(4000), refundRecorded: { refundRef: `dispute-${disputeId}`, amount: usd(4000), refunded: usd(4000) }, note: 'discount was due', version: 4 });
      expectProblem(await resolve(disputeId, { resolution: 'rejected' }), 409, 'ORDER.DISPUTE_ALREADY_RESOLVED');
      expect(await streamVersion('o-dispute')).toBe(4);
    });

    it('404 ORDER.DISPUTE_NOT_FOUND for a dispute that was never opened, appending nothing', async () => {
      expectProblem(await resolve('no-such-dispute', { resolution: 'rejected' }), 404, 'ORDER.DISPUTE_NOT_FOUND');
      expect(await streamVersion('o-dispute')).toBe(4);
    });
  });
});
