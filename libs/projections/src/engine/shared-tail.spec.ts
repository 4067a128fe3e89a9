import { positionToString, type ReadAllOptions, type RecordedEvent, START_POSITION } from '@promo-ledger/event-store';
import { appendTicks, type EngineTarget, openEngineTarget } from '../testing/engine-harness';
import { fixtureTargets } from '../testing/projection-fixture';
import { LogWatcher } from './log-watcher';
import { type LogReader, pageAfter } from './log-reader';
import { SharedTail } from './shared-tail';

const positions = (events: readonly RecordedEvent[]): string[] => events.map((event) => positionToString(event.position));

describe.each(fixtureTargets())('SharedTail on %s', (targetName) => {
  let target: EngineTarget;
  let watcher: LogWatcher;
  /** The real store's reads, counted. */
  let storeReads: ReadAllOptions[];
  let counted: LogReader;

  beforeEach(async () => {
    target = await openEngineTarget(targetName);
    watcher = new LogWatcher(target.store);
    await watcher.start();
    storeReads = [];
    counted = {
      readAll: (options?: ReadAllOptions) => {
        storeReads.push(options ?? {});
        return target.store.readAll(options);
      },
    };
  });
  afterEach(async () => {
    watcher.stop();
    await target.dispose();
  });

  const tail = (capacity = 100, pageSize = 50, shareForMs = 0): SharedTail => new SharedTail(counted, watcher, { capacity, pageSize, maxAgeMs: 60_000, shareForMs });
  /** Until the watcher has seen `appends` more notifications than at `mark` (they arrive asynchronously). */
  const notified = async (mark: number, appends: number): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (watcher.mark() < mark + appends) {
      if (Date.now() > deadline) throw new Error(`only ${watcher.mark() - mark} of ${appends} append notifications arrived`);
      await watcher.next(watcher.mark(), 100);
    }
  };

  /** Appends (appendTicks returns once the log shows the events) and waits for their notifications, so none arrives late and makes the window look stale. */
  const appendSettled = async (streamId: string, count: number, perAppend = 1): Promise<void> => {
    const mark = watcher.mark();
    await appendTicks(target.store, streamId, count, perAppend);
    await notified(mark, Math.ceil(count / perAppend));
  };

  it('answers readers at the same place with one store read and the events the store has', async () => {
    await appendSettled('tick-a', 30, 3);
    const shared = tail();
    const answers = await Promise.all(Array.from({ length: 5 }, () => shared.readAll(pageAfter(START_POSITION, 50))));
    const direct = await target.store.readAll(pageAfter(START_POSITION, 50));
    expect(direct).toHaveLength(30);
    for (const answer of answers) expect(positions(answer)).toEqual(positions(direct));
    expect(storeReads).toHaveLength(1);
  });

  it('answers any position inside the window as the store would, without reading it again', async () => {
    await appendSettled('tick-a', 40, 4);
    const shared = tail();
    const all = await shared.readAll(pageAfter(START_POSITION, 50));
    expect(all).toHaveLength(40);
    const before = storeReads.length;
    for (const [index, event] of all.entries()) {
      for (const maxCount of [1, 7, 50]) {
        const fromShared = await shared.readAll(pageAfter(event.position, maxCount));
        expect(positions(fromShared)).toEqual(positions(all.slice(index + 1, index + 1 + maxCount)));
      }
    }
    expect(storeReads).toHaveLength(before); // nothing was appended since: the window is the log's end
  });

  it('reads again once an append is notified, so a reader at the end sees the new events', async () => {
    await appendSettled('tick-a', 10);
    const shared = tail();
    const first = await shared.readAll(pageAfter(START_POSITION, 50));
    const end = first[first.length - 1].position;
    expect(await shared.readAll(pageAfter(end, 50))).toEqual([]);
    const reads = storeReads.length;
    await appendSettled('tick-b', 4, 2);
    const next = await shared.readAll(pageAfter(end, 50));
    expect(next.map((event) => event.streamId)).toEqual(['tick-b', 'tick-b', 'tick-b', 'tick-b']);
    expect(storeReads.length).toBe(reads + 1);
  });

  it('within shareForMs of its read, gives a reader the events it still holds even after an append, and the new ones after that', async () => {
    await appendSettled('tick-a', 10);
    const shared = tail(100, 50, 60_000);
    const first = await shared.readAll(pageAfter(START_POSITION, 50));
    const reads = storeReads.length;
    await appendSettled('tick-b', 2);
    expect(positions(await shared.readAll(pageAfter(first[4].position, 50)))).toEqual(positions(first.slice(5)));
    expect(storeReads).toHaveLength(reads);
    // a reader that has everything the window holds reads on
    const next = await shared.readAll(pageAfter(first[9].position, 50));
    expect(next.map((event) => event.streamId)).toEqual(['tick-b', 'tick-b']);
    expect(storeReads).toHaveLength(reads + 1);
  });

  it('reads again after maxAgeMs even without a notification (the watch may be down)', async () => {
    await appendTicks(target.store, 'tick-a', 5);
    const quietWatcher = new LogWatcher(target.store); // never started: no notifications
    const shared = new SharedTail(counted, quietWatcher, { capacity: 100, pageSize: 50, maxAgeMs: 30, shareForMs: 0 });
    const first = await shared.readAll(pageAfter(START_POSITION, 50));
    const end = first[first.length - 1].position;
    await appendTicks(target.store, 'tick-b', 3);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect((await shared.readAll(pageAfter(end, 50))).map((event) => event.streamId)).toEqual(['tick-b', 'tick-b', 'tick-b']);
  });

  it('sends a reader behind the window, backwards or willing to wait to the store', async () => {
    await appendTicks(target.store, 'tick-a', 30);
    const shared = tail(10, 5);
    const everything = await target.store.readAll();
    // walk the window to the end of the log: it keeps the newest 10 events only
    let from = everything[19].position;
    for (let got = await shared.readAll(pageAfter(from, 5)); got.length > 0; got = await shared.readAll(pageAfter(from, 5))) from = got[got.length - 1].position;
    expect(positionToString(from)).toBe(positionToString(everything[29].position));
    const reads = storeReads.length;
    expect(positions(await shared.readAll(pageAfter(everything[2].position, 5)))).toEqual(positions(everything.slice(3, 8)));
    expect(positions(await shared.readAll({ direction: 'backwards', maxCount: 2 }))).toEqual(positions([everything[29], everything[28]]));
    expect(positions(await shared.readAll({ fromPosition: everything[27].position }))).toEqual(positions(everything.slice(28)));
    expect(storeReads.length).toBe(reads + 3);
  });
});
