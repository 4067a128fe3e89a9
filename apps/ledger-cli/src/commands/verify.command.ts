import { verifyAll } from '@promo-ledger/audit';
import type { EventStore } from '@promo-ledger/event-store';
import { openEventStore } from '../../../ledger-api/src/store/open-event-store';
import { ledgerStorage } from './ledger-storage';
import type { CommandOutput } from './terms-check.command';

/**
 * `ledger verify`: opens the store the ledger uses (DATABASE_URL / EVENTSTORE_URL / LEDGER_DATA_DIR)
 * and checks every stream's hash chain. Exit 1 when any stream is broken, naming each with the
 * first broken revision and why. Embedded PGlite belongs to one process: stop the ledger first.
 */
export async function verify(env: NodeJS.ProcessEnv = process.env, progress: (line: string) => void = () => undefined): Promise<CommandOutput> {
  const store: EventStore = await openEventStore(await ledgerStorage(env, 'verify'));
  try {
    const report = await verifyAll(store, (checked) => progress(`  ${checked} streams checked…`));
    const summary = `${report.streams} streams, ${report.events} events checked`;
    if (report.broken.length === 0) return { exitCode: 0, lines: [`${summary}: every hash chain holds`] };
    return {
      exitCode: 1,
      lines: [
        `${summary}: ${report.broken.length} stream${report.broken.length === 1 ? '' : 's'} broken`,
        ...report.broken.map((broken) => `  ${broken.streamId} at revision ${broken.revision}: ${broken.reason}`),
      ],
    };
  } finally {
    await store.close();
  }
}
