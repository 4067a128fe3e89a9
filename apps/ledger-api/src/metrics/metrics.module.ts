import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { EventStore, type SqlExecutor } from '@promo-ledger/event-store';
import { ProgressReader, ReadModelSchema } from '@promo-ledger/projections';
import { CommandObserver } from '../application/command-observer';
import { SQL_DATABASE } from '../store/sql-database';
import { LedgerMetrics } from './ledger-metrics';
import { MetricsController } from './metrics.http.controller';
import { registerReadModelGauges } from './read-model-gauges';

/** GET /metrics (DESIGN §9); LedgerMetrics doubles as StreamRunner's CommandObserver. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [LedgerMetrics, { provide: CommandObserver, useExisting: LedgerMetrics }],
  exports: [LedgerMetrics, CommandObserver],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
    @Inject(SQL_DATABASE) private readonly db: SqlExecutor,
    @Inject(ReadModelSchema) private readonly schema: ReadModelSchema,
    @Inject(ProgressReader) private readonly progress: ProgressReader,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    registerReadModelGauges(this.metrics, { db: this.db, schema: this.schema, progress: this.progress, store: this.store });
  }
}
