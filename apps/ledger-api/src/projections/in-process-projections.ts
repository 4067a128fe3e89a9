import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventStore, type SqlExecutor } from '@promo-ledger/event-store';
import { AdvisoryLockLeases, Generations, InProcessLeases, type LeaseProvider, ProjectionHost, READ_MODEL_PROJECTIONS, ReadModelSchema } from '@promo-ledger/projections';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { SQL_DATABASE } from '../store/sql-database';

/** Embedded mode owns its PGlite database: leases only need to keep this process's runners apart. */
function leasesFor(config: LedgerConfig): LeaseProvider {
  return config.mode === 'embedded' || !config.databaseUrl ? new InProcessLeases() : new AdvisoryLockLeases(config.databaseUrl, 'promo-ledger-projection-lease');
}

/**
 * Every projection's tables and views exist before the first query (ProjectionHost.start creates them); with LEDGER_PROJECTIONS=in-process
 * (the default) this process also keeps them up to date, holding each projection's lease so several
 * replicas (or apps/projector) never apply the same projection twice.
 */
@Injectable()
export class InProcessProjections implements OnModuleInit, OnModuleDestroy {
  private host: ProjectionHost | null = null;
  private resume: NodeJS.Timeout | null = null;
  private readonly logger = new Logger('projections');

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlExecutor,
    @Inject(ReadModelSchema) private readonly schema: ReadModelSchema,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.projections === 'off') {
      // apps/projector keeps them up to date; queries still need the tables and views to exist
      const generations = new Generations(this.db, this.schema);
      for (const projection of READ_MODEL_PROJECTIONS) await generations.ensureActive(projection);
      return;
    }
    await this.startHost();
  }

  private async startHost(): Promise<void> {
    this.host = new ProjectionHost({
      store: this.store,
      db: this.db,
      schema: this.schema,
      leases: leasesFor(this.config),
      projections: READ_MODEL_PROJECTIONS,
      onError: (projection, error) => this.logger.warn(`projection ${projection}: ${error instanceof Error ? error.message : String(error)} — retrying`),
    });
    await this.host.start();
  }

  /** Before the store closes (StoreModule closes it on application shutdown, after every module is destroyed). */
  async onModuleDestroy(): Promise<void> {
    if (this.resume) clearTimeout(this.resume);
    this.resume = null;
    await this.host?.stop();
  }

  /**
   * Fault injection (LEDGER_FAULT_INJECTION=on): the read models stop following the log for `ms`,
   * as the incident's lagging legacy database did, then catch up from their checkpoints. False when
   * this process does not run the projections.
   */
  async holdBack(ms: number): Promise<boolean> {
    if (this.config.projections === 'off') return false;
    if (this.resume) clearTimeout(this.resume);
    const host = this.host;
    this.host = null;
    await host?.stop();
    this.resume = setTimeout(() => {
      this.resume = null;
      this.startHost().catch((error: unknown) => this.logger.error(`projections did not restart: ${error instanceof Error ? error.message : String(error)}`));
    }, ms);
    return true;
  }

  status(): ReturnType<ProjectionHost['status']> {
    return this.host?.status() ?? [];
  }

  poke(): void {
    this.host?.poke();
  }
}
