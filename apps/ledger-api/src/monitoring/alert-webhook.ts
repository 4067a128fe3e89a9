import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { LedgerMetrics } from '../metrics/ledger-metrics';
import type { AlertNotification } from './alert-notification';

const MAX_QUEUED = 1000;
const ATTEMPT_TIMEOUT_MS = 5_000;

/**
 * POSTs alerts to LEDGER_ALERT_WEBHOOK, one at a time in the order they happened, retrying a
 * failed POST with exponential backoff up to LEDGER_ALERT_WEBHOOK_ATTEMPTS times. Nothing waits for
 * it: the alert is already recorded in its monitor stream (and listed by GET /v1/alerts), so a
 * webhook that is down only delays its delivery. The queue is in memory and bounded; what is still
 * queued at shutdown is logged, not delivered.
 */
@Injectable()
export class AlertWebhook implements OnModuleDestroy {
  private readonly logger = new Logger('AlertWebhook');
  private readonly queue: AlertNotification[] = [];
  private draining: Promise<void> | null = null;
  private closed = false;
  private wakeUp: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
  ) {}

  send(notification: AlertNotification): void {
    if (this.config.monitors.webhookUrl === null || this.closed) return;
    if (this.queue.length >= MAX_QUEUED) {
      const dropped = this.queue.shift() as AlertNotification;
      this.metrics.webhookDeliveries.inc({ result: 'dropped' });
      this.logger.error(`alert webhook queue full: dropped ${dropped.event} ${dropped.alertId} (${dropped.rule}); it is still listed by GET /v1/alerts`);
    }
    this.queue.push(notification);
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.wakeUp?.();
    await this.draining;
    if (this.queue.length > 0) this.logger.warn(`${this.queue.length} alert notification(s) not delivered before shutdown; GET /v1/alerts lists them`);
  }

  private async drain(): Promise<void> {
    while (!this.closed && this.queue.length > 0) {
      await this.deliver(this.queue[0]);
      this.queue.shift();
    }
  }

  private async deliver(notification: AlertNotification): Promise<void> {
    const { webhookUrl, webhookAttempts, webhookBackoffMs, webhookMaxBackoffMs } = this.config.monitors;
    for (let attempt = 1; !this.closed; attempt += 1) {
      const failure = await this.post(webhookUrl as string, notification);
      if (failure === null) {
        this.metrics.webhookDeliveries.inc({ result: 'delivered' });
        return;
      }
      if (attempt >= webhookAttempts) {
        this.metrics.webhookDeliveries.inc({ result: 'failed' });
        this.logger.error(`gave up delivering ${notification.event} ${notification.alertId} (${notification.rule}) after ${attempt} attempts: ${failure}`);
        return;
      }
      this.metrics.webhookDeliveries.inc({ result: 'retried' });
      const backoff = Math.min(webhookMaxBackoffMs, webhookBackoffMs * 2 ** (attempt - 1));
      this.logger.warn(`alert webhook attempt ${attempt} for ${notification.alertId} failed (${failure}); retrying in ${backoff} ms`);
      await this.sleep(backoff);
    }
  }

  /** null when the webhook accepted it (2xx), else why not. */
  private async post(url: string, notification: AlertNotification): Promise<string | null> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notification),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return cause ?? (error as Error).message;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
