import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EsdbEventStore, type EventStore, openPgliteEventStore, openPostgresEventStore } from '@promo-ledger/event-store';
import { IN_MEMORY, type LedgerConfig } from '../config/ledger-config';

/** What choosing and opening the store needs; apps/projector passes its own. */
export type StorageConfig = Pick<LedgerConfig, 'mode' | 'dataDir' | 'databaseUrl' | 'eventStoreUrl'>;
import { domainEventTypes } from './domain-event-types';

/** The one place that knows which adapter backs the ledger; everything else sees the EventStore port. */
export async function openEventStore(config: StorageConfig): Promise<EventStore> {
  const registry = domainEventTypes();
  switch (config.mode) {
    case 'embedded': {
      if (config.dataDir === IN_MEMORY) return openPgliteEventStore({ registry });
      const dataDir = join(config.dataDir, 'pglite');
      await mkdir(dataDir, { recursive: true });
      return openPgliteEventStore({ registry, dataDir });
    }
    case 'postgres':
      return openPostgresEventStore({ registry, connectionString: required(config.databaseUrl), applicationName: 'promo-ledger' });
    case 'eventstoredb': {
      const store = await EsdbEventStore.connect(required(config.eventStoreUrl), { registry });
      // the client connects lazily: fail at start, not on the first command, when the server is unreachable
      await store.headPosition().catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
      return store;
    }
  }
}

function required(value: string | null): string {
  if (value === null) throw new Error('a connection string is required in this mode');
  return value;
}
