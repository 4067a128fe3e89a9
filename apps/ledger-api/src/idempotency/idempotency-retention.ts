import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '../application/periodic-task';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { IdempotencyStore } from './idempotency.store';

const SWEEP_EVERY_MS = 60_000;
/** Rows per DELETE, and DELETEs per sweep: a backlog (a first sweep after an upgrade) goes over several minutes. */
const ROWS_PER_DELETE = 5_000;
const DELETES_PER_SWEEP = 20;

/**
 * Keeps idempotency_records to LEDGER_IDEMPOTENCY_RETENTION_HOURS: every record holds a stored answer
 * (~1 kB), one per write, so without a sweep the table grows by the write rate forever. Runs every
 * minute in each ledger-api; replicas skip each other's rows.
 */
@Injectable()
export class IdempotencyRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdempotencyRetention');
  private readonly task = new PeriodicTask(SWEEP_EVERY_MS, () => this.sweepOnce(), (error) => this.logger.error(`idempotency sweep failed: ${String(error)}`));

  constructor(
    @Inject(IdempotencyStore) private readonly records: IdempotencyStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  /** Deletes records older than the retention, a batch at a time; resolves to how many went. */
  async sweepOnce(): Promise<number> {
    let deleted = 0;
    for (let round = 0; round < DELETES_PER_SWEEP; round += 1) {
      const batch = await this.records.deleteOlderThan(this.config.idempotencyRetentionHours, ROWS_PER_DELETE);
      deleted += batch;
      if (batch < ROWS_PER_DELETE) break;
    }
    if (deleted > 0) this.logger.log(`deleted ${deleted} idempotency records older than ${this.config.idempotencyRetentionHours} h`);
    return deleted;
  }
}
