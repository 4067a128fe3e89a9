import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits `ms`, or less when `signal` is aborted first; never rejects for the abort. The timer takes
 * its listener off the signal when it fires, so a signal that lives as long as its runner does not
 * keep every pause (and its timer) alive, as a `then` on a never-settling stop promise did.
 */
export async function pauseUnless(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch((error: unknown) => {
    if (!signal.aborted) throw error;
  });
}
