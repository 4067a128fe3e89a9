import { type Position, positionToString } from '@promo-ledger/event-store';
import { type AppliedBatch, type ApplierDeps, BatchApplier } from './batch-applier';
import { FenceError } from './generations';
import type { Lease, LeaseProvider } from './lease';
import type { LogWatcher } from './log-watcher';
import { pauseUnless } from './pause';
import type { Projection } from './projection';
import { rebuildInto } from './rebuild';

export interface RunnerTuning {
  /** Events per batch (one transaction). */
  readonly batchSize: number;
  /** How long a caught-up runner waits for the log watcher before looking anyway. */
  readonly idlePollMs: number;
  /** How often a standby tries to take the lease. */
  readonly leaseRetryMs: number;
  /** Pause after a failed batch (store or database down, a handler bug) before trying again. */
  readonly errorBackoffMs: number;
  /**
   * A caught-up runner woken by an append waits this long before reading, so the appends of the
   * next moments share one batch: one read and one transaction per projection per linger instead
   * of one per append. It bounds the added lag; under load it is what keeps projections cheap.
   */
  readonly lingerMs: number;
}

export const DEFAULT_TUNING: RunnerTuning = { batchSize: 1_000, idlePollMs: 1_000, leaseRetryMs: 1_000, errorBackoffMs: 1_000, lingerMs: 100 };

/** standby: another instance holds the lease. failing: the last batch failed and will be retried. */
export type RunnerPhase = 'starting' | 'standby' | 'catching_up' | 'live' | 'rebuilding' | 'failing' | 'stopped';

export interface RunnerStatus {
  readonly projection: string;
  readonly phase: RunnerPhase;
  readonly generation: number | null;
  readonly checkpoint: string | null;
  readonly lastError: string | null;
}

export interface RunnerDeps extends ApplierDeps {
  readonly leases: LeaseProvider;
  readonly watcher: LogWatcher;
  readonly onBatch?: (batch: AppliedBatch) => void;
  readonly onError?: (projection: string, error: unknown) => void;
}

/**
 * Keeps one projection up to date for as long as it holds the projection's lease: catch up from the
 * checkpoint in batches, then follow the log (woken by the watcher, polling as a fallback). A
 * version bump of the projection is rebuilt into a fresh generation and swapped in first.
 */
export class ProjectionRunner {
  private phase: RunnerPhase = 'starting';
  private applier: BatchApplier | null = null;
  private lastError: string | null = null;
  private stopping = false;
  /** Aborted by stop(): cuts every pause and wait short. */
  private readonly stopRequested = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    readonly projection: Projection,
    private readonly deps: RunnerDeps,
    private readonly tuning: RunnerTuning = DEFAULT_TUNING,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopRequested.abort();
    await this.loop;
    this.phase = 'stopped';
  }

  status(): RunnerStatus {
    const checkpoint: Position | null = this.applier?.checkpoint ?? null;
    return {
      projection: this.projection.name,
      phase: this.phase,
      generation: this.applier?.generation ?? null,
      checkpoint: checkpoint ? positionToString(checkpoint) : null,
      lastError: this.lastError,
    };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let lease: Lease | null = null;
      try {
        lease = await this.deps.leases.tryAcquire(`projection:${this.projection.name}`);
        if (!lease) {
          this.phase = 'standby';
          await this.pause(this.tuning.leaseRetryMs);
          continue;
        }
        await this.serve(lease);
      } catch (error) {
        this.phase = 'failing';
        this.lastError = error instanceof Error ? error.message : String(error);
        this.deps.onError?.(this.projection.name, error);
        await this.pause(this.tuning.errorBackoffMs);
      } finally {
        await lease?.release().catch(() => undefined);
      }
    }
  }

  private async serve(lease: Lease): Promise<void> {
    const { generations, watcher } = this.deps;
    let active = await generations.ensureActive(this.projection);
    if (active.version !== this.projection.version) {
      this.phase = 'rebuilding';
      await rebuildInto(this.projection, this.deps, this.tuning.batchSize);
      active = await generations.ensureActive(this.projection);
    }
    this.applier = new BatchApplier(this.projection, this.deps, active.generation, active.checkpoint, true, this.tuning.batchSize);
    // aborted when the lease is lost or the runner stops: ends the wait for the next append
    const interrupted = new AbortController();
    const interrupt = (): void => interrupted.abort();
    void lease.lost.then(interrupt, interrupt);
    this.stopRequested.signal.addEventListener('abort', interrupt, { once: true });
    try {
      while (!this.stopping && lease.isHeld()) {
        const mark = watcher.mark();
        try {
          const { batch, caughtUp } = await this.applier.step();
          if (batch) this.deps.onBatch?.(batch);
          this.phase = caughtUp ? 'live' : 'catching_up';
          this.lastError = null;
          if (caughtUp) {
            await watcher.next(mark, this.tuning.idlePollMs, interrupted.signal);
            await this.pause(this.tuning.lingerMs);
          }
        } catch (error) {
          if (!(error instanceof FenceError)) throw error;
          // a rebuild swapped generations, or another instance moved on: continue from what is stored
          const current = await generations.ensureActive(this.projection);
          this.applier = new BatchApplier(this.projection, this.deps, current.generation, current.checkpoint, true, this.tuning.batchSize);
        }
      }
    } finally {
      this.stopRequested.signal.removeEventListener('abort', interrupt);
    }
  }

  private pause(ms: number): Promise<void> {
    return pauseUnless(ms, this.stopRequested.signal);
  }
}
