import type { CommandOutput } from '../commands/terms-check.command';
import { startEmbeddedLedger } from './embedded-ledger';
import { simulate, type SimulateFlags } from './simulate.command';
import type { Progress } from './simulate-spring40';

/** How often the demo's ledger evaluates its monitors: a pager checking twice a second. */
const DEMO_MONITOR_INTERVAL_MS = 500;

/**
 * `npm run demo`: a fresh embedded ledger, then `ledger simulate spring40` against it over HTTP,
 * then the ledger is stopped and its data removed. Everything the simulation accepts passes through.
 */
export async function demo(flags: SimulateFlags, progress: Progress): Promise<CommandOutput> {
  const started = Date.now();
  progress('starting an embedded ledger (PGlite in memory)…');
  const ledger = await startEmbeddedLedger(DEMO_MONITOR_INTERVAL_MS);
  try {
    progress(`ledger ready at ${ledger.url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const output = await simulate('spring40', { settleMs: String(DEMO_MONITOR_INTERVAL_MS * 4), ...flags }, { LEDGER_URL: ledger.url, LEDGER_API_KEYS: ledger.apiKeys }, progress);
    return { ...output, lines: [...output.lines, '', `the whole story took ${((Date.now() - started) / 1000).toFixed(0)} s`] };
  } finally {
    await ledger.stop();
  }
}
