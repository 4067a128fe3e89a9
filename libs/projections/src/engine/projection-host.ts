import type { EventStore, SqlExecutor } from '@promo-ledger/event-store';
import type { AppliedBatch } from './batch-applier';
import { Generations } from './generations';
import type { LeaseProvider } from './lease';
import { LogWatcher } from './log-watcher';
import type { Projection } from './projection';
import { DEFAULT_TUNING, ProjectionRunner, type RunnerStatus, type RunnerTuning } from './projection-runner';
import type { ReadModelSchema } from './read-model-schema';
import { SharedTail } from './shared-tail';

export interface ProjectionHostOptions {
  readonly store: EventStore;
  /** The read models' database (the events' own database in embedded and postgres modes). */
  readonly db: SqlExecutor;
  readonly schema: ReadModelSchema;
  readonly leases: LeaseProvider;
  readonly projections: readonly Projection[];
  readonly tuning?: Partial<RunnerTuning>;
  readonly onBatch?: (batch: AppliedBatch) => void;
  readonly onError?: (projection: string, error: unknown) => void;
}

/**
 * Runs a set of projections in this process (in-process in ledger-api, or apps/projector): one
 * runner per projection; one log watcher and one window on the log's tail (SharedTail) for all.
 * start() creates every projection's tables and views first, so queries can run before the first batch.
 */
export class ProjectionHost {
  readonly generations: Generations;
  private readonly watcher: LogWatcher;
  private readonly runners: ProjectionRunner[];

  constructor(private readonly options: ProjectionHostOptions) {
    this.generations = new Generations(options.db, options.schema);
    this.watcher = new LogWatcher(options.store);
    const tuning = { ...DEFAULT_TUNING, ...options.tuning };
    // every runner near the tail reads the log through one window: one store read serves them all
    const store = new SharedTail(options.store, this.watcher, {
      capacity: 2 * tuning.batchSize,
      pageSize: tuning.batchSize,
      maxAgeMs: tuning.idlePollMs / 2,
      shareForMs: tuning.lingerMs,
    });
    const deps = { ...options, store, generations: this.generations, watcher: this.watcher };
    this.runners = options.projections.map((projection) => new ProjectionRunner(projection, deps, tuning));
  }

  async start(): Promise<void> {
    for (const projection of this.options.projections) await this.generations.ensureActive(projection);
    await this.watcher.start();
    for (const runner of this.runners) runner.start();
  }

  status(): RunnerStatus[] {
    return this.runners.map((runner) => runner.status());
  }

  /** Nudges idle runners to look at the log now (after a local write, before a read-your-writes wait). */
  poke(): void {
    this.watcher.wakeAll();
  }

  async stop(): Promise<void> {
    this.watcher.stop();
    await Promise.all(this.runners.map((runner) => runner.stop()));
    await this.options.leases.close();
  }
}
