import type { RecordedEvent } from '../port/event-store.port';
import { ForwardOnlyMap } from './forward-only-map';
import type { KnownHead } from './sql-append';

/**
 * The latest event this process has seen of each stream — revision and hash — from its own appends
 * and reads. It is only a belief: the one-statement append (appendAtKnownHeads) checks it against the
 * stream's row and falls back to the locked path when another writer moved on. A revision's hash
 * never changes once written, so a belief can be out of date but never wrong about that revision.
 * Bounded (ForwardOnlyMap): the least recently learned streams are forgotten first.
 *
 * 10,000 by default, ~2.7 MB. A tip is worth holding while its stream's next append is near: in
 * ledger-api every append follows a fold of the stream, and a fold that fell out of the aggregate
 * cache (2,000) is read again, which teaches the tip anew. Every tip held lives in V8's old
 * generation, which each major GC marks whole: at 50,000 the checkout benchmark's new carts, orders
 * and customers (three streams per flow) filled ~13 MB over a minute and the p99 rose with it
 * (docs/BENCHMARKS.md). A tip forgotten costs the next append of that stream the locked path.
 */
export class StreamTips {
  private readonly tips: ForwardOnlyMap<KnownHead>;

  constructor(capacity = 10_000) {
    this.tips = new ForwardOnlyMap<KnownHead>((tip) => tip.revision, capacity);
  }

  /** The head to append after, if the caller expects the revision this process last saw. */
  headAt(streamId: string, expected: bigint | 'no_stream'): KnownHead | undefined {
    if (expected === 'no_stream') return this.tips.has(streamId) ? undefined : { revision: -1n, hash: '' };
    const tip = this.tips.get(streamId);
    return tip !== undefined && tip.revision === expected ? tip : undefined;
  }

  learn(streamId: string, revision: bigint, hash: string): void {
    this.tips.advance(streamId, { revision, hash });
  }

  /** A forwards read's last event, or a backwards read's first, is the newest of those it returned. */
  learnFrom(events: readonly RecordedEvent[], direction: 'forwards' | 'backwards' = 'forwards'): void {
    const newest = direction === 'forwards' ? events[events.length - 1] : events[0];
    if (newest !== undefined) this.learn(newest.streamId, newest.revision, newest.metadata.hash);
  }
}
