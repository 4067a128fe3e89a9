/**
 * Per-stream facts that only ever move forwards (a head revision, the newest event seen), bounded:
 * past `capacity` the stream moved least recently is forgotten. Setting an older or equal revision
 * than the one held changes nothing, so a slow reader can never roll a fact back.
 */
export class ForwardOnlyMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly revisionOf: (value: V) => bigint,
    private readonly capacity: number,
  ) {}

  get(streamId: string): V | undefined {
    return this.entries.get(streamId);
  }

  has(streamId: string): boolean {
    return this.entries.has(streamId);
  }

  advance(streamId: string, value: V): void {
    const held = this.entries.get(streamId);
    if (held !== undefined && this.revisionOf(held) >= this.revisionOf(value)) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
