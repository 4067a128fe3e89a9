import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { MonitorEvaluator } from './monitor-evaluator';

/**
 * Runs the monitors every LEDGER_MONITOR_INTERVAL_MS (the next run is scheduled when the previous
 * one ends, so a slow database never stacks evaluations up). Every replica evaluates; the monitor
 * streams' expected revisions keep their alerts single. Stops before the store closes.
 */
@Injectable()
export class MonitorScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Monitors');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(MonitorEvaluator) private readonly evaluator: MonitorEvaluator,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.monitors.enabled) return;
    this.logger.log(`built-in monitors every ${this.config.monitors.intervalMs} ms${this.config.monitors.webhookUrl ? `, alerts posted to ${this.config.monitors.webhookUrl}` : ''}`);
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.evaluator
        .evaluateAll()
        .catch((error: unknown) => this.logger.error(`monitor evaluation failed: ${(error as Error).message}`))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.config.monitors.intervalMs);
    this.timer.unref();
  }
}
