import { type ExpectedRevision, UnknownEventTypeError, WrongExpectedVersionError } from '@promo-ledger/event-store';
import { apples, testEvent, uniquePrefix } from '../conformance-fixtures';
import type { SuiteContext } from './suite-context';

type StreamState = 'new' | 'existing at revision 1' | 'soft-deleted after revision 1';
type Outcome = { readonly next: bigint; readonly visible: readonly bigint[] } | { readonly actual: bigint | 'no_stream' };

/**
 * Expected-revision semantics, as EventStoreDB defines them: a soft-deleted stream does not exist, and
 * recreating it continues its revisions (the old events stay hidden).
 */
const MATRIX: readonly (readonly [StreamState, ExpectedRevision, Outcome])[] = [
  ['new', 'any', { next: 0n, visible: [0n] }],
  ['new', 'no_stream', { next: 0n, visible: [0n] }],
  ['new', 'stream_exists', { actual: 'no_stream' }],
  ['new', 0n, { actual: 'no_stream' }],
  ['existing at revision 1', 'any', { next: 2n, visible: [0n, 1n, 2n] }],
  ['existing at revision 1', 'no_stream', { actual: 1n }],
  ['existing at revision 1', 'stream_exists', { next: 2n, visible: [0n, 1n, 2n] }],
  ['existing at revision 1', 1n, { next: 2n, visible: [0n, 1n, 2n] }],
  ['existing at revision 1', 0n, { actual: 1n }],
  ['existing at revision 1', 5n, { actual: 1n }],
  ['soft-deleted after revision 1', 'any', { next: 2n, visible: [2n] }],
  ['soft-deleted after revision 1', 'no_stream', { next: 2n, visible: [2n] }],
  ['soft-deleted after revision 1', 'stream_exists', { actual: 'no_stream' }],
  ['soft-deleted after revision 1', 1n, { actual: 'no_stream' }],
];

export function describeAppendCases({ target }: SuiteContext): void {
  describe('append with an expected revision', () => {
    it.each(MATRIX.map(([state, expected, outcome]) => [state, String(expected), expected, outcome] as const))(
      'against a %s stream, expecting %s',
      async (state, _label, expected, outcome) => {
        const store = target().store;
        const streamId = `${uniquePrefix('matrix')}s`;
        if (state !== 'new') await store.appendToStream(streamId, apples(2), 'no_stream');
        if (state === 'soft-deleted after revision 1') {
          await store.deleteStream(streamId, 1n);
          expect(await store.readStream(streamId)).toEqual([]);
        }
        const attempt = store.appendToStream(streamId, [testEvent('Conformance.Apple.Eaten')], expected);
        if ('actual' in outcome) {
          const error = await attempt.then(() => null, (caught: unknown) => caught);
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect(error).toMatchObject({ streamId, expected, actual: outcome.actual });
        } else {
          await expect(attempt).resolves.toMatchObject({ nextExpectedRevision: outcome.next });
          expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual(outcome.visible);
        }
      },
    );

    it('50 concurrent appends at one expected revision: exactly one wins, no gap, no duplicate', async () => {
      const store = target().store;
      for (const start of ['no_stream', 'exact'] as const) {
        const streamId = `${uniquePrefix(`race-${start}`)}s`;
        if (start === 'exact') await store.appendToStream(streamId, apples(1), 'no_stream');
        const expected: ExpectedRevision = start === 'exact' ? 0n : 'no_stream';
        const results = await Promise.allSettled(Array.from({ length: 50 }, (_, n) => store.appendToStream(streamId, apples(2, n * 2), expected)));
        const won = results.filter((result) => result.status === 'fulfilled');
        const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(49);
        expect(lost.filter((error) => !(error instanceof WrongExpectedVersionError)).map(String)).toEqual([]);
        const revisions = (await store.readStream(streamId)).map((event) => event.revision);
        const length = start === 'exact' ? 3 : 2;
        expect(revisions).toEqual(Array.from({ length }, (_, index) => BigInt(index)));
      }
    }, 30_000);

    it('refuses an event type the registry does not know, and appends nothing', async () => {
      const store = target().store;
      const streamId = `${uniquePrefix('unknown-type')}s`;
      await expect(store.appendToStream(streamId, [...apples(1), testEvent('Conformance.Never.Registered')], 'any')).rejects.toBeInstanceOf(UnknownEventTypeError);
      expect(await store.readStream(streamId)).toEqual([]);
    });

    it('stamps the metadata: schema version, ids, actor, and a hash chain starting from ""', async () => {
      const store = target().store;
      const streamId = `${uniquePrefix('metadata')}s`;
      const appended = apples(2);
      await store.appendToStream(streamId, appended, 'no_stream');
      const [first, second] = await store.readStream(streamId);
      expect(first.metadata).toMatchObject({ ...appended[0].metadata, schemaVersion: 1, prevHash: '' });
      expect(first.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(second.metadata.prevHash).toBe(first.metadata.hash);
    });
  });
}
