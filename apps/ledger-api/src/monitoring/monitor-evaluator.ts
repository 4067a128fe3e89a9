import { Inject, Injectable, Logger } from '@nestjs/common';
import { monitorDecider, type MonitorCommand, monitorStream } from '@promo-ledger/domain';
import { Clock, IdGenerator } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { StreamRunner } from '../application/stream-runner';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { ProblemException } from '../http/problem';
import { LedgerMetrics } from '../metrics/ledger-metrics';
import { AlertWebhook } from './alert-webhook';
import { MonitorReadings } from './monitor-readings';
import type { Finding, MonitorRule } from './rules/alert-finding';
import { discountSuccessRateFindings, discountSuccessRateResolved } from './rules/discount-success-rate.rule';
import { MISMATCH_RESOLVED, mismatchFindings } from './rules/mismatch.rule';
import { projectionLagFindings, projectionLagResolved } from './rules/projection-lag.rule';
import { rejectionSpikeFindings, rejectionSpikeResolved } from './rules/rejection-spike.rule';

interface RuleWiring {
  readonly rule: MonitorRule;
  /** Reads what the rule judges and judges it, given the keys firing now. */
  readonly findings: (firing: ReadonlySet<string>) => Promise<Finding[]>;
  readonly resolved: (key: string) => string;
}

/** The monitors' own identity on the events they append (no API key behind them). */
const MONITOR_METADATA = (correlationId: string): CommandMetadata => ({ correlationId, causationId: null, actor: null, idempotencyKey: null });

/**
 * One evaluation of every rule: what the rule finds now, set against the alerts firing in its
 * stream, becomes RaiseAlert / UpdateAlert / ResolveAlert commands appended with the stream's
 * expected revision. When two replicas evaluate at once, one append wins; the other decides again
 * on the new state and the decider refuses the duplicate — which here simply means "done".
 */
@Injectable()
export class MonitorEvaluator {
  private readonly logger = new Logger('Monitors');
  private readonly rules: readonly RuleWiring[];

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(MonitorReadings) readings: MonitorReadings,
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
    @Inject(AlertWebhook) private readonly webhook: AlertWebhook,
  ) {
    const { successRate, rejectionSpike, lagSeconds } = config.monitors;
    this.rules = [
      {
        rule: 'discount-success-rate',
        findings: async (firing) => discountSuccessRateFindings(await readings.discountOutcomes(2 * successRate.window), successRate, firing),
        resolved: (campaignId) => discountSuccessRateResolved(campaignId, successRate.window),
      },
      { rule: 'mismatch', findings: async () => mismatchFindings(await readings.openMismatches()), resolved: () => MISMATCH_RESOLVED },
      {
        rule: 'rejection-spike',
        findings: async (firing) => rejectionSpikeFindings(await readings.recentAttemptReasons(rejectionSpike.window + rejectionSpike.baseline), rejectionSpike, firing),
        resolved: rejectionSpikeResolved,
      },
      { rule: 'projection-lag', findings: async () => projectionLagFindings(await readings.projectionLag(), lagSeconds), resolved: projectionLagResolved },
    ];
  }

  /** Evaluates every rule; a rule whose readings fail is logged and counted, and the others still run. */
  async evaluateAll(): Promise<void> {
    const correlationId = `monitor-${this.ids.next()}`;
    for (const wiring of this.rules) {
      try {
        await this.evaluate(wiring, correlationId);
      } catch (error) {
        if (isUndefinedTable(error)) continue; // read models not created yet
        this.metrics.storeErrors.inc({ operation: `monitor:${wiring.rule}` });
        this.logger.warn(`monitor ${wiring.rule} could not be evaluated: ${(error as Error).message}`);
      }
    }
  }

  private async evaluate(wiring: RuleWiring, correlationId: string): Promise<void> {
    const { state } = await this.runner.load(monitorStream(wiring.rule), monitorDecider);
    const firing = new Set(Object.keys(state.firing));
    const findings = await wiring.findings(firing);
    const found = new Set(findings.map((finding) => finding.key));
    for (const finding of findings) {
      if (!firing.has(finding.key)) await this.raise(wiring.rule, finding, correlationId);
      else if (finding.tracked) await this.apply(wiring.rule, { type: 'UpdateAlert', data: { rule: wiring.rule, key: finding.key, summary: finding.summary, details: finding.details } }, correlationId);
    }
    for (const key of firing) {
      if (found.has(key)) continue;
      const raised = state.firing[key];
      const summary = wiring.resolved(key);
      const appended = await this.apply(wiring.rule, { type: 'ResolveAlert', data: { rule: wiring.rule, key, summary } }, correlationId);
      if (appended === null) continue;
      this.metrics.alertTransitions.inc({ rule: wiring.rule, transition: 'resolved' });
      this.logger.log(`alert ${wiring.rule} resolved: ${summary}`);
      const { severity, details, campaignId } = raised;
      this.webhook.send({ event: 'alert.resolved', alertId: raised.alertId, rule: wiring.rule, key, severity, status: 'resolved', summary, details, campaignId, at: appended.at, position: appended.position });
    }
  }

  private async raise(rule: MonitorRule, finding: Finding, correlationId: string): Promise<void> {
    const alertId = this.ids.next();
    const { key, severity, summary, details, campaignId } = finding;
    const appended = await this.apply(rule, { type: 'RaiseAlert', data: { alertId, rule, key, severity, summary, details, campaignId } }, correlationId);
    if (appended === null) return;
    this.metrics.alertTransitions.inc({ rule, transition: 'raised' });
    this.logger.warn(`alert ${rule} raised: ${summary}`);
    this.webhook.send({ event: 'alert.raised', alertId, rule, key, severity, status: 'firing', summary, details, campaignId, at: appended.at, position: appended.position });
  }

  /**
   * Where the event was appended and the instant it carries; null when nothing was appended (an
   * update that changed nothing, or another replica got there first and the decider refused).
   */
  private async apply(rule: MonitorRule, command: MonitorCommand, correlationId: string): Promise<{ position: string; at: string } | null> {
    const at = this.clock.now();
    try {
      const result = await this.runner.run(monitorStream(rule), monitorDecider, command, MONITOR_METADATA(correlationId), {
        context: () => Promise.resolve({ now: at }),
      });
      return result.position === null ? null : { position: result.position, at };
    } catch (error) {
      if (error instanceof ProblemException && error.code.startsWith('MONITOR.')) return null;
      throw error;
    }
  }
}

function isUndefinedTable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '42P01';
}
