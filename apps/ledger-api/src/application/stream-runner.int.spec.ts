import { accept, reject } from '@promo-ledger/domain';
import { openPgliteEventStore } from '@promo-ledger/event-store';
import { SystemClock, UuidGenerator } from './clock';
import type { CommandMetadata } from './command-metadata';
import { type EventSourced, StreamRunner } from './stream-runner';
import { type Counted, counter, counterRegistry } from './testing/counter-aggregate';
import { CountingEventStore } from './testing/counting-event-store';

const metadata: CommandMetadata = { correlationId: 'stream-runner-spec', causationId: null, actor: null, idempotencyKey: null };
const count = (by: number): Counted => ({ type: 'Counted', data: { by } });
const appendMetadata = { eventId: 'e', correlationId: 'c', causationId: null, actor: null, idempotencyKey: null, occurredAt: '2026-11-24T00:00:00.000Z' };

/** A total that may not go above 10: enough to show one command of a turn refused while the others go on. */
const capped: EventSourced<{ by: number }, Counted, number, object> = {
  ...counter,
  decide: (command, total) => (total + command.by > 10 ? reject('CAP_REACHED', `${total} + ${command.by} is over 10`) : accept<Counted>(count(command.by))),
};

describe('StreamRunner (real PGlite store, reads and appends counted)', () => {
  let store: CountingEventStore;
  let runner: StreamRunner;

  beforeAll(async () => {
    store = new CountingEventStore(await openPgliteEventStore({ registry: counterRegistry() }));
  }, 30_000);
  afterAll(() => store.close());

  beforeEach(() => {
    runner = new StreamRunner(store, new SystemClock(), new UuidGenerator());
    store.resetCounts();
  });

  describe('load batches the reads of one tick', () => {
    const seed = (streamId: string, ...amounts: number[]): Promise<unknown> =>
      store.appendToStream(streamId, amounts.map((by) => ({ type: 'Counted', data: count(by).data, metadata: appendMetadata })), 'any');

    it('issues one readStreams for loads started in the same tick, each answered with its own stream', async () => {
      await seed('counter-a', 1, 2);
      await seed('counter-b', 10);
      store.resetCounts();
      const [a, b, missing] = await Promise.all([
        runner.load('counter-a', counter),
        runner.load('counter-b', counter),
        runner.load('counter-nobody-wrote', counter),
      ]);
      expect([a, b, missing]).toEqual([{ state: 3, version: 1n }, { state: 10, version: 0n }, { state: 0, version: -1n }]);
      expect(store.batches).toEqual([['counter-a', 'counter-b', 'counter-nobody-wrote']]);
      expect(store.singleReads).toBe(0);
    });

    it('batches loads of two commands started in the same tick, as two HTTP requests would', async () => {
      store.resetCounts();
      const [first, second] = await Promise.all([
        runner.run('counter-c', counter, { by: 5 }, metadata, { context: () => Promise.resolve({}) }),
        runner.run('counter-d', counter, { by: 7 }, metadata, { context: () => Promise.resolve({}) }),
      ]);
      expect([first.state, second.state]).toEqual([5, 7]);
      expect(store.batches).toEqual([['counter-c', 'counter-d']]);
    });

    it('still ends every load at the store head: a cached stream reads only what another writer appended since', async () => {
      await seed('counter-e', 1);
      expect(await runner.load('counter-e', counter)).toEqual({ state: 1, version: 0n });
      await seed('counter-e', 100, 1000); // as another process would, behind the runner's back
      store.resetCounts();
      const [again, twice] = await Promise.all([runner.load('counter-e', counter), runner.load('counter-e', counter)]);
      expect(again).toEqual({ state: 1101, version: 2n });
      expect(twice).toEqual(again);
      expect(store.batches).toEqual([['counter-e@1', 'counter-e@1']]);
    });

    it('while two batches are out, the reads that follow gather into the next one', async () => {
      store.resetCounts();
      const release = store.holdReads();
      const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
      const loads = [runner.load('counter-a', counter)];
      await nextTick();
      loads.push(runner.load('counter-b', counter));
      await nextTick();
      for (const streamId of ['counter-c', 'counter-d', 'counter-e']) {
        loads.push(runner.load(streamId, counter));
        await nextTick();
      }
      expect(store.batches).toEqual([['counter-a'], ['counter-b']]);
      release();
      const states = await Promise.all(loads);
      expect(store.batches).toEqual([['counter-a'], ['counter-b'], ['counter-c', 'counter-d', 'counter-e']]);
      expect(states.map((loaded) => loaded.state)).toEqual([3, 10, 5, 7, 1101]);
    });

    it('folds a stream longer than a page page by page, and concurrent cold loads of it fold it once', async () => {
      await store.appendToStream('counter-long', Array.from({ length: 2_500 }, () => ({ type: 'Counted', data: { by: 1 }, metadata: appendMetadata })), 'no_stream');
      store.resetCounts();
      const [first, second] = await Promise.all([runner.load('counter-long', counter), runner.load('counter-long', counter)]);
      expect(first).toEqual({ state: 2_500, version: 2_499n });
      expect(second).toEqual(first);
      expect(store.batches).toEqual([['counter-long'], ['counter-long@1000'], ['counter-long@2000'], ['counter-long@2500']]);
    });

    it('reads in separate batches when the loads are in separate ticks', async () => {
      store.resetCounts();
      await runner.load('counter-a', counter);
      await runner.load('counter-b', counter);
      expect(store.batches).toEqual([['counter-a'], ['counter-b']]);
    });
  });

  describe('run decides on the fold it has cached, and an append proves it current', () => {
    /** Refuses below 5: a fold that is behind the stream would refuse what the stream allows. */
    const fromFive: EventSourced<{ by: number }, Counted, number, object> = {
      ...counter,
      decide: (command, total) => (total < 5 ? reject('BELOW_FIVE', `${total} is below 5`) : accept<Counted>(count(command.by))),
    };
    const run = (streamId: string, aggregate: EventSourced<{ by: number }, Counted, number, object>, by: number) =>
      runner.run(streamId, aggregate, { by }, metadata, { context: () => Promise.resolve({}) });

    it('appends to a stream it folded without reading it first', async () => {
      await run('trusted-a', counter, 1);
      store.resetCounts();
      expect(await run('trusted-a', counter, 2)).toMatchObject({ state: 3, version: 1n });
      expect(store.batches).toEqual([]);
      expect(store.appends).toEqual([1]);
    });

    it('once another process beat its append on a stream, it reads that stream before deciding again', async () => {
      await run('trusted-d', counter, 1);
      await store.appendToStream('trusted-d', [{ type: 'Counted', data: { by: 5 }, metadata: appendMetadata }], 0n); // another process
      expect(await run('trusted-d', counter, 1)).toMatchObject({ state: 7, version: 2n }); // its append on the held fold lost
      store.resetCounts();
      expect(await run('trusted-d', counter, 1)).toMatchObject({ state: 8, version: 3n });
      expect(store.batches).toEqual([['trusted-d@3']]);
    });

    it('a stream it read before it existed is created without reading it again', async () => {
      expect(await runner.load('trusted-new', counter)).toEqual({ state: 0, version: -1n });
      store.resetCounts();
      expect(await run('trusted-new', counter, 4)).toMatchObject({ state: 4, version: 0n });
      expect(store.batches).toEqual([]);
    });

    it('a refusal on the cached fold is decided again on the stream as read: another process made the command valid', async () => {
      await run('trusted-b', counter, 1);
      await store.appendToStream('trusted-b', [{ type: 'Counted', data: { by: 5 }, metadata: appendMetadata }], 0n); // another process
      store.resetCounts();
      expect(await run('trusted-b', fromFive, 1)).toMatchObject({ state: 7, version: 2n });
      expect(store.batches).toEqual([['trusted-b@1']]);
      expect((await store.readStream('trusted-b')).map((event) => event.data.by)).toEqual([1, 5, 1]);
    });

    it('a refusal the stream as read confirms is answered without appending', async () => {
      await run('trusted-c', counter, 1);
      store.resetCounts();
      await expect(run('trusted-c', fromFive, 1)).rejects.toMatchObject({ code: 'BELOW_FIVE' });
      expect(store.batches).toEqual([['trusted-c@1']]);
      expect(store.appends).toEqual([]);
    });
  });

  describe('run combines the commands that queue on one stream', () => {
    const run = (streamId: string, by: number, ifMatch?: bigint) =>
      runner.run(streamId, capped, { by }, metadata, { context: () => Promise.resolve({}), ...(ifMatch === undefined ? {} : { ifMatch }) });

    it('decides those that queued during a turn one after another and appends them together; each sees its own version', async () => {
      const results = await Promise.allSettled([run('capped-a', 1), run('capped-a', 2), run('capped-a', 3), run('capped-a', 9), run('capped-a', 4)]);
      const outcomes = results.map((result) => (result.status === 'fulfilled' ? [result.value.state, result.value.version] : (result.reason as { code: string }).code));
      // 1, then 2+3+4 together (9 would make 15: refused on its own, the others go on)
      expect(outcomes).toEqual([[1, 0n], [3, 1n], [6, 2n], 'CAP_REACHED', [10, 3n]]);
      expect(store.appends).toEqual([1, 3]);
      expect((await store.readStream('capped-a')).map((event) => event.data.by)).toEqual([1, 2, 3, 4]);
      expect(await store.verifyStream('capped-a')).toMatchObject({ ok: true });
    });

    it('redecides a turn on the new state when another process appended meanwhile, and fails If-Match commands with 412', async () => {
      await run('capped-b', 1);
      await store.appendToStream('capped-b', [{ type: 'Counted', data: { by: 5 }, metadata: appendMetadata }], 0n); // another process
      store.resetCounts();
      const results = await Promise.allSettled([run('capped-b', 1), run('capped-b', 2), run('capped-b', 2, 1n), run('capped-b', 3, 0n)]);
      const outcomes = results.map((result) => (result.status === 'fulfilled' ? result.value.state : (result.reason as { code: string }).code));
      expect(outcomes).toEqual([7, 9, 'PRECONDITION_FAILED', 'PRECONDITION_FAILED']);
      expect((await store.readStream('capped-b')).map((event) => event.data.by)).toEqual([1, 5, 1, 2]);
    });

    it('appends only while the streams the decision read are unchanged; when one moved, decides again on a fresh context', async () => {
      const seed = (by: number): Promise<unknown> => store.appendToStream('capped-facts', [{ type: 'Counted', data: { by }, metadata: appendMetadata }], 'any');
      await seed(1);
      /** Accepted while the facts total at most 3, as checkout is while its quote's prices hold. */
      const judged: EventSourced<{ by: number }, Counted, number, { facts: number }> = {
        ...counter,
        decide: (command, _total, { facts }) => (facts > 3 ? reject('FACTS_CHANGED', `facts at ${facts}`) : accept<Counted>(count(command.by))),
      };
      const read: { facts: number; version: bigint }[] = [];
      const factsMoveOnce = async (): Promise<{ facts: number }> => {
        const { state, version } = await runner.load('capped-facts', counter);
        read.push({ facts: state, version });
        // another writer moves the facts after this decision read them, once
        if (read.length === 1) await seed(2);
        return { facts: state };
      };
      const unchanged = () => [{ streamId: 'capped-facts', revision: read[read.length - 1].version }];
      const accepted = await runner.run('capped-judged', judged, { by: 1 }, metadata, { context: factsMoveOnce, unchanged });
      // decided on facts 1, refused at the append (the facts had moved to 3), decided again on 3 and appended
      expect(read).toEqual([{ facts: 1, version: 0n }, { facts: 3, version: 1n }]);
      expect(accepted).toMatchObject({ state: 1, version: 0n });

      read.length = 0;
      const refused = runner.run('capped-judged', judged, { by: 1 }, metadata, { context: factsMoveOnce, unchanged });
      // decided on facts 3 and appended on condition; the facts moved to 5 first, so the fresh decision refuses
      await expect(refused).rejects.toMatchObject({ code: 'FACTS_CHANGED' });
      expect(read.map(({ facts }) => facts)).toEqual([3, 5]);
      expect((await store.readStream('capped-judged')).map((event) => event.data.by)).toEqual([1]);
    });

    it('reports a turn whose append another writer beat to the observer, then decides it again on the new state', async () => {
      const conflicts: string[] = [];
      const observer = { commandFinished: () => undefined, eventsAppended: () => undefined, appendConflicted: (streamId: string) => conflicts.push(streamId) };
      const observed = new StreamRunner(store, new SystemClock(), new UuidGenerator(), observer);
      let interloped = false;
      // the context is loaded between the read and the append: another writer appends right there, once
      const context = async (): Promise<object> => {
        if (!interloped) {
          interloped = true;
          await store.appendToStream('capped-c', [{ type: 'Counted', data: { by: 5 }, metadata: appendMetadata }], 'any');
        }
        return {};
      };
      const result = await observed.run('capped-c', capped, { by: 2 }, metadata, { context });
      expect(result).toMatchObject({ state: 7, version: 1n });
      expect(conflicts).toEqual(['capped-c']);
      expect((await store.readStream('capped-c')).map((event) => event.data.by)).toEqual([5, 2]);
    });
  });
});
