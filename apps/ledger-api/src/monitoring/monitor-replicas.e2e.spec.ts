import type { INestApplication } from '@nestjs/common';
import { monitorStream } from '@promo-ledger/domain';
import { EventStore } from '@promo-ledger/event-store';
import { ProgressReader } from '@promo-ledger/projections';
import request from 'supertest';
import { createLedgerApp } from '../bootstrap';
import { loadLedgerConfig } from '../config/ledger-config';
import { type E2eStorage, e2eStores, prepareStorage } from '../../../../test/support/e2e-storage';
import { MonitorEvaluator } from './monitor-evaluator';
import { spring40Traffic } from './testing/spring40-traffic';

const KEYS = { checkout: 'checkout-key-0123456789abcdef', pricing: 'pricing-key-0123456789abcdef', marketing: 'marketing-key-0123456789abcdef' };

/**
 * Two ledger-api replicas on one PostgreSQL database evaluate the monitors at the same moments: the
 * monitor stream's expected revision lets one raise the alert, and the other's duplicate is refused,
 * so each alert is raised exactly once. (PGlite is one process's database, so this is PostgreSQL only.)
 */
const stores = e2eStores().filter((store) => store === 'postgres');
(stores.length > 0 ? describe : describe.skip)('two replicas evaluating the monitors on postgres', () => {
  let storage: E2eStorage;
  let replicas: INestApplication[] = [];

  beforeAll(async () => {
    storage = await prepareStorage('postgres');
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',');
    // their own schedulers are off: the test drives both evaluators at once, many times
    for (let index = 0; index < 2; index += 1) {
      const app = await createLedgerApp(loadLedgerConfig({ ...storage.env, LEDGER_API_KEYS: keys, LOG_LEVEL: 'silent', LEDGER_MONITORS: 'off' }));
      await app.listen(0, '127.0.0.1');
      replicas.push(app);
    }
  });
  afterAll(async () => {
    for (const app of replicas) await app.close();
    replicas = [];
    await storage?.dispose();
  });

  it('raises each alert once however the evaluations interleave, then resolves it once', async () => {
    const [first, second] = replicas;
    const http = () => request(first.getHttpServer());
    const shop = spring40Traffic(http, KEYS, 'replicas');
    await shop.setUp();
    const { orderId } = await shop.order('overcharged', { chargedWithoutDiscount: true });
    expect(await first.get(ProgressReader).waitFor(['mismatches'], await first.get(EventStore).headPosition(), 20_000)).toBe(true);

    for (let round = 0; round < 5; round += 1) {
      await Promise.all([first.get(MonitorEvaluator).evaluateAll(), second.get(MonitorEvaluator).evaluateAll()]);
    }
    const stream = async () => (await first.get(EventStore).readStream(monitorStream('mismatch'))).map((event) => event.type);
    expect(await stream()).toEqual(['AlertRaised']);

    await http().post(`/v1/orders/${orderId}/refunds`).set({ Authorization: `Bearer ${KEYS.checkout}`, 'Idempotency-Key': 'replicas-refund-1' })
      .send({ amount: { amount: 4000, currency: 'USD' }, reason: 'SPRING40 not applied', refundRef: 'rf-replicas' }).expect(201);
    expect(await first.get(ProgressReader).waitFor(['mismatches'], await first.get(EventStore).headPosition(), 20_000)).toBe(true);
    for (let round = 0; round < 5; round += 1) {
      await Promise.all([second.get(MonitorEvaluator).evaluateAll(), first.get(MonitorEvaluator).evaluateAll()]);
    }
    expect(await stream()).toEqual(['AlertRaised', 'AlertResolved']);
  });
});
