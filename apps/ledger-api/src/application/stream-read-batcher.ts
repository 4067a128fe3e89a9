import DataLoader from 'dataloader';
import type { EventStore, RecordedEvent, StreamReadRequest } from '@promo-ledger/event-store';

/** Bounds one batched query; a tick rarely asks for more (a cart with many skus, many campaigns in force). */
const MAX_STREAMS_PER_QUERY = 256;

/**
 * Coalesces the stream reads issued in one tick — by one command (cart, registry, campaigns,
 * prices, customer) or by concurrent HTTP requests — into one `readStreams` call, which the SQL
 * adapters answer with one query instead of one round trip each (PGlite runs them one after another
 * anyway). Nothing is cached here: every read goes to the store when the tick ends, so it still ends
 * at the store's head; the AggregateCache already keeps folded states, so reads are short tails.
 */
export class StreamReadBatcher {
  private readonly loader: DataLoader<StreamReadRequest, RecordedEvent[]>;

  constructor(store: EventStore) {
    this.loader = new DataLoader<StreamReadRequest, RecordedEvent[]>((requests) => store.readStreams(requests), {
      cache: false,
      maxBatchSize: MAX_STREAMS_PER_QUERY,
    });
  }

  /** The stream forwards from `fromRevision` (its start when undefined); a missing stream reads as []. */
  readForwards(streamId: string, fromRevision: bigint | undefined): Promise<RecordedEvent[]> {
    return this.loader.load(fromRevision === undefined ? { streamId } : { streamId, fromRevision });
  }
}
