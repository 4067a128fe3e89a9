import type { RecordedEvent } from '@promo-ledger/event-store';
import { apples, eventKey, uniquePrefix } from '../conformance-fixtures';
import type { SuiteContext } from './suite-context';

const keysOf = (answers: readonly RecordedEvent[][]): string[][] => answers.map((events) => events.map(eventKey));

export function describeBatchReadCases({ target }: SuiteContext): void {
  describe('reading several streams at once (readStreams)', () => {
    it('answers each request in request order, a missing stream with []', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch');
      await store.appendToStream(`${prefix}a`, apples(3), 'no_stream');
      await store.appendToStream(`${prefix}b`, apples(1), 'no_stream');
      const answers = await store.readStreams([{ streamId: `${prefix}b` }, { streamId: `${prefix}missing` }, { streamId: `${prefix}a` }]);
      expect(keysOf(answers)).toEqual([[`${prefix}b@0`], [], [`${prefix}a@0`, `${prefix}a@1`, `${prefix}a@2`]]);
    });

    it('gives each answer exactly what readStream forwards gives, data and metadata included', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-same');
      await store.appendToStream(`${prefix}a`, apples(4), 'no_stream');
      await store.appendToStream(`${prefix}b`, apples(2, 10), 'no_stream');
      const [a, b] = await store.readStreams([{ streamId: `${prefix}a`, fromRevision: 1n }, { streamId: `${prefix}b` }]);
      expect(a).toEqual(await store.readStream(`${prefix}a`, { fromRevision: 1n }));
      expect(b).toEqual(await store.readStream(`${prefix}b`));
    });

    it('reads each stream from its own revision, and past the end as []', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-from');
      await store.appendToStream(`${prefix}a`, apples(5), 'no_stream');
      await store.appendToStream(`${prefix}b`, apples(5), 'no_stream');
      const answers = await store.readStreams([
        { streamId: `${prefix}a`, fromRevision: 3n },
        { streamId: `${prefix}b`, fromRevision: 0n },
        { streamId: `${prefix}a`, fromRevision: 5n },
      ]);
      expect(answers.map((events) => events.map((event) => event.revision))).toEqual([[3n, 4n], [0n, 1n, 2n, 3n, 4n], []]);
    });

    it('reads at most maxCount events of a stream, a page at a time', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-page');
      await store.appendToStream(`${prefix}a`, apples(5), 'no_stream');
      const answers = await store.readStreams([
        { streamId: `${prefix}a`, maxCount: 2 },
        { streamId: `${prefix}a`, fromRevision: 2n, maxCount: 2 },
        { streamId: `${prefix}a`, fromRevision: 4n, maxCount: 2 },
        { streamId: `${prefix}a`, fromRevision: 1n },
      ]);
      expect(answers.map((events) => events.map((event) => event.revision))).toEqual([[0n, 1n], [2n, 3n], [4n], [1n, 2n, 3n, 4n]]);
      // a page cut short is not the head: the stream's next page is still read
      expect((await store.readStreams([{ streamId: `${prefix}a`, fromRevision: 2n }]))[0].map((event) => event.revision)).toEqual([2n, 3n, 4n]);
    });

    it('hides what a soft delete truncated, like readStream', async () => {
      const store = target().store;
      const streamId = `${uniquePrefix('batch-truncated')}s`;
      await store.appendToStream(streamId, apples(2), 'no_stream');
      await store.deleteStream(streamId, 1n);
      const [afterDelete] = await store.readStreams([{ streamId }]);
      expect(afterDelete).toEqual([]);
      await store.appendToStream(streamId, apples(2, 2), 'no_stream');
      const [fromStart, fromOld] = await store.readStreams([{ streamId }, { streamId, fromRevision: 0n }]);
      expect(fromStart.map((event) => event.revision)).toEqual([2n, 3n]);
      expect(fromOld.map((event) => event.revision)).toEqual([2n, 3n]);
      expect(fromStart.map((event) => event.data)).toEqual([{ n: 2 }, { n: 3 }]);
    });

    it('answers a duplicated request once per occurrence, and an empty list with []', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-duplicates');
      await store.appendToStream(`${prefix}a`, apples(2), 'no_stream');
      const answers = await store.readStreams([{ streamId: `${prefix}a` }, { streamId: `${prefix}x` }, { streamId: `${prefix}a` }, { streamId: `${prefix}a`, fromRevision: 1n }]);
      expect(keysOf(answers)).toEqual([[`${prefix}a@0`, `${prefix}a@1`], [], [`${prefix}a@0`, `${prefix}a@1`], [`${prefix}a@1`]]);
      expect(await store.readStreams([])).toEqual([]);
    });
  });
}
