import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EventStore } from '@promo-ledger/event-store';
import { describeProgress, ProgressReader } from '@promo-ledger/projections';
import { InProcessProjections } from '../projections/in-process-projections';

/**
 * Each projection's lag (events and seconds behind the log) and this process's runners. Lag alone
 * does not make the ledger unready — commands never read projections — but a runner stuck on a
 * failing batch does, so an operator sees it.
 */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(ProgressReader) private readonly progress: ProgressReader,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(InProcessProjections) private readonly runners: InProcessProjections,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const runners = this.runners.status();
    try {
      const lag = (await this.progress.lag(this.store)).map((entry) => ({ ...describeProgress(entry), lagEvents: entry.lagEvents, lagEventsAtLeast: entry.lagEventsAtLeast, lagSeconds: entry.lagSeconds }));
      const failing = runners.filter((runner) => runner.phase === 'failing');
      return failing.length === 0 ? indicator.up({ lag, runners }) : indicator.down({ lag, runners, failing: failing.map((runner) => `${runner.projection}: ${runner.lastError}`) });
    } catch (error) {
      return indicator.down({ runners, error: (error as Error).message });
    }
  }
}
