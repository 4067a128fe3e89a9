import DataLoader from 'dataloader';
import type { EventStore, RecordedEvent, StreamReadRequest } from '@promo-ledger/event-store';

/** Bounds one batched query; a tick rarely asks for more (a cart with many skus, many campaigns in force). */
const MAX_STREAMS_PER_QUERY = 256;

/** Batched reads in flight at once; a batch started while this many are out waits for one to come back. */
const MAX_IN_FLIGHT = 2;

/**
 * Coalesces stream reads — one command's (cart, registry, campaigns, prices, customer) and those of
 * concurrent HTTP requests — into one `readStreams` call, which the SQL adapters answer with one
 * query instead of one round trip each. A batch goes at the end of the tick it started in, unless
 * MAX_IN_FLIGHT batches are already out: then it gathers the reads that follow until one comes back
 * (so under load a query carries many requests' reads, and alone a read waits for nothing). Nothing
 * is cached here: every read goes to the store when its batch goes, so it still ends at the store's
 * head; the AggregateCache already keeps folded states, so reads are short tails.
 */
export class StreamReadBatcher {
  private readonly loader: DataLoader<StreamReadRequest, RecordedEvent[]>;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(store: EventStore) {
    this.loader = new DataLoader<StreamReadRequest, RecordedEvent[]>(
      async (requests) => {
        this.inFlight += 1;
        try {
          return await store.readStreams(requests);
        } finally {
          this.inFlight -= 1;
          this.waiting.shift()?.();
        }
      },
      {
        cache: false,
        maxBatchSize: MAX_STREAMS_PER_QUERY,
        batchScheduleFn: (dispatch) => {
          // as DataLoader does by default: after the promise jobs already queued, so their reads join
          if (this.inFlight < MAX_IN_FLIGHT) void Promise.resolve().then(() => process.nextTick(dispatch));
          else this.waiting.push(dispatch);
        },
      },
    );
  }

  /** The stream forwards from `fromRevision` (its start when undefined), at most `maxCount` events; a missing stream reads as []. */
  readForwards(streamId: string, fromRevision: bigint | undefined, maxCount: number): Promise<RecordedEvent[]> {
    return this.loader.load({ streamId, maxCount, ...(fromRevision === undefined ? {} : { fromRevision }) });
  }
}
