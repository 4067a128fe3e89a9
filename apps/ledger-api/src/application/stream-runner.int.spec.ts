import { accept } from '@promo-ledger/domain';
import { EventTypeRegistry, openPgliteEventStore } from '@promo-ledger/event-store';
import { SystemClock, UuidGenerator } from './clock';
import type { CommandMetadata } from './command-metadata';
import { type EventSourced, StreamRunner } from './stream-runner';
import { CountingEventStore } from './testing/counting-event-store';

interface Counted {
  readonly type: 'Counted';
  readonly data: { readonly by: number };
}

/** The smallest aggregate there is: a running total. */
const counter: EventSourced<{ by: number }, Counted, number, object> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.by,
  decide: (command) => accept<Counted>({ type: 'Counted', data: { by: command.by } }),
};

const metadata: CommandMetadata = { correlationId: 'stream-runner-spec', causationId: null, actor: null, idempotencyKey: null };
const count = (by: number): Counted => ({ type: 'Counted', data: { by } });
const appendMetadata = { eventId: 'e', correlationId: 'c', causationId: null, actor: null, idempotencyKey: null, occurredAt: '2026-11-24T00:00:00.000Z' };

describe('StreamRunner.load batches the reads of one tick (real PGlite store, reads counted)', () => {
  let store: CountingEventStore;
  let runner: StreamRunner;

  beforeAll(async () => {
    store = new CountingEventStore(await openPgliteEventStore({ registry: new EventTypeRegistry({ Counted: { schemaVersion: 1 } }) }));
  }, 30_000);
  afterAll(() => store.close());

  beforeEach(() => {
    runner = new StreamRunner(store, new SystemClock(), new UuidGenerator());
  });

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

  it('reads in separate batches when the loads are in separate ticks', async () => {
    store.resetCounts();
    await runner.load('counter-a', counter);
    await runner.load('counter-b', counter);
    expect(store.batches).toEqual([['counter-a'], ['counter-b']]);
  });
});
