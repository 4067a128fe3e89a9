import type { INestApplication } from '@nestjs/common';
import { orderStream } from '@promo-ledger/domain';
import { EventStore } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, expectProblem, startE2eLedger } from '../../../../test/support/e2e-ledger';
import { Spring40Orders } from '../../../../test/support/spring40-orders';

/**
 * The incident's ending over real HTTP: a SPRING40 order charged full price is disputed, finance
 * upholds it with the 40.00 USD refund, and one resolve both closes the mismatch and moves the money
 * (DisputeResolved + RefundRecorded), so the exposure finance reports shrinks by exactly the refund.
 */
const KEYS = {
  checkout: 'checkout-key-disputes-0123456789',
  pricing: 'pricing-key-disputes-0123456789',
  marketing: 'marketing-key-disputes-0123456789',
  support: 'support-key-disputes-0123456789',
  finance: 'finance-key-disputes-0123456789',
};
const usd = (amount: number) => ({ amount, currency: 'USD' });

describe.each(e2eStores())('a dispute resolved with a refund on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let counter = 0;
  let orders: Spring40Orders;
  const http = () => request(app.getHttpServer());
  const as = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}`, 'Idempotency-Key': `disputes-e2e-${(counter += 1)}` });
  const streamVersion = async (orderId: string): Promise<number> => (await app.get(EventStore).readStream(orderStream(orderId))).length - 1;

  beforeAll(async () => {
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',');
    ledger = await startE2eLedger(store, keys);
    app = ledger.app;
    orders = new Spring40Orders(app, KEYS, 'disputes-e2e-flow');
    await orders.setUp();
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('upheld with 40.00 USD: the mismatch is resolved, exposure shrinks by 40.00 USD, and the order shows the refund', async () => {
    // a second overcharged order stays open, so "shrank by 40.00 USD" is measured against a non-zero remainder
    await orders.overcharged('bob', 'psp-bob');
    const disputed = await orders.overcharged('alice', 'psp-alice');

    const before = await http().get('/v1/mismatches').query({ minPosition: disputed.position }).set(as('finance')).expect(200);
    expect(before.body.items.find((item: { orderId: string }) => item.orderId === disputed.orderId)).toMatchObject({ status: 'open', exposure: usd(4000) });
    expect(before.body.totals.exposure).toEqual([usd(8000)]);

    const opened = await http().post(`/v1/orders/${disputed.orderId}/disputes`).set(as('support')).send({ reason: 'SPRING40 was shown but not taken off' }).expect(201);
    const disputeId = opened.body.disputeId as string;
    const resolved = await http()
      .post(`/v1/orders/${disputed.orderId}/disputes/${disputeId}/resolve`)
      .set(as('finance'))
      .send({ resolution: 'upheld', refund: usd(4000), note: 'discount was due' })
      .expect(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved', resolution: 'upheld', refund: usd(4000),
      refundRecorded: { refundRef: `dispute-${disputeId}`, amount: usd(4000), refunded: usd(4000) },
    });
    const events = await app.get(EventStore).readStream(orderStream(disputed.orderId));
    expect(events.slice(-2).map((event) => event.type)).toEqual(['DisputeResolved', 'RefundRecorded']);

    const after = await http().get('/v1/mismatches').query({ minPosition: resolved.body.position }).set(as('finance')).expect(200);
    expect(after.body.items.find((item: { orderId: string }) => item.orderId === disputed.orderId)).toMatchObject({
      status: 'resolved', refunded: usd(4000), exposure: usd(0),
    });
    expect(after.body.totals.exposure).toEqual([usd(4000)]);
    const open = await http().get('/v1/mismatches').query({ status: 'open', minPosition: resolved.body.position }).set(as('finance')).expect(200);
    expect(open.body.items.map((item: { orderId: string }) => item.orderId)).not.toContain(disputed.orderId);

    const view = await http().get(`/v1/orders/${disputed.orderId}`).query({ minPosition: resolved.body.position }).set(as('support')).expect(200);
    expect(view.body).toMatchObject({ charged: usd(12900), refunded: usd(4000), delta: usd(4000) });
  });

  it('refuses a refund above what was charged with 422, appending neither the resolution nor the refund', async () => {
    const disputed = await orders.overcharged('carol', 'psp-carol');
    const opened = await http().post(`/v1/orders/${disputed.orderId}/disputes`).set(as('finance')).send({ reason: 'goodwill' }).expect(201);
    const version = await streamVersion(disputed.orderId);
    const refused = await http()
      .post(`/v1/orders/${disputed.orderId}/disputes/${opened.body.disputeId as string}/resolve`)
      .set(as('finance'))
      .send({ resolution: 'upheld', refund: usd(12901) });
    expectProblem(refused, 422, 'ORDER.REFUND_EXCEEDS_CHARGED');
    expect(await streamVersion(disputed.orderId)).toBe(version);
  });
});
