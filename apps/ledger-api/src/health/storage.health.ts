import { access, constants, mkdir } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';

/**
 * Embedded mode keeps its data in LEDGER_DATA_DIR, so readiness means that directory is writable.
 * The event-store adapters replace this with a real round trip to the store.
 */
@Injectable()
export class StorageHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await mkdir(this.config.dataDir, { recursive: true });
      await access(this.config.dataDir, constants.W_OK);
      return indicator.up({ mode: this.config.mode, dataDir: this.config.dataDir });
    } catch (error) {
      return indicator.down({ mode: this.config.mode, error: (error as Error).message });
    }
  }
}
