import { getEventListeners } from 'node:events';
import { type EngineTarget, openEngineTarget } from '../testing/engine-harness';
import { LogWatcher } from './log-watcher';
import { pauseUnless } from './pause';

/**
 * A runner waits between batches many times a second for as long as it holds its lease, each wait
 * cut short by one long-lived signal (lost lease, stop). What a wait leaves on that signal stays
 * until the signal fires: these check that every wait takes its listener off when it ends.
 */
describe('waits between batches', () => {
  let target: EngineTarget;
  let watcher: LogWatcher;

  beforeEach(async () => {
    target = await openEngineTarget('pglite');
    watcher = new LogWatcher(target.store);
  });
  afterEach(async () => {
    watcher.stop();
    await target.dispose();
  });

  const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

  it('a wait for the next append lets go of the signal when it times out, is woken or is aborted', async () => {
    const lease = new AbortController();
    for (let wait = 0; wait < 20; wait += 1) await watcher.next(watcher.mark(), 1, lease.signal);
    expect(listeners(lease.signal)).toBe(0);

    const woken = watcher.next(watcher.mark(), 60_000, lease.signal);
    expect(listeners(lease.signal)).toBe(1);
    watcher.wakeAll();
    await woken;
    expect(listeners(lease.signal)).toBe(0);

    const aborted = watcher.next(watcher.mark(), 60_000, lease.signal);
    lease.abort();
    await aborted;
    expect(listeners(lease.signal)).toBe(0);
    // once the lease is gone a wait does not start
    await watcher.next(watcher.mark(), 60_000, lease.signal);
  });

  it('a pause lets go of the stop signal when it ends, and stop cuts a long one short', async () => {
    const stop = new AbortController();
    for (let pause = 0; pause < 20; pause += 1) await pauseUnless(1, stop.signal);
    expect(listeners(stop.signal)).toBe(0);

    const long = pauseUnless(60_000, stop.signal);
    stop.abort();
    await long;
    expect(listeners(stop.signal)).toBe(0);
  });
});
