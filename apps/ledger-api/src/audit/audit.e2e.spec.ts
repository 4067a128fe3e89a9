import type { INestApplication } from '@nestjs/common';
import { orderStream } from '@promo-ledger/domain';
import { EventStore, SqlEventStore } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { fashionOver100Terms } from '../../../../test/support/campaign-bodies';
import { type E2eLedger, expectProblem, startE2eLedger } from '../../../../test/support/e2e-ledger';

/** The README's SPRING40 story over real HTTP, then finance's replay of the overcharged order. */
const KEYS = {
  checkout: 'checkout-key-0123456789abcdef', pricing: 'pricing-key-0123456789abcdef', marketing: 'marketing-key-0123456789abcdef',
  finance: 'finance-key-0123456789abcdef',
};
const usd = (amount: number) => ({ amount, currency: 'USD' });

const spring40 = (amountOff: number) => fashionOver100Terms(amountOff, { perCustomer: 1 });

describe.each(e2eStores())('audit routes on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let orderId: string;
  let counter = 0;
  const http = () => request(app.getHttpServer());
  const as = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}`, 'Idempotency-Key': `audit-e2e-${(counter += 1)}` });
  const audit = (path: string) => http().get(path).set(as('finance'));

  beforeAll(async () => {
    ledger = await startE2eLedger(store, Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(','));
    app = ledger.app;
    await http().put('/v1/prices/DRESS-1').set(as('pricing')).send({ price: usd(12900), category: 'fashion-apparel' }).expect(201);
    await http().post('/v1/campaigns').set(as('marketing')).send({ id: 'spring40', name: 'Spring 40', codes: { type: 'public', code: 'SPRING40' }, ...spring40(4000) }).expect(201);
    await http().post('/v1/campaigns/spring40/activate').set(as('marketing')).expect(200);
    const cartId = (await http().post('/v1/carts').set(as('checkout')).send({ customerId: 'alice', currency: 'USD' }).expect(201)).body.cartId as string;
    await http().post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku: 'DRESS-1', quantity: 1 }).expect(200);
    await http().post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code: 'SPRING40' }).expect(200);
    const quoteId = (await http().post(`/v1/carts/${cartId}/quote`).set(as('checkout')).send().expect(201)).body.quoteId as string;
    orderId = (await http().post(`/v1/carts/${cartId}/checkout`).set(as('checkout')).send({ quoteId }).expect(201)).body.orderId as string;
    // the faulty checkout charges full price
    await http().post(`/v1/orders/${orderId}/charges`).set(as('checkout')).send({ amount: usd(12900), paymentRef: 'psp-123' }).expect(201);
    // marketing later raises the discount: terms v2
    await http().put('/v1/campaigns/spring40/terms').set(as('marketing')).send({ ...spring40(5000) }).expect(200);
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('GET …/audit: every step, the divergence at the charge and the 40.00 USD refund due', async () => {
    const { body } = await audit(`/v1/orders/${orderId}/audit`).expect(200);
    expect(body).toMatchObject({ orderId, mode: 'as-recorded', quotedTotal: usd(8900), expectedTotal: usd(8900), charged: usd(12900), delta: usd(4000), refundDue: usd(4000) });
    const types = (body.steps as { type: string }[]).map((step) => step.type);
    expect(types.slice(-2)).toEqual(['OrderPlaced', 'ChargeRecorded']);
    expect(types).toEqual(expect.arrayContaining(['PriceSet', 'CampaignCreated', 'CampaignActivated', 'CartOpened', 'ItemAdded', 'CouponAttached', 'QuoteIssued', 'CartCheckedOut']));
    expect(body.firstDivergence).toEqual({ index: types.length - 1, reason: expect.stringContaining('overcharged 40.00 USD') });
  });

  it('GET …/audit?mode=what-if&termsVersion=2: judged by 50 USD off', async () => {
    const { body } = await audit(`/v1/orders/${orderId}/audit?mode=what-if&termsVersion=2`).expect(200);
    expect(body).toMatchObject({ mode: 'what-if', whatIf: { campaignId: 'spring40', termsVersion: 2 }, expectedTotal: usd(7900), refundDue: usd(5000) });
  });

  it('GET …/audit.csv: an attachment with a header and one row per step', async () => {
    const json = (await audit(`/v1/orders/${orderId}/audit`).expect(200)).body as { steps: unknown[] };
    const response = await audit(`/v1/orders/${orderId}/audit.csv`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="audit-${orderId}.csv"`);
    const lines = response.text.split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toMatch(/^index,position,occurred_at,stream_id,type,subtotal,discount,expected_total,currency,/);
    expect(lines).toHaveLength(json.steps.length + 1);
    expect(lines.at(-1)).toMatch(/^\d+,\d+\/\d+,[^,]+,order-.*,ChargeRecorded,129\.00,40\.00,89\.00,USD,SPRING40 v1 40\.00,.*overcharged 40\.00 USD"$/);
  });

  it('GET …/audit.html: a printable page that shows the divergence', async () => {
    const response = await audit(`/v1/orders/${orderId}/audit.html`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<tr class="divergence">');
    expect(response.text).toContain('overcharged 40.00 USD');
    expect(response.text).toContain('@media print');
  });

  it('answers problems: 404 unknown order, 400 bad mode or version, 404 a terms version that does not exist', async () => {
    expectProblem(await audit('/v1/orders/no-such-order/audit'), 404, 'ORDER.NOT_FOUND');
    expectProblem(await audit('/v1/orders/no-such-order/audit.csv'), 404, 'ORDER.NOT_FOUND');
    expectProblem(await audit(`/v1/orders/${orderId}/audit?mode=sideways`), 400, 'VALIDATION_FAILED');
    expectProblem(await audit(`/v1/orders/${orderId}/audit?mode=what-if&termsVersion=two`), 400, 'VALIDATION_FAILED');
    const body = expectProblem(await audit(`/v1/orders/${orderId}/audit?mode=what-if&termsVersion=7`), 404, 'AUDIT.TERMS_VERSION_NOT_FOUND');
    expect(body.detail).toContain('terms versions 1 to 2');
  });

  it('GET /v1/streams/:streamId/verify: intact, then the first broken link after tampering', async () => {
    const streamId = orderStream(orderId);
    expect((await audit(`/v1/streams/${streamId}/verify`).expect(200)).body).toEqual({ streamId, ok: true, events: 2, brokenAt: null });
    const sql = app.get<EventStore, SqlEventStore>(EventStore);
    expect(sql).toBeInstanceOf(SqlEventStore);
    await sql.executor.query(`UPDATE events SET data = jsonb_set(data::jsonb, '{amount,amount}', '8900')::json WHERE stream_id = $1 AND revision = 1`, [streamId]);
    expect((await audit(`/v1/streams/${streamId}/verify`).expect(200)).body).toEqual({
      streamId, ok: false, events: 2, brokenAt: { revision: '1', reason: expect.stringContaining('altered after it was written') },
    });
    expect((await audit('/v1/streams/price-DRESS-1/verify').expect(200)).body).toMatchObject({ ok: true, events: 1 });
  });

  it('GET /v1/streams/:streamId/verify of a stream never written (an order id in place of its stream id) is 404 STREAM.NOT_FOUND', async () => {
    const body = expectProblem(await audit(`/v1/streams/${orderId}/verify`), 404, 'STREAM.NOT_FOUND');
    expect(body.detail).toContain(`order-<orderId>`);
  });
});
