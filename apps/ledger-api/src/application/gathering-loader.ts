import DataLoader from 'dataloader';

export interface GatheringOptions {
  /** Requests per batch at most. */
  readonly maxBatchSize: number;
  /** Batches out at once; a batch started while this many are out waits for one to come back. */
  readonly maxInFlight: number;
}

/**
 * A DataLoader (no cache) for store round trips that can carry many requests. A batch goes at the
 * end of the tick it started in, unless `maxInFlight` batches are already out: then it gathers the
 * requests that follow until one comes back. Under load one round trip carries many requests;
 * alone, a request waits for nothing. An Error in the batch's answers fails only its own request.
 */
export function gatheringLoader<Request, Answer>(
  batch: (requests: readonly Request[]) => Promise<readonly (Answer | Error)[]>,
  { maxBatchSize, maxInFlight }: GatheringOptions,
): DataLoader<Request, Answer> {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  return new DataLoader<Request, Answer>(
    async (requests) => {
      inFlight += 1;
      try {
        return await batch(requests);
      } finally {
        inFlight -= 1;
        waiting.shift()?.();
      }
    },
    {
      cache: false,
      maxBatchSize,
      batchScheduleFn: (dispatch) => {
        // as DataLoader does by default: after the promise jobs already queued, so their requests join
        if (inFlight < maxInFlight) void Promise.resolve().then(() => process.nextTick(dispatch));
        else waiting.push(dispatch);
      },
    },
  );
}
