import { comparePositions, type Position, type RecordedEvent, START_POSITION } from '@promo-ledger/event-store';
import { APPLE, BANANA, Recorder, apples, eventKey, firstOutOfOrder, testEvent, uniquePrefix } from '../conformance-fixtures';
import type { SuiteContext } from './suite-context';

/** Each stream's events must arrive in revision order with nothing missing or repeated. */
function expectStreamsComplete(events: readonly RecordedEvent[], streams: readonly string[], perStream: number): void {
  const keys = events.map(eventKey);
  const seen = new Map<string, number>();
  const duplicates = keys.flatMap((key, index) => {
    const first = seen.get(key);
    seen.set(key, index);
    return first === undefined ? [] : [`${key} at #${first} and #${index}`];
  });
  expect(duplicates).toEqual([]);
  for (const streamId of streams) {
    const revisions = events.filter((event) => event.streamId === streamId).map((event) => Number(event.revision));
    expect({ streamId, revisions }).toEqual({ streamId, revisions: Array.from({ length: perStream }, (_, index) => index) });
  }
}

export function describeSubscriptionCases({ target }: SuiteContext): void {
  describe('subscription to $all', () => {
    it('watchAppends tells of an append after it started, and stops telling once unwatched', async () => {
      const store = target().store;
      const prefix = uniquePrefix('watch');
      let told = 0;
      const unwatch = await store.watchAppends({ onAppend: () => (told += 1), onLost: () => undefined });
      await store.appendToStream(`${prefix}a`, apples(2), 'no_stream');
      const deadline = Date.now() + 10_000;
      while (told === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(told).toBeGreaterThan(0);
      await unwatch();
      const afterUnwatch = told;
      await store.appendToStream(`${prefix}b`, apples(1), 'no_stream');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(told).toBe(afterUnwatch);
    });

    it('filters by event-type prefix and stream prefix, checkpoints skipped stretches, then reports caughtUp', async () => {
      const store = target().store;
      const prefix = uniquePrefix('filter');
      const start = await store.headPosition();
      await store.appendToStream(`${prefix}fruit`, [testEvent(APPLE, { n: 1 }), testEvent(BANANA, { n: 2 }), testEvent('Conformance.Apple.Eaten', { n: 3 })], 'no_stream');
      await store.appendToStream(`${uniquePrefix('other')}fruit`, [testEvent(APPLE, { n: 4 })], 'no_stream');
      await store.appendToStream(`${prefix}filler`, Array.from({ length: 20 }, () => testEvent(BANANA)), 'no_stream');

      const applesOnly = new Recorder(store.subscribeToAll({ fromPosition: start, filter: { eventTypePrefixes: ['Conformance.Apple.'], streamPrefixes: [prefix] } }));
      const byStream = new Recorder(store.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [`${prefix}fr`] } }));
      const nothing = new Recorder(store.subscribeToAll({ fromPosition: start, filter: { eventTypePrefixes: ['Conformance.NoSuchType'] }, checkpointInterval: 5 }));
      try {
        for (const recorder of [applesOnly, byStream, nothing]) await recorder.until(() => recorder.messages.some((m) => m.kind === 'caughtUp'), 20_000, 'caughtUp');
        expect(applesOnly.events.map((event) => event.data)).toEqual([{ n: 1 }, { n: 3 }]);
        expect(byStream.events.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
        expect(nothing.events).toEqual([]);
        const checkpoints = nothing.messages.flatMap((m) => (m.kind === 'checkpoint' ? [m.position] : []));
        expect(checkpoints.length).toBeGreaterThanOrEqual(1);
        expect(checkpoints.every((position) => comparePositions(position, start) > 0)).toBe(true);
        expect(firstOutOfOrder(checkpoints, comparePositions)).toBeNull();
      } finally {
        for (const recorder of [applesOnly, byStream, nothing]) recorder.stop();
      }
    });

    it('16 concurrent writers × 500 events while a subscriber runs from the start: each event exactly once, in stream order', async () => {
      const store = target().store;
      const prefix = uniquePrefix('gap');
      const streams = Array.from({ length: 16 }, (_, writer) => `${prefix}w${writer}`);
      const subscriber = new Recorder(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
      try {
        await Promise.all(
          streams.map(async (streamId, writer) => {
            // Batches of 1–4 events: many short transactions racing to commit, in a different mix per writer.
            let revision = -1n;
            for (let written = 0; written < 500; ) {
              const size = Math.min(500 - written, ((written + writer) % 4) + 1);
              const result = await store.appendToStream(streamId, apples(size, written), revision < 0n ? 'no_stream' : revision);
              revision = result.nextExpectedRevision;
              written += size;
            }
          }),
        );
        await subscriber.until(() => subscriber.events.length >= 16 * 500, 40_000, '8000 events');
        await new Promise((resolve) => setTimeout(resolve, 300)); // room for any duplicate to show up
        expectStreamsComplete(subscriber.events, streams, 500);
        expect(firstOutOfOrder(subscriber.events.map((event) => event.position), comparePositions)).toBeNull();
      } finally {
        subscriber.stop();
      }
    }, 60_000);

    it('a subscriber stopped and resumed from its checkpoint many times during writes handles the whole log once', async () => {
      const store = target().store;
      const prefix = uniquePrefix('resume');
      const streams = Array.from({ length: 4 }, (_, n) => `${prefix}s${n}`);
      const handled: RecordedEvent[] = [];
      let checkpoint: Position = await store.headPosition();
      let writing = true;
      const writers = Promise.all(
        streams.map(async (streamId) => {
          for (let n = 0; n < 150; n += 10) await store.appendToStream(streamId, apples(10, n), n === 0 ? 'no_stream' : BigInt(n - 1));
        }),
      ).finally(() => (writing = false));

      let restarts = 0;
      while (writing || handled.length < 600) {
        restarts += 1;
        const session = new Recorder(store.subscribeToAll({ fromPosition: checkpoint, filter: { streamPrefixes: [prefix] }, checkpointInterval: 7 }));
        const stopAfter = 1 + (restarts % 5) * 13;
        await session.until(() => session.messages.length >= stopAfter || session.messages.some((m) => m.kind === 'caughtUp'), 20_000, 'a few messages');
        session.stop();
        // The consumer persists its position after each message; what arrived after the stop is ignored.
        for (const message of session.messages.slice(0, stopAfter)) {
          if (message.kind === 'event') handled.push(message.event);
          checkpoint = message.kind === 'event' ? message.event.position : message.position;
        }
        if (restarts > 2_000) throw new Error('no progress');
      }
      await writers;
      expect(restarts).toBeGreaterThan(5);
      expectStreamsComplete(handled, streams, 150);
      expect(comparePositions(checkpoint, START_POSITION)).toBeGreaterThan(0);
    }, 60_000);
  });
}
