import type { INestApplication } from '@nestjs/common';
import { priceStream } from '@promo-ledger/domain';
import { EventStore } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, expectProblem, startE2eLedger } from '../../../../test/support/e2e-ledger';

const PRICING = 'pricing-key-0123456789abcdef';
const MARKETING = 'marketing-key-0123456789abcdef';
const CHECKOUT = 'checkout-key-0123456789abcdef';
const SUPPORT = 'support-key-0123456789abcdef';
const FINANCE = 'finance-key-0123456789abcdef';

const PAST = '2020-01-01T00:00:00Z';
const FUTURE = '2099-04-01T00:00:00Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });
const jacket = (amount = 12900) => ({ price: usd(amount), category: 'fashion-apparel', effectiveAt: PAST, reason: 'spring range' });

describe.each(e2eStores())('prices over HTTP (pricing) on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let keyCounter = 0;
  const http = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}`, 'Idempotency-Key': `prices-${(keyCounter += 1)}` });
  const streamVersion = async (sku: string): Promise<number> => (await app.get(EventStore).readStream(priceStream(sku))).length - 1;

  beforeAll(async () => {
    const keys = `pricing=${PRICING},marketing=${MARKETING},checkout=${CHECKOUT},support=${SUPPORT},finance=${FINANCE}`;
    ledger = await startE2eLedger(store, keys);
    app = ledger.app;
  });
  afterAll(async () => {
    await ledger.close();
  });

  describe('PUT /v1/prices/:sku', () => {
    it('sets the first price of a sku with 201, the entry, version 0, a position and an ETag', async () => {
      const response = await http().put('/v1/prices/JACKET-1').set(as(PRICING)).send(jacket()).expect(201);
      expect(response.body).toEqual({
        sku: 'JACKET-1', price: usd(12900), category: 'fashion-apparel', effectiveAt: PAST, reason: 'spring range', priceVersion: 1, version: 0,
        position: expect.stringMatching(/^\d+\/\d+$/),
      });
      expect(response.headers.etag).toBe('"0"');
    });

    it('changes it with 200 under a matching If-Match, recording "not given" when no reason is sent', async () => {
      const response = await http().put('/v1/prices/JACKET-1').set(as(PRICING)).set('If-Match', '"0"').send({ price: usd(11900), category: 'fashion-apparel' }).expect(200);
      expect(response.body).toMatchObject({ price: usd(11900), reason: 'not given', priceVersion: 2, version: 1 });
      expect(response.headers.etag).toBe('"1"');
    });

    it('refuses a stale If-Match with 412 and appends nothing', async () => {
      const body = expectProblem(await http().put('/v1/prices/JACKET-1').set(as(PRICING)).set('If-Match', '"0"').send(jacket(9900)), 412, 'PRECONDITION_FAILED');
      expect(body).toMatchObject({ expectedVersion: 0, currentVersion: 1 });
      expect(await streamVersion('JACKET-1')).toBe(1);
    });

    it('refuses a currency change with 409 PRICE.CURRENCY_CHANGED and appends nothing', async () => {
      const body = expectProblem(await http().put('/v1/prices/JACKET-1').set(as(PRICING)).send({ ...jacket(), price: { amount: 11900, currency: 'EUR' } }), 409, 'PRICE.CURRENCY_CHANGED');
      expect(body.detail).toContain('USD');
      expect(await streamVersion('JACKET-1')).toBe(1);
    });

    it('refuses a currency the ledger does not support with 422 PRICE.INVALID, creating nothing', async () => {
      expectProblem(await http().put('/v1/prices/ODD-1').set(as(PRICING)).send({ ...jacket(), price: { amount: 100, currency: 'XXX' } }), 422, 'PRICE.INVALID');
      expect(await streamVersion('ODD-1')).toBe(-1);
    });

    it.each([
      ['an unknown field', { ...jacket(), colour: 'red' }, 'colour'],
      ['a fractional amount', { ...jacket(), price: usd(129.5) }, 'price.amount'],
      ['a negative amount', { ...jacket(), price: usd(-1) }, 'price.amount'],
      ['a lower-case currency', { ...jacket(), price: { amount: 100, currency: 'usd' } }, 'price.currency'],
      ['a blank category', { ...jacket(), category: '  ' }, 'category'],
      ['an unreadable effectiveAt', { ...jacket(), effectiveAt: 'next tuesday' }, 'effectiveAt'],
      ['no price at all', { category: 'fashion-apparel' }, 'price'],
    ])('refuses %s with 400 naming the field, appending nothing', async (_label, body, field) => {
      const problem = expectProblem(await http().put('/v1/prices/JACKET-1').set(as(PRICING)).send(body), 400, 'VALIDATION_FAILED');
      expect((problem.errors as { field: string }[]).map((error) => error.field)).toContain(field);
      expect(await streamVersion('JACKET-1')).toBe(1);
    });

    it('refuses a malformed sku in the path with 400 PRICE.INVALID_SKU', async () => {
      expectProblem(await http().put('/v1/prices/-bad%20sku').set(as(PRICING)).send(jacket()), 400, 'PRICE.INVALID_SKU');
      expectProblem(await http().get(`/v1/prices/${'x'.repeat(65)}`).set('Authorization', `Bearer ${CHECKOUT}`), 400, 'PRICE.INVALID_SKU');
    });

    it('401 without a key or with an unknown key; 403 for marketing; nothing appended', async () => {
      expectProblem(await http().put('/v1/prices/NEW-1').set('Idempotency-Key', 'prices-anon-1').send(jacket()), 401, 'UNAUTHENTICATED');
      expectProblem(await http().put('/v1/prices/NEW-1').set(as('not-a-configured-key-at-all')).send(jacket()), 401, 'UNAUTHENTICATED');
      expectProblem(await http().put('/v1/prices/NEW-1').set(as(MARKETING)).send(jacket()), 403, 'FORBIDDEN');
      expect(await streamVersion('NEW-1')).toBe(-1);
    });
  });

  describe('GET /v1/prices/:sku', () => {
    it('shows the price in force now and a scheduled one, to every role, with the ETag', async () => {
      await http().put('/v1/prices/DRESS-1').set(as(PRICING)).send({ price: usd(8900), category: 'fashion-apparel', effectiveAt: PAST }).expect(201);
      await http().put('/v1/prices/DRESS-1').set(as(PRICING)).send({ price: usd(6900), category: 'fashion-apparel', effectiveAt: FUTURE, reason: 'summer sale' }).expect(200);
      for (const key of [CHECKOUT, PRICING, MARKETING, SUPPORT, FINANCE]) {
        const response = await http().get('/v1/prices/DRESS-1').set('Authorization', `Bearer ${key}`).expect(200);
        expect(response.body).toMatchObject({
          sku: 'DRESS-1',
          currency: 'USD',
          current: { price: usd(8900), priceVersion: 1, effectiveAt: PAST },
          scheduled: [{ price: usd(6900), priceVersion: 2, effectiveAt: FUTURE, reason: 'summer sale' }],
          version: 1,
        });
        expect(response.headers.etag).toBe('"1"');
      }
    });

    it('shows no current price while the only one is scheduled', async () => {
      await http().put('/v1/prices/LATER-1').set(as(PRICING)).send({ price: usd(500), category: 'home', effectiveAt: FUTURE }).expect(201);
      const response = await http().get('/v1/prices/LATER-1').set('Authorization', `Bearer ${CHECKOUT}`).expect(200);
      expect(response.body).toMatchObject({ current: null, scheduled: [{ price: usd(500) }] });
    });

    it('404 PRICE.NOT_FOUND for a sku never priced; 401 without a key', async () => {
      expectProblem(await http().get('/v1/prices/NEVER-1').set('Authorization', `Bearer ${SUPPORT}`), 404, 'PRICE.NOT_FOUND');
      expectProblem(await http().get('/v1/prices/DRESS-1'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('POST /v1/prices/batch', () => {
    it('sets every price, each on its own sku, in the order given', async () => {
      const response = await http().post('/v1/prices/batch').set(as(PRICING)).send({
        prices: [
          { sku: 'MUG-1', price: usd(2000), category: 'home', effectiveAt: PAST },
          { sku: 'JACKET-1', price: usd(10900), category: 'fashion-apparel', effectiveAt: PAST, reason: 'markdown' },
          { sku: 'MUG-1', price: usd(1800), category: 'home', effectiveAt: FUTURE },
        ],
      }).expect(200);
      expect(response.body.results).toEqual([
        { sku: 'MUG-1', priceVersion: 1, version: 0, position: expect.any(String) },
        { sku: 'JACKET-1', priceVersion: 3, version: 2, position: expect.any(String) },
        { sku: 'MUG-1', priceVersion: 2, version: 1, position: expect.any(String) },
      ]);
      const mug = await http().get('/v1/prices/MUG-1').set('Authorization', `Bearer ${CHECKOUT}`).expect(200);
      expect(mug.body).toMatchObject({ current: { price: usd(2000) }, scheduled: [{ price: usd(1800) }] });
    });

    it('refuses the whole batch when one item would be refused, listing it, and appends nothing for any sku', async () => {
      const before = { jacket: await streamVersion('JACKET-1'), mug: await streamVersion('MUG-1') };
      const response = await http().post('/v1/prices/batch').set(as(PRICING)).send({
        prices: [
          { sku: 'MUG-1', price: usd(1900), category: 'home' },
          { sku: 'SCARF-1', price: usd(2500), category: 'fashion-apparel' },
          { sku: 'JACKET-1', price: { amount: 9900, currency: 'EUR' }, category: 'fashion-apparel' },
          // the first SHOE-1 item fixes its currency for the second, though the stream is still empty
          { sku: 'SHOE-1', price: usd(5000), category: 'shoes' },
          { sku: 'SHOE-1', price: { amount: 4500, currency: 'GBP' }, category: 'shoes' },
        ],
      });
      const body = expectProblem(response, 422, 'PRICE.BATCH_REJECTED');
      expect(body.failures).toEqual([
        { index: 2, sku: 'JACKET-1', status: 409, code: 'PRICE.CURRENCY_CHANGED', message: expect.any(String) },
        { index: 4, sku: 'SHOE-1', status: 409, code: 'PRICE.CURRENCY_CHANGED', message: expect.any(String) },
      ]);
      expect(await streamVersion('JACKET-1')).toBe(before.jacket);
      expect(await streamVersion('MUG-1')).toBe(before.mug);
      expect(await streamVersion('SCARF-1')).toBe(-1);
      expect(await streamVersion('SHOE-1')).toBe(-1);
    });

    it.each([
      ['an empty list', { prices: [] }],
      ['more than 500 items', { prices: Array.from({ length: 501 }, (_, index) => ({ sku: `BULK-${index}`, price: usd(100), category: 'home' })) }],
      ['a malformed sku', { prices: [{ sku: 'BULK-0', price: usd(100), category: 'home' }, { sku: 'bad sku', price: usd(100), category: 'home' }] }],
      ['a fractional amount', { prices: [{ sku: 'BULK-0', price: usd(100), category: 'home' }, { sku: 'BULK-1', price: usd(1.5), category: 'home' }] }],
    ])('refuses %s with 400 and appends nothing', async (_label, body) => {
      expectProblem(await http().post('/v1/prices/batch').set(as(PRICING)).send(body), 400, 'VALIDATION_FAILED');
      expect(await streamVersion('BULK-0')).toBe(-1);
    });

    it('403 for checkout, appending nothing', async () => {
      expectProblem(await http().post('/v1/prices/batch').set(as(CHECKOUT)).send({ prices: [{ sku: 'BULK-0', price: usd(100), category: 'home' }] }), 403, 'FORBIDDEN');
      expect(await streamVersion('BULK-0')).toBe(-1);
    });
  });
});
