import { EsdbEventStore } from '@promo-ledger/event-store';
import { EsdbEmulator } from '../support/esdb-emulator/esdb-emulator';
import { conformanceRegistry } from './conformance-fixtures';
import type { ConformanceTarget } from './conformance-target';
import { describeEventStoreConformance } from './event-store.conformance';

/**
 * The esdb adapter against the in-repo EventStoreDB emulator (a test fixture: see
 * test/support/esdb-emulator/README.md). Always runs: the emulator needs nothing installed.
 */
async function emulatorTarget(): Promise<ConformanceTarget> {
  // 8 MiB, like infra/docker-compose.eventstore.yml sets EVENTSTORE_MAX_APPEND_SIZE: the suite appends a 1 MB event.
  const emulator = await EsdbEmulator.start(0, { maxAppendSize: 8 * 1024 * 1024 });
  const store = await EsdbEventStore.connect(emulator.connectionString, { registry: conformanceRegistry });
  return {
    name: 'esdb (emulator)',
    store,
    // Like a server crash and restart: live subscriptions and connections drop, the log survives.
    restart: () => emulator.restart(200),
    tamper: (streamId, revision, data) => Promise.resolve(emulator.tamper(streamId, revision, data)),
    dispose: async () => {
      await store.close();
      await emulator.stop();
    },
  };
}

describeEventStoreConformance(emulatorTarget, 'esdb (emulator)');
