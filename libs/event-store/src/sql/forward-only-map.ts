import { LRUCache } from 'lru-cache';

/**
 * Per-stream facts that only ever move forwards (a head revision, the newest event seen), bounded:
 * past `capacity` the stream moved least recently is forgotten (lru-cache; the Map this was, deleted
 * and set again on every move, slowed down as deleted slots piled up, see AggregateCache). Setting an
 * older or equal revision than the one held changes nothing, so a slow reader can never roll a fact back.
 */
export class ForwardOnlyMap<V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<string, V>;

  constructor(
    private readonly revisionOf: (value: V) => bigint,
    capacity: number,
  ) {
    this.entries = new LRUCache({ max: capacity });
  }

  /** Does not count as a move: what is only looked at is still forgotten first. */
  get(streamId: string): V | undefined {
    return this.entries.peek(streamId);
  }

  has(streamId: string): boolean {
    return this.entries.has(streamId);
  }

  advance(streamId: string, value: V): void {
    const held = this.entries.peek(streamId);
    if (held !== undefined && this.revisionOf(held) >= this.revisionOf(value)) return;
    this.entries.set(streamId, value);
  }
}
