import { LRUCache } from 'lru-cache';

/**
 * Folded states by stream, with the revision they were folded to. A load reads only the events after
 * that revision from the store, so a long stream (a campaign's budget grows by two events per order)
 * costs one short query instead of a full fold, while every read still ends at the store's head —
 * other processes' appends are never missed. A command may decide on a cached fold without reading
 * (StreamRunner), because its append at that revision fails if the stream moved on. States are
 * immutable (evolve is pure and never mutates; the domain's properties deep-freeze them), so sharing
 * one is safe. Least recently used entries go first once `capacity` is reached (lru-cache: an LRU
 * over one Map, deleting and setting a key again on every use, cost ~1.2 µs per operation and ~3.4 µs
 * once full, its Map clogged with deleted slots; lru-cache takes ~0.07 µs, docs/BENCHMARKS.md).
 *
 * 2,000 folds by default, ~3.5 MB: every fold held lives in V8's old generation, which each major GC
 * marks whole while requests wait. 10,000 folds held ~17 MB, and under the checkout benchmark the
 * server ran twice as many major GCs with a p99 ~15–25 ms higher (docs/BENCHMARKS.md); a fold that
 * fell out costs one batched read when its stream is next used.
 */
export interface CachedState {
  readonly state: unknown;
  readonly version: bigint;
  /** The fold that produced `state`: two aggregates may read one stream (a price slice and pricing). */
  readonly foldedBy: unknown;
}

export class AggregateCache {
  private readonly entries: LRUCache<string, CachedState>;

  constructor(capacity = 2_000) {
    this.entries = new LRUCache({ max: capacity });
  }

  get(key: string, foldedBy: unknown): CachedState | undefined {
    const entry = this.entries.get(key);
    return entry?.foldedBy === foldedBy ? entry : undefined;
  }

  /** Keeps the furthest-folded state: a slower concurrent load must not roll the cache back. */
  set(key: string, entry: CachedState): void {
    const current = this.entries.peek(key);
    if (current !== undefined && current.foldedBy === entry.foldedBy && current.version > entry.version) return;
    this.entries.set(key, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
