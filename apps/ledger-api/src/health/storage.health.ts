import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EventStore, positionToString } from '@promo-ledger/event-store';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';

/** Readiness means a real round trip to the event store: its head position is read. */
@Injectable()
export class StorageHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      const head = await this.store.headPosition();
      return indicator.up({ mode: this.config.mode, store: this.store.name, head: positionToString(head) });
    } catch (error) {
      return indicator.down({ mode: this.config.mode, store: this.store.name, error: (error as Error).message });
    }
  }
}
