import type { INestApplication } from '@nestjs/common';
import { comparePositions, parsePosition } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';
import type { AlertItem } from './alerts.query';
import { eventually } from './testing/webhook-receiver';

const KEYS = { pricing: 'pricing-key-0123456789abcdef', support: 'support-key-0123456789abcdef' };

/**
 * The incident's "database synchronisation" failure: nobody keeps the read models up to date
 * (LEDGER_PROJECTIONS=off and no apps/projector), so the log runs ahead of them and the lag monitor
 * raises one alert per read model — and no other monitor mistakes the stale read models for news.
 */
describe.each(e2eStores())('projection lag monitor on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;

  beforeAll(async () => {
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',');
    ledger = await startE2eLedger(store, keys, { LEDGER_PROJECTIONS: 'off', LEDGER_MONITOR_INTERVAL_MS: '200', LEDGER_MONITOR_LAG_SECONDS: '1' });
    app = ledger.app;
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('raises a projection-lag alert per read model once the oldest unapplied event is older than the limit', async () => {
    const written = await request(app.getHttpServer()).put('/v1/prices/DRESS-1').set({ Authorization: `Bearer ${KEYS.pricing}`, 'Idempotency-Key': `lag-${store}-price` })
      .send({ price: { amount: 12900, currency: 'USD' }, category: 'fashion-apparel' }).expect(201);
    const lagging = await eventually('every read model to be reported lagging', async () => {
      const items = (await request(app.getHttpServer()).get('/v1/alerts?status=firing').set({ Authorization: `Bearer ${KEYS.support}` }).expect(200)).body.items as AlertItem[];
      return items.length >= 5 ? items : undefined;
    });
    expect(new Set(lagging.map((alert) => alert.rule))).toEqual(new Set(['projection-lag']));
    expect(lagging.map((alert) => alert.key).sort()).toEqual(['campaign_stats', 'mismatches', 'order_totals', 'price_history', 'redemptions']);
    for (const alert of lagging) {
      expect(alert).toMatchObject({ severity: 'warning', status: 'firing', details: { maxSeconds: 1 } });
      expect(alert.details.lagSeconds as number).toBeGreaterThan(1);
      expect(alert.details.lagEvents as number).toBeGreaterThanOrEqual(1);
      expect(comparePositions(parsePosition(alert.position), parsePosition((written.body as { position: string }).position))).toBeGreaterThan(0);
    }
  });
});
