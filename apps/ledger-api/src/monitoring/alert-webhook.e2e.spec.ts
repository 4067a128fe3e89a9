import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';
import type { AlertItem } from './alerts.query';
import { eventually, freePort, seriesValue, startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import { spring40Traffic } from './testing/spring40-traffic';

const KEYS = { checkout: 'checkout-key-0123456789abcdef', pricing: 'pricing-key-0123456789abcdef', marketing: 'marketing-key-0123456789abcdef', finance: 'finance-key-0123456789abcdef' };

/**
 * A webhook that is down (connection refused, then 500s) never holds the ledger up: commands keep
 * succeeding, the alert is recorded and listed at once, and the POST gets through once the webhook
 * is back. A refund then resolves the mismatch alert, which is posted too.
 */
describe.each(e2eStores())('alert webhook that is down on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let webhook: WebhookReceiver | undefined;
  let port: number;
  const http = () => request(app.getHttpServer());
  const metric = async (result: string) => seriesValue((await http().get('/metrics').expect(200)).text, 'ledger_alert_webhook_deliveries_total', { result });
  const mismatchAlerts = async (): Promise<AlertItem[]> =>
    (await http().get('/v1/alerts?rule=mismatch').set({ Authorization: `Bearer ${KEYS.finance}` }).expect(200)).body.items as AlertItem[];

  beforeAll(async () => {
    port = await freePort();
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',');
    ledger = await startE2eLedger(store, keys, {
      LEDGER_MONITOR_INTERVAL_MS: '200', LEDGER_ALERT_WEBHOOK: `http://127.0.0.1:${port}/alerts`,
      LEDGER_ALERT_WEBHOOK_ATTEMPTS: '50', LEDGER_ALERT_WEBHOOK_BACKOFF_MS: '20', LEDGER_ALERT_WEBHOOK_MAX_BACKOFF_MS: '200',
    });
    app = ledger.app;
    await spring40Traffic(http, KEYS, `${store}-hook`).setUp();
  });
  afterAll(async () => {
    await ledger?.close();
    await webhook?.close();
  });

  it('records and lists the alert while the webhook refuses connections, keeps taking commands, and delivers once it is back', async () => {
    const shop = spring40Traffic(http, KEYS, `${store}-hook-shop`);
    const { orderId } = await shop.order('overcharged', { chargedWithoutDiscount: true });
    const [alert] = await eventually('the mismatch alert to be listed', async () => {
      const listed = await mismatchAlerts();
      return listed.length > 0 ? listed : undefined;
    });
    expect(alert).toMatchObject({ rule: 'mismatch', status: 'firing', details: { newestOrderIds: [orderId] } });
    await eventually('a refused delivery to be retried', async () => ((await metric('retried')) >= 2 ? true : undefined));
    // the ledger keeps working while deliveries fail
    await shop.order('meanwhile', { chargedWithoutDiscount: false });
    expect(await metric('delivered')).toBe(0);

    let answers = 0;
    webhook = await startWebhookReceiver(() => ((answers += 1) <= 2 ? 500 : 200), port);
    const delivered = await eventually('the alert to get through', () => Promise.resolve(webhook?.received.find((delivery) => delivery.answered === 200)));
    expect(delivered.body).toMatchObject({ event: 'alert.raised', alertId: alert.alertId, rule: 'mismatch', status: 'firing', position: alert.position });
    expect(webhook.received.slice(0, 2).map((delivery) => delivery.answered)).toEqual([500, 500]);
    expect(await metric('delivered')).toBe(1);
    expect(await metric('failed')).toBe(0);

    // refunding the overcharge closes the mismatch: the alert resolves and that is posted too
    await http().post(`/v1/orders/${orderId}/refunds`).set({ Authorization: `Bearer ${KEYS.checkout}`, 'Idempotency-Key': `${store}-refund-${orderId}` })
      .send({ amount: { amount: 4000, currency: 'USD' }, reason: 'SPRING40 not applied', refundRef: 'rf-1' }).expect(201);
    const resolved = await eventually('the alert to resolve', async () => (await mismatchAlerts()).find((item) => item.status === 'resolved'));
    expect(resolved).toMatchObject({ alertId: alert.alertId, resolution: 'No open mismatch left.', resolvedPosition: expect.stringMatching(/^\d+\/\d+$/) as string });
    const posted = await eventually('the resolution to be posted', () => Promise.resolve(webhook?.received.find((delivery) => delivery.body.event === 'alert.resolved')));
    expect(posted.body).toMatchObject({ alertId: alert.alertId, status: 'resolved', position: resolved.resolvedPosition });
  });
});
