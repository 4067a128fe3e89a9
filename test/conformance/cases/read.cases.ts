import { comparePositions, parsePosition, positionToString, type Position } from '@promo-ledger/event-store';
import { APPLE, apples, readableThrough, testEvent, uniquePrefix } from '../conformance-fixtures';
import type { SuiteContext } from './suite-context';

export function describeReadCases({ target }: SuiteContext): void {
  describe('reading', () => {
    it('reads a missing stream as an empty array, in both directions', async () => {
      const store = target().store;
      const streamId = `${uniquePrefix('missing')}s`;
      expect(await store.readStream(streamId)).toEqual([]);
      expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([]);
    });

    it('reads a stream forwards and backwards from a revision, with a max count', async () => {
      const store = target().store;
      const streamId = `${uniquePrefix('directions')}s`;
      await store.appendToStream(streamId, apples(10), 'no_stream');
      const revisions = async (...args: Parameters<typeof store.readStream>): Promise<bigint[]> =>
        (await store.readStream(...args)).map((event) => event.revision);
      expect(await revisions(streamId, { direction: 'backwards' })).toEqual([9n, 8n, 7n, 6n, 5n, 4n, 3n, 2n, 1n, 0n]);
      expect(await revisions(streamId, { direction: 'backwards', fromRevision: 5n, maxCount: 3 })).toEqual([5n, 4n, 3n]);
      expect(await revisions(streamId, { fromRevision: 3n, maxCount: 2 })).toEqual([3n, 4n]);
      expect(await revisions(streamId, { direction: 'backwards', maxCount: 1 })).toEqual([9n]);
      expect((await store.readStream(streamId)).map((event) => event.data)).toEqual(apples(10).map((event) => event.data));
    });

    it('reads $all forwards strictly after a position and backwards strictly before one', async () => {
      const store = target().store;
      const streamId = `${uniquePrefix('all')}s`;
      const positions: Position[] = [];
      for (let n = 0; n < 5; n += 1) positions.push((await store.appendToStream(streamId, apples(1, n), 'any')).position);
      await readableThrough(store, positions[4]);

      const forwards = await store.readAll({ fromPosition: positions[1] });
      expect(forwards.every((event) => comparePositions(event.position, positions[1]) > 0)).toBe(true);
      expect(forwards.filter((event) => event.streamId === streamId).map((event) => event.revision)).toEqual([2n, 3n, 4n]);

      const backwards = await store.readAll({ direction: 'backwards', fromPosition: positions[3] });
      expect(backwards.every((event) => comparePositions(event.position, positions[3]) < 0)).toBe(true);
      expect(backwards.filter((event) => event.streamId === streamId).map((event) => event.revision)).toEqual([2n, 1n, 0n]);

      const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      expect(head.position).toEqual(positions[4]);
      expect(await store.headPosition()).toEqual(positions[4]);
      const page = await store.readAll({ fromPosition: positions[0], maxCount: 2 });
      expect(page.map((event) => event.position)).toEqual([positions[1], positions[2]]);
    });

    it('gives comparable positions that survive a round trip through a string', async () => {
      const store = target().store;
      const streamId = `${uniquePrefix('positions')}s`;
      const first = await store.appendToStream(streamId, apples(1), 'no_stream');
      const second = await store.appendToStream(streamId, apples(1), 0n);
      expect(comparePositions(first.position, second.position)).toBeLessThan(0);
      expect(comparePositions(second.position, first.position)).toBeGreaterThan(0);
      expect(parsePosition(positionToString(second.position))).toEqual(second.position);
      const read = await store.readStream(streamId);
      expect(read.map((event) => event.position)).toEqual([first.position, second.position]);
      expect(() => parsePosition('not a position')).toThrow(RangeError);
    });

    it('round-trips a 1 MB event and unicode text byte for byte', async () => {
      const store = target().store;
      const streamId = `${uniquePrefix('bytes')}s`;
      const unicode = 'emoji 🎟️👩🏽‍💻🇪🇺, RTL שלום עליכם / مرحبا, combining é vs é, CJK 割引, astral 𝄞, "quotes" \\ \t\n';
      // Keys deliberately out of alphabetical order: a store that normalises JSON would reorder them.
      const big = testEvent(APPLE, { zeta: unicode, blob: 'ab€'.repeat(210_000), alpha: { nested: [1, 2.5, -0.125, true, null] } });
      const small = testEvent(APPLE, { text: unicode });
      await store.appendToStream(streamId, [big, small], 'no_stream');
      const read = await store.readStream(streamId);
      expect(Buffer.byteLength(JSON.stringify(read[0].data))).toBeGreaterThan(1_000_000);
      expect(JSON.stringify(read[0].data)).toBe(JSON.stringify(big.data));
      expect(JSON.stringify(read[1].data)).toBe(JSON.stringify(small.data));
      expect(read[1].metadata.eventId).toBe(small.metadata.eventId);
    }, 30_000);

    it('round-trips stream metadata and reads a missing one as {}', async () => {
      const store = target().store;
      const streamId = `${uniquePrefix('stream-metadata')}s`;
      expect(await store.getStreamMetadata(streamId)).toEqual({});
      await store.setStreamMetadata(streamId, { maxCount: 10, custom: { owner: 'pricing', tags: ['a', 'ü'] } });
      expect(await store.getStreamMetadata(streamId)).toEqual({ maxCount: 10, custom: { owner: 'pricing', tags: ['a', 'ü'] } });
      await store.setStreamMetadata(streamId, { custom: { owner: 'budget' } });
      expect(await store.getStreamMetadata(streamId)).toEqual({ custom: { owner: 'budget' } });
      // Metadata alone does not bring a stream into existence.
      await expect(store.appendToStream(streamId, apples(1), 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: 0n });
    });
  });
}
