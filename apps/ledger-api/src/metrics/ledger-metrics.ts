import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { CommandObserver, type CommandOutcome } from '../application/command-observer';

/**
 * The ledger's own Prometheus series, in a registry per application (not prom-client's global
 * one), so several apps in one process — the jest e2e suites — never clash. These are this
 * process's counters; the read-model series (read-model-gauges.ts) are the same on every replica.
 */
@Injectable()
export class LedgerMetrics extends CommandObserver {
  readonly registry = new Registry();

  private readonly commands = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands run, by command type and outcome (accepted, rejected, error) and rejection code.',
    labelNames: ['type', 'outcome', 'code'] as const,
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'ledger_command_duration_seconds',
    help: 'Time to decide and append one command (including retries on a concurrent writer), by type and outcome.',
    labelNames: ['type', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  private readonly appendConflicts = new Counter({
    name: 'ledger_append_conflicts_total',
    help: 'Turns whose append found the stream moved on by another writer (a replica, the reconciler), by stream category; each is decided again after a random wait (409 CONCURRENCY_CONFLICT if it keeps happening).',
    labelNames: ['category'] as const,
    registers: [this.registry],
  });

  private readonly couponEvaluations = new Counter({
    name: 'ledger_coupon_evaluations_total',
    help: 'Coupon attempts by campaign, outcome (applied, not_eligible, rejected) and reason (none when applied).',
    labelNames: ['campaign', 'outcome', 'reason'] as const,
    registers: [this.registry],
  });

  readonly storeErrors = new Counter({
    name: 'ledger_store_errors_total',
    help: 'Failures of the event store or the read-model database, by operation.',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  readonly alertTransitions = new Counter({
    name: 'ledger_alerts_total',
    help: 'Alerts the built-in monitors raised and resolved in this process, by rule and transition.',
    labelNames: ['rule', 'transition'] as const,
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'ledger_alert_webhook_deliveries_total',
    help: 'Alert webhook POSTs by result: delivered, retried (a failed attempt that will be retried), failed (gave up), dropped (queue full).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    super();
    collectDefaultMetrics({ register: this.registry });
  }

  commandFinished(commandType: string, outcome: CommandOutcome, seconds: number): void {
    const code = outcome.kind === 'rejected' ? outcome.code : '';
    this.commands.inc({ type: commandType, outcome: outcome.kind, code });
    this.latency.observe({ type: commandType, outcome: outcome.kind }, seconds);
    if (outcome.kind === 'error') this.storeErrors.inc({ operation: 'command' });
  }

  appendConflicted(streamId: string): void {
    // streams are <category>-<id>: the category keeps the label's values few
    const dash = streamId.indexOf('-');
    this.appendConflicts.inc({ category: dash > 0 ? streamId.slice(0, dash) : 'other' });
  }

  eventsAppended(events: readonly { readonly type: string; readonly data: object }[]): void {
    for (const event of events) {
      if (event.type === 'CouponAttached') {
        const data = event.data as { campaignId: string; status: string; reason: string | null };
        this.couponEvaluations.inc({ campaign: data.campaignId, outcome: data.status, reason: data.reason ?? 'none' });
      } else if (event.type === 'CouponRejected') {
        const data = event.data as { campaignId: string | null; reason: string };
        this.couponEvaluations.inc({ campaign: data.campaignId ?? 'unknown', outcome: 'rejected', reason: data.reason });
      }
    }
  }
}
