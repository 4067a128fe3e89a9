import type { INestApplication } from '@nestjs/common';
import { monitorStream } from '@promo-ledger/domain';
import { comparePositions, EventStore, parsePosition } from '@promo-ledger/event-store';
import { ProgressReader } from '@promo-ledger/projections';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, expectProblem, startE2eLedger } from '../../../../test/support/e2e-ledger';
import type { AlertItem } from './alerts.query';
import { MonitorEvaluator } from './monitor-evaluator';
import { eventually, seriesValue, startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import { spring40Traffic } from './testing/spring40-traffic';

const KEYS = { checkout: 'checkout-key-0123456789abcdef', pricing: 'pricing-key-0123456789abcdef', marketing: 'marketing-key-0123456789abcdef', support: 'support-key-0123456789abcdef' };
const METRICS_TOKEN = 'scrape-token-0123456789';

/**
 * The monitors end to end (DESIGN §9): steady SPRING40 traffic — orders charged correctly, carts
 * under 100 USD, unknown codes — raises nothing; then the incident's fault (some orders charged
 * without the discount) raises the success-rate and mismatch alerts, listed by GET /v1/alerts and
 * POSTed to the webhook; /metrics counts it all.
 */
describe.each(e2eStores())('built-in monitors on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let webhook: WebhookReceiver;
  const http = () => request(app.getHttpServer());
  const traffic = () => spring40Traffic(http, KEYS, `${store}-mon`);
  const alerts = async (query = ''): Promise<AlertItem[]> => (await http().get(`/v1/alerts${query}`).set({ Authorization: `Bearer ${KEYS.support}` }).expect(200)).body.items as AlertItem[];
  const caughtUp = async () => expect(await app.get(ProgressReader).waitFor(['order_totals', 'mismatches', 'redemptions', 'campaign_stats'], await app.get(EventStore).headPosition(), 20_000)).toBe(true);
  const scrape = async () => (await http().get('/metrics').set({ Authorization: `Bearer ${METRICS_TOKEN}` }).expect(200)).text;

  beforeAll(async () => {
    webhook = await startWebhookReceiver();
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',');
    ledger = await startE2eLedger(store, keys, {
      LEDGER_MONITOR_INTERVAL_MS: '200', LEDGER_ALERT_WEBHOOK: webhook.url, LEDGER_METRICS_TOKEN: METRICS_TOKEN,
      LEDGER_MONITOR_SUCCESS_WINDOW: '10',
      // small rejection windows so steady traffic fills them and is judged
      LEDGER_MONITOR_REJECTION_WINDOW: '6', LEDGER_MONITOR_REJECTION_BASELINE: '12', LEDGER_MONITOR_REJECTION_MIN_COUNT: '3',
    });
    app = ledger.app;
    await traffic().setUp();
  });
  afterAll(async () => {
    await ledger?.close();
    await webhook?.close();
  });

  it('steady traffic — correct charges, carts under 100 USD, unknown codes — raises no alert', async () => {
    const shop = traffic();
    for (let round = 0; round < 12; round += 1) {
      await shop.order(`steady-${round}`, { chargedWithoutDiscount: false });
      await shop.underMinimum(`steady-${round}`);
      if (round % 3 === 0) await shop.unknownCode(`steady-${round}`);
    }
    await caughtUp();
    await app.get(MonitorEvaluator).evaluateAll();
    expect(await alerts()).toEqual([]);
    expect(webhook.received).toEqual([]);
  });

  it('orders charged without the discount raise the success-rate and mismatch alerts once each, listed and posted', async () => {
    const shop = traffic();
    const faulty: string[] = [];
    let firstFault: string | null = null;
    for (let index = 0; index < 10; index += 1) {
      const fault = index % 3 === 2;
      const { orderId, chargePosition } = await shop.order(`fault-${index}`, { chargedWithoutDiscount: fault });
      if (fault) faulty.push(orderId);
      if (fault) firstFault ??= chargePosition;
    }
    const firing = await eventually('both alerts to fire', async () => {
      const listed = await alerts('?status=firing');
      const mismatch = listed.find((alert) => alert.rule === 'mismatch');
      const rate = listed.find((alert) => alert.rule === 'discount-success-rate');
      return mismatch?.details.openCount === 3 && rate !== undefined ? { mismatch, rate } : undefined;
    });
    // raised by whichever evaluation first saw the fault: the rate 10 points down on the window before (one
    // faulty charge in 10) or under 90 % — so after the first, second or third faulty charge
    expect(firing.rate).toMatchObject({ status: 'firing', severity: 'critical', campaignId: 'spring40', resolvedAt: null, resolvedPosition: null, details: { windowOrders: 10 } });
    const affected = firing.rate.details.affectedOrderIds as string[];
    expect(affected.length).toBeGreaterThanOrEqual(1);
    expect(faulty).toEqual(expect.arrayContaining(affected));
    expect(firing.rate.details).toMatchObject({ chargedWithDiscount: 10 - affected.length, successRate: (10 - affected.length) / 10 });
    expect(firing.mismatch.details).toMatchObject({ openCount: 3, exposure: [{ amount: 12000, currency: 'USD' }], campaignIds: ['spring40'] });
    for (const alert of [firing.rate, firing.mismatch]) {
      expect(alert.position).toMatch(/^\d+\/\d+$/);
      expect(comparePositions(parsePosition(alert.position), parsePosition(firstFault as string))).toBeGreaterThan(0);
      expect(Date.parse(alert.raisedAt)).not.toBeNaN();
    }
    // raised once each, however many evaluations ran since
    for (const rule of ['mismatch', 'discount-success-rate']) {
      const raised = (await app.get(EventStore).readStream(monitorStream(rule))).filter((event) => event.type === 'AlertRaised');
      expect(raised).toHaveLength(1);
    }
    const posted = await eventually('the webhook to receive both', () => {
      const raised = webhook.received.filter((delivery) => delivery.body.event === 'alert.raised');
      return Promise.resolve(raised.length >= 2 ? raised : undefined);
    });
    expect(posted.map((delivery) => delivery.body.alertId).sort()).toEqual([firing.rate.alertId, firing.mismatch.alertId].sort());
    expect(posted.find((delivery) => delivery.body.rule === 'mismatch')?.body).toMatchObject({ status: 'firing', position: firing.mismatch.position, at: firing.mismatch.raisedAt });
    expect(await alerts('?rule=mismatch')).toEqual([firing.mismatch]);
    expect(await alerts(`?since=${firing.mismatch.position}&rule=mismatch`)).toEqual([]);
  });

  it('/metrics counts commands, coupon evaluations, discount-due orders, mismatches and lag', async () => {
    await caughtUp();
    const text = await scrape();
    expect(seriesValue(text, 'ledger_commands_total', { type: 'RecordCharge', outcome: 'accepted' })).toBe(22);
    expect(seriesValue(text, 'ledger_commands_total', { type: 'AttachCoupon', outcome: 'rejected', code: 'UNKNOWN_CODE' })).toBe(4);
    expect(seriesValue(text, 'ledger_command_duration_seconds_count', { type: 'RecordCharge', outcome: 'accepted' })).toBe(22);
    expect(seriesValue(text, 'ledger_coupon_evaluations_total', { campaign: 'spring40', outcome: 'applied', reason: 'none' })).toBe(22);
    expect(seriesValue(text, 'ledger_coupon_evaluations_total', { campaign: 'spring40', outcome: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET' })).toBe(12);
    expect(seriesValue(text, 'ledger_coupon_evaluations_total', { outcome: 'rejected', reason: 'UNKNOWN_CODE' })).toBe(4);
    expect(seriesValue(text, 'ledger_orders_with_discount_due', { campaign: 'spring40' })).toBe(22);
    expect(seriesValue(text, 'ledger_orders_charged_with_discount', { campaign: 'spring40' })).toBe(19);
    expect(seriesValue(text, 'ledger_charge_mismatches', { currency: 'USD', status: 'open' })).toBe(3);
    expect(seriesValue(text, 'ledger_charge_mismatch_amount_minor_units', { currency: 'USD', status: 'open' })).toBe(12000);
    expect(seriesValue(text, 'ledger_mismatch_exposure_minor_units', { currency: 'USD' })).toBe(12000);
    expect(seriesValue(text, 'ledger_projection_lag_events', { projection: 'mismatches' })).toBe(0);
    expect(text).toMatch(/^ledger_projection_lag_seconds\{projection="order_totals"\} /m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(seriesValue(text, 'ledger_alerts_total', { transition: 'raised' })).toBe(2);
    expect(seriesValue(text, 'ledger_alert_webhook_deliveries_total', { result: 'delivered' })).toBeGreaterThanOrEqual(2);
  });

  it('/metrics wants the scrape token when one is set; /v1/alerts refuses bad filters', async () => {
    expectProblem(await http().get('/metrics'), 401, 'METRICS.UNAUTHORIZED');
    expectProblem(await http().get('/metrics').set({ Authorization: 'Bearer wrong' }), 401, 'METRICS.UNAUTHORIZED');
    const support = { Authorization: `Bearer ${KEYS.support}` };
    expectProblem(await http().get('/v1/alerts?status=open').set(support), 400, 'VALIDATION_FAILED');
    expectProblem(await http().get('/v1/alerts?since=yesterday').set(support), 400, 'VALIDATION_FAILED');
    const page = await http().get('/v1/alerts?limit=1').set(support).expect(200);
    expect(page.body.items).toHaveLength(1);
    const next = await http().get(`/v1/alerts?limit=1&cursor=${page.body.nextCursor as string}`).set(support).expect(200);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].alertId).not.toBe(page.body.items[0].alertId);
    expect(next.body.nextCursor).toBeNull();
  });
});
