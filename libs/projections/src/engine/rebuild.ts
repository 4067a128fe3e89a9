import { BatchApplier, type ApplierDeps } from './batch-applier';
import type { LeaseProvider } from './lease';
import type { Projection } from './projection';

/**
 * Events per batch when `ledger rebuild` builds a generation: bigger than a live runner's batches,
 * since nobody waits on a building generation and every batch pays its transaction and each cart's
 * row is written once per batch it appears in. On order_totals, 10,000 was ~6 % faster than 5,000
 * and 20,000 ~8 % faster than 10,000, for a peak RSS of ~620 MB instead of ~460 MB (docs/BENCHMARKS.md).
 * Folding the next batch while one is written (order_totals) holds two batches: ~800 MB at 20,000,
 * ~570 MB at 10,000, and 20,000 was still as fast or faster. Letting a page's events go once folded
 * brought 20,000 down to ~680 MB.
 */
export const REBUILD_BATCH_SIZE = 20_000;

export interface RebuildProgress {
  readonly projection: string;
  readonly generation: number;
  readonly events: number;
}

export interface RebuildResult extends RebuildProgress {
  readonly previousGeneration: number;
  readonly seconds: number;
}

/**
 * Builds the projection from the start of the log into a fresh generation while the current one
 * keeps serving, then swaps the views over in one transaction and drops the old tables. The serving
 * runner notices the swap at its next batch (its fence fails) and carries on from the new
 * generation's checkpoint. Abandoned on error: the half-built tables are dropped, nothing swapped.
 */
export async function rebuildInto(projection: Projection, deps: ApplierDeps, batchSize: number, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildResult> {
  const started = Date.now();
  await deps.generations.ensureActive(projection);
  const building = await deps.generations.createBuilding(projection);
  const applier = new BatchApplier(projection, deps, building.generation, building.checkpoint, false, batchSize);
  let events = 0;
  try {
    await applier.applyAll((applied) => {
      events += applied;
      onProgress?.({ projection: projection.name, generation: building.generation, events });
    });
    const { previous } = await deps.generations.swap(projection, building.generation);
    return { projection: projection.name, generation: building.generation, events, previousGeneration: previous, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await deps.generations.discard(projection, building.generation).catch(() => undefined);
    throw error;
  }
}

/** `ledger rebuild <projection>`: the same, guarded so two rebuilds of one projection never run at once. */
export async function rebuildProjection(
  projection: Projection,
  deps: ApplierDeps & { readonly leases: LeaseProvider },
  batchSize: number,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<RebuildResult> {
  const lease = await deps.leases.tryAcquire(`rebuild:${projection.name}`);
  if (!lease) throw new Error(`a rebuild of ${projection.name} is already running`);
  try {
    return await rebuildInto(projection, deps, batchSize, onProgress);
  } finally {
    await lease.release();
  }
}
