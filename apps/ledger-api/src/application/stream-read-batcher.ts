import type DataLoader from 'dataloader';
import type { EventStore, RecordedEvent, StreamReadRequest } from '@promo-ledger/event-store';
import { gatheringLoader } from './gathering-loader';

/** Bounds one batched query; a tick rarely asks for more (a cart with many skus, many campaigns in force). */
const MAX_STREAMS_PER_QUERY = 256;

/**
 * Coalesces stream reads — one command's (cart, registry, campaigns, prices, customer) and those of
 * concurrent HTTP requests — into one `readStreams` call, which the SQL adapters answer with one
 * query instead of one round trip each; two batches may be out at once (see gatheringLoader). Nothing
 * is cached here: every read goes to the store when its batch goes, so it still ends at the store's
 * head; the AggregateCache already keeps folded states, so reads are short tails.
 */
export class StreamReadBatcher {
  private readonly loader: DataLoader<StreamReadRequest, RecordedEvent[]>;

  constructor(store: EventStore) {
    this.loader = gatheringLoader<StreamReadRequest, RecordedEvent[]>((requests) => store.readStreams(requests), { maxBatchSize: MAX_STREAMS_PER_QUERY, maxInFlight: 2 });
  }

  /** The stream forwards from `fromRevision` (its start when undefined), at most `maxCount` events; a missing stream reads as []. */
  readForwards(streamId: string, fromRevision: bigint | undefined, maxCount: number): Promise<RecordedEvent[]> {
    return this.loader.load({ streamId, maxCount, ...(fromRevision === undefined ? {} : { fromRevision }) });
  }
}
