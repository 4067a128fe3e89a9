import { type EventStore, type EventToAppend, StoreUnavailableError, WrongExpectedVersionError } from '@promo-ledger/event-store';
import { Recorder, apples, eventKey, uniquePrefix } from '../conformance-fixtures';
import type { SuiteContext } from './suite-context';

/**
 * What a well-behaved client does while the store is away: retry StoreUnavailable with the same
 * expected revision. A retry may find its own first attempt committed (the answer was lost with the
 * connection); the stream then already sits at the revision this append would have produced.
 */
async function appendRetrying(store: EventStore, streamId: string, events: readonly EventToAppend[], expected: bigint | 'no_stream'): Promise<void> {
  const target = (expected === 'no_stream' ? -1n : expected) + BigInt(events.length);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await store.appendToStream(streamId, events, expected);
      return;
    } catch (error) {
      if (attempt > 1 && error instanceof WrongExpectedVersionError && error.actual === target) return;
      if (!(error instanceof StoreUnavailableError) || attempt > 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export function describeResilienceCases({ target }: SuiteContext): void {
  describe('when the store goes away', () => {
    it('a live subscription survives a store restart and resumes without loss or duplicates', async () => {
      const { store } = target();
      const streamId = `${uniquePrefix('restart')}s`;
      const subscriber = new Recorder(store.subscribeToAll({ filter: { streamPrefixes: [streamId] } }));
      try {
        await appendRetrying(store, streamId, apples(20), 'no_stream');
        await subscriber.until(() => subscriber.events.length >= 20, 20_000, 'the first 20 events');

        // Writes keep coming while the store restarts underneath the subscription.
        const writer = (async () => {
          for (let batch = 0; batch < 8; batch += 1) {
            await appendRetrying(store, streamId, apples(10, 20 + batch * 10), BigInt(19 + batch * 10));
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, 40));
        await target().restart();
        await writer;

        await subscriber.until(() => subscriber.events.length >= 100, 30_000, 'all 100 events after the restart');
        await new Promise((resolve) => setTimeout(resolve, 300)); // room for a duplicate to show up
        expect(subscriber.events.map(eventKey)).toEqual(Array.from({ length: 100 }, (_, revision) => `${streamId}@${revision}`));
        expect(subscriber.events.map((event) => event.data)).toEqual(apples(100).map((event) => event.data));
      } finally {
        subscriber.stop();
      }
    }, 60_000);
  });
}
