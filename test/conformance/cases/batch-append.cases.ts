import { type AppendResult, UnknownEventTypeError, WrongExpectedVersionError } from '@promo-ledger/event-store';
import { apples, eventKey, testEvent, uniquePrefix } from '../conformance-fixtures';
import type { SuiteContext } from './suite-context';

const revisionOf = (answer: AppendResult | Error): bigint | string => (answer instanceof Error ? answer.constructor.name : answer.nextExpectedRevision);

export function describeBatchAppendCases({ target }: SuiteContext): void {
  describe('appending to several streams at once (appendToStreams)', () => {
    it('appends each stream on its own: a wrong expectation fails only its request', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-append');
      await store.appendToStream(`${prefix}a`, apples(1), 'no_stream');
      await store.appendToStream(`${prefix}stale`, apples(2), 'no_stream');
      const answers = await store.appendToStreams([
        { streamId: `${prefix}a`, events: apples(2, 1), expectedRevision: 0n },
        { streamId: `${prefix}new`, events: apples(1), expectedRevision: 'no_stream' },
        { streamId: `${prefix}stale`, events: apples(1, 99), expectedRevision: 0n },
        { streamId: `${prefix}any`, events: apples(1), expectedRevision: 'any' },
      ]);
      expect(answers.map(revisionOf)).toEqual([2n, 0n, 'WrongExpectedVersionError', 0n]);
      expect(answers[2]).toMatchObject({ expected: 0n, actual: 1n });
      expect((await store.readStream(`${prefix}a`)).map(eventKey)).toEqual([`${prefix}a@0`, `${prefix}a@1`, `${prefix}a@2`]);
      expect((await store.readStream(`${prefix}stale`)).map((event) => event.data.n)).toEqual([0, 1]);
      for (const stream of ['a', 'new', 'stale', 'any']) expect(await store.verifyStream(`${prefix}${stream}`)).toMatchObject({ ok: true });
    });

    it('applies requests for one stream in request order, and an unknown event type fails only its request', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-append-order');
      await store.appendToStream(`${prefix}t`, apples(1), 'no_stream');
      const answers = await store.appendToStreams([
        { streamId: `${prefix}s`, events: apples(2), expectedRevision: 'no_stream' },
        { streamId: `${prefix}s`, events: apples(1, 2), expectedRevision: 1n },
        // 'any' first, then an expectation of the head before it: the second is judged after the first, so it fails
        { streamId: `${prefix}t`, events: apples(1, 1), expectedRevision: 'any' },
        { streamId: `${prefix}t`, events: apples(1, 99), expectedRevision: 0n },
        { streamId: `${prefix}unknown`, events: [testEvent('Conformance.Not.Registered')], expectedRevision: 'no_stream' },
      ]);
      expect(answers.map(revisionOf)).toEqual([1n, 2n, 1n, 'WrongExpectedVersionError', 'UnknownEventTypeError']);
      expect(answers[4]).toBeInstanceOf(UnknownEventTypeError);
      expect((await store.readStream(`${prefix}s`)).map((event) => event.data.n)).toEqual([0, 1, 2]);
      expect((await store.readStream(`${prefix}t`)).map((event) => event.data.n)).toEqual([0, 1]);
      expect(await store.readStream(`${prefix}unknown`)).toEqual([]);
    });

    it('answers each request with the position of its last event, as readAll and readStream see it', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-append-position');
      await store.appendToStream(`${prefix}a`, apples(1), 'no_stream');
      await store.appendToStream(`${prefix}b`, apples(1), 'no_stream');
      const answers = await store.appendToStreams([
        { streamId: `${prefix}a`, events: apples(2, 1), expectedRevision: 0n },
        { streamId: `${prefix}b`, events: apples(1, 1), expectedRevision: 0n },
      ]);
      for (const [index, stream] of ['a', 'b'].entries()) {
        const events = await store.readStream(`${prefix}${stream}`);
        const answer = answers[index] as AppendResult;
        expect(events[events.length - 1].position).toEqual(answer.position);
        expect(events.map((event) => event.data.n)).toEqual(stream === 'a' ? [0, 1, 2] : [0, 1]);
      }
    });

    it('lets exactly one of two concurrent batches win a stream both expect at the same revision', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-append-race');
      await store.appendToStream(`${prefix}s`, apples(1), 'no_stream');
      const [left, right] = await Promise.all(
        ['left', 'right'].map((side) =>
          store.appendToStreams([
            { streamId: `${prefix}s`, events: [testEvent('Conformance.Apple.Picked', { side })], expectedRevision: 0n },
            { streamId: `${prefix}${side}`, events: apples(1), expectedRevision: 'no_stream' },
          ]),
        ),
      );
      const outcomes = [left[0], right[0]];
      expect(outcomes.filter((answer) => answer instanceof WrongExpectedVersionError)).toHaveLength(1);
      expect(outcomes.filter((answer) => !(answer instanceof Error))).toHaveLength(1);
      expect([left[1], right[1]].map(revisionOf)).toEqual([0n, 0n]);
      expect(await store.readStream(`${prefix}s`)).toHaveLength(2);
      expect(await store.verifyStream(`${prefix}s`)).toMatchObject({ ok: true, events: 2 });
    });
    it('appends only while the streams named unchanged are at their revisions, and names the one that moved', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-append-unchanged');
      await store.appendToStream(`${prefix}price`, apples(2), 'no_stream');
      await store.appendToStream(`${prefix}gone`, apples(1), 'no_stream');
      await store.deleteStream(`${prefix}gone`, 0n);
      // `known` was appended by this store, so its next append may go at the head it knows (the SQL adapters' one statement)
      await store.appendToStream(`${prefix}known`, apples(1), 'no_stream');
      const answers = await store.appendToStreams([
        { streamId: `${prefix}met`, events: apples(1), expectedRevision: 'no_stream', unchanged: [{ streamId: `${prefix}price`, revision: 1n }, { streamId: `${prefix}never`, revision: -1n }, { streamId: `${prefix}gone`, revision: -1n }] },
        { streamId: `${prefix}stale`, events: apples(1), expectedRevision: 'no_stream', unchanged: [{ streamId: `${prefix}never`, revision: -1n }, { streamId: `${prefix}price`, revision: 0n }] },
        { streamId: `${prefix}known`, events: apples(1, 1), expectedRevision: 0n, unchanged: [{ streamId: `${prefix}price`, revision: 2n }] },
      ]);
      expect(answers.map(revisionOf)).toEqual([0n, 'WrongExpectedVersionError', 'WrongExpectedVersionError']);
      expect(answers[1]).toMatchObject({ streamId: `${prefix}price`, expected: 0n, actual: 1n });
      expect(answers[2]).toMatchObject({ streamId: `${prefix}price`, expected: 2n, actual: 1n });
      expect(await store.readStream(`${prefix}stale`)).toEqual([]);
      expect((await store.readStream(`${prefix}known`)).map((event) => event.data.n)).toEqual([0]);
      expect((await store.readStream(`${prefix}price`)).map((event) => event.data.n)).toEqual([0, 1]);
      // once the condition holds again, the same append goes through at the head it expected
      const [retried] = await store.appendToStreams([{ streamId: `${prefix}known`, events: apples(1, 1), expectedRevision: 0n, unchanged: [{ streamId: `${prefix}price`, revision: 1n }] }]);
      expect(revisionOf(retried)).toBe(1n);
      expect(await store.verifyStream(`${prefix}known`)).toMatchObject({ ok: true, events: 2 });
    });

    it('judges an append after the same batch\'s append to a stream it names unchanged, whatever their order', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-append-same-batch');
      await store.appendToStream(`${prefix}price`, apples(1), 'no_stream');
      const answers = await store.appendToStreams([
        { streamId: `${prefix}cart`, events: apples(1), expectedRevision: 'no_stream', unchanged: [{ streamId: `${prefix}price`, revision: 0n }] },
        { streamId: `${prefix}price`, events: apples(1, 1), expectedRevision: 0n },
      ]);
      expect(answers.map(revisionOf)).toEqual(['WrongExpectedVersionError', 1n]);
      expect(answers[0]).toMatchObject({ streamId: `${prefix}price`, expected: 0n, actual: 1n });
      expect(await store.readStream(`${prefix}cart`)).toEqual([]);
    });

    it('fails an append whose unchanged stream another writer moved after the decision read it', async () => {
      const store = target().store;
      const prefix = uniquePrefix('batch-append-moved');
      await store.appendToStream(`${prefix}price`, apples(1), 'no_stream');
      await store.appendToStream(`${prefix}cart`, apples(1), 'no_stream');
      const [head] = await store.readStream(`${prefix}price`, { direction: 'backwards', maxCount: 1 });
      await store.appendToStream(`${prefix}price`, apples(1, 1), head.revision);
      const [answer] = await store.appendToStreams([{ streamId: `${prefix}cart`, events: apples(1, 1), expectedRevision: 0n, unchanged: [{ streamId: `${prefix}price`, revision: head.revision }] }]);
      expect(answer).toBeInstanceOf(WrongExpectedVersionError);
      expect(answer).toMatchObject({ streamId: `${prefix}price`, expected: 0n, actual: 1n });
      expect((await store.readStream(`${prefix}cart`)).map((event) => event.data.n)).toEqual([0]);
    });
  });
}
