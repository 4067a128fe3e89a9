import type { INestApplication } from '@nestjs/common';
import { EventStore, type SqlExecutor } from '@promo-ledger/event-store';
import { AdvisoryLockLeases, Generations, InProcessLeases, ProgressReader, READ_MODEL_PROJECTIONS, ReadModelSchema, rebuildProjection } from '@promo-ledger/projections';
import request from 'supertest';
import { dumpReadModels } from '../../libs/projections/src/testing/read-model-dump';
import { e2eStores } from '../support/e2e-storage';
import { type E2eLedger, startE2eLedger } from '../support/e2e-ledger';
import { SQL_DATABASE } from '../../apps/ledger-api/src/store/sql-database';

/**
 * A mixed workload of 5,000 commands through the API, the read models kept up to date live by the
 * in-process runners; then every projection rebuilt from the log into fresh tables: row for row the same.
 */
const KEYS = { admin: 'admin-key-rebuild-equals-0123456789' };
const usd = (amount: number) => ({ amount, currency: 'USD' });
const COMMANDS = 5_000;
const CONCURRENCY = 8;
const SKUS: readonly [string, number, string][] = [['DRESS-1', 12900, 'fashion-apparel'], ['TEE-1', 2500, 'fashion-apparel'], ['JACKET-1', 18900, 'fashion-apparel'], ['MUG-1', 1500, 'home'], ['LAMP-1', 4900, 'home']];

describe.each(e2eStores())('rebuild equals incremental on %s', (store) => {
  jest.setTimeout(300_000);
  let app: INestApplication;
  let ledger: E2eLedger;
  let sent = 0;
  const http = () => request(app.getHttpServer());
  const headers = () => ({ Authorization: `Bearer ${KEYS.admin}`, 'Idempotency-Key': `rebuild-equals-${(sent += 1)}` });

  beforeAll(async () => {
    ledger = await startE2eLedger(store, `admin=${KEYS.admin}`);
    app = ledger.app;
  });
  afterAll(async () => {
    await ledger.close();
  });

  /** One shopper; which path it takes is a function of its number, so the mix is fixed. */
  async function shopper(n: number): Promise<void> {
    const cartId = (await http().post('/v1/carts').set(headers()).send({ customerId: `customer-${n % 97}`, currency: 'USD' }).expect(201)).body.cartId as string;
    const items = n % 5 === 0 ? [SKUS[1]] : [SKUS[n % 3], SKUS[3 + (n % 2)], SKUS[1]];
    for (const [sku] of items) await http().post(`/v1/carts/${cartId}/items`).set(headers()).send({ sku, quantity: 1 + (n % 2) }).expect(200);
    if (n % 7 === 0) await http().post(`/v1/carts/${cartId}/coupons`).set(headers()).send({ code: 'NOPE40' }).expect(422);
    if (n % 4 !== 3) await http().post(`/v1/carts/${cartId}/coupons`).set(headers()).send({ code: 'SPRING40' });
    const quoted = await http().post(`/v1/carts/${cartId}/quote`).set(headers()).send();
    if (n % 11 === 0 || quoted.status !== 201) return; // abandoned
    const placed = await http().post(`/v1/carts/${cartId}/checkout`).set(headers()).send({ quoteId: quoted.body.quoteId });
    if (placed.status !== 201) return; // a limit or a price moved: 409, nothing placed
    const orderId = placed.body.orderId as string;
    const discount = (placed.body.discounts as { amount: { amount: number } }[]).reduce((sum, entry) => sum + entry.amount.amount, 0);
    const charged = placed.body.expectedTotal.amount + (n % 6 === 0 ? discount : 0); // one in six drops the discount
    await http().post(`/v1/orders/${orderId}/charges`).set(headers()).send({ amount: usd(charged), paymentRef: `psp-${n}` }).expect(201);
    if (n % 13 === 0) await http().post(`/v1/orders/${orderId}/refunds`).set(headers()).send({ amount: usd(Math.max(1, discount)), refundRef: `refund-${n}`, reason: 'goodwill' }).expect(201);
    if (n % 17 === 0) await http().post(`/v1/orders/${orderId}/cancel`).set(headers()).send({ reason: 'changed mind' }).expect(200);
  }

  it(`after ${COMMANDS} commands the rebuilt read models equal the live ones row for row`, async () => {
    for (const [sku, amount, category] of SKUS) await http().put(`/v1/prices/${sku}`).set(headers()).send({ price: usd(amount), category }).expect(201);
    await http().post('/v1/campaigns').set(headers()).send({
      id: 'spring40', name: 'Spring 40', advertisedText: '40 USD off over 100 USD in Fashion & Apparel',
      target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] }, conditions: { minSubtotal: { USD: 10000 } },
      benefit: { type: 'amount_off_order', amount: { USD: 4000 } }, stacking: { mode: 'exclusive', priority: 10 },
      limits: { maxRedemptions: 150, perCustomer: 3 }, schedule: { startsAt: '2026-01-01T00:00:00Z', endsAt: '2099-12-31T23:59:59Z' }, codes: { type: 'public', code: 'SPRING40' },
    }).expect(201);
    await http().post('/v1/campaigns/spring40/activate').set(headers()).expect(200);

    let next = 0;
    const worker = async (): Promise<void> => {
      while (sent < COMMANDS) {
        const n = (next += 1);
        if (n % 50 === 0) await http().put(`/v1/prices/${SKUS[n % SKUS.length][0]}`).set(headers()).send({ price: usd(SKUS[n % SKUS.length][1] + (n % 3) * 100), category: SKUS[n % SKUS.length][2] });
        await shopper(n);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(sent).toBeGreaterThanOrEqual(COMMANDS);

    const events = app.get(EventStore);
    const db = app.get<SqlExecutor>(SQL_DATABASE);
    const schema = app.get(ReadModelSchema);
    const progress = app.get(ProgressReader);
    const names = READ_MODEL_PROJECTIONS.map((projection) => projection.name);
    expect(await progress.waitFor(names, await events.headPosition(), 60_000)).toBe(true);
    const live = await dumpReadModels(db, schema, READ_MODEL_PROJECTIONS);
    expect(live.mismatches.length).toBeGreaterThan(10);
    expect(live.redemptions.length).toBeGreaterThan(100);

    const leases = store === 'postgres' ? new AdvisoryLockLeases(process.env.DATABASE_URL ?? '') : new InProcessLeases();
    const deps = { store: events, db, schema, generations: new Generations(db, schema), leases };
    for (const projection of READ_MODEL_PROJECTIONS) expect((await rebuildProjection(projection, deps, 2_000)).generation).toBe(2);
    await leases.close();
    expect(await dumpReadModels(db, schema, READ_MODEL_PROJECTIONS)).toEqual(live);
  });
});
