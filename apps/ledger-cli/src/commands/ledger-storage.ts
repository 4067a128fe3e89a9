import { mkdir } from 'node:fs/promises';
import { IN_MEMORY, InvalidConfigError, loadStorageConfig } from '../../../ledger-api/src/config/ledger-config';
import type { StorageConfig } from '../../../ledger-api/src/store/open-event-store';
import { CliInputError } from './read-json';

/**
 * Where the ledger keeps its data, read from the environment as the ledger reads it, for the
 * commands that open the store themselves (rebuild, verify). A bad combination is the caller's to
 * fix (exit 2); an in-memory ledger cannot be opened from outside its process.
 */
export async function ledgerStorage(env: NodeJS.ProcessEnv, command: string): Promise<StorageConfig> {
  let storage: StorageConfig;
  try {
    storage = loadStorageConfig(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new CliInputError(error.message);
    throw error;
  }
  if (storage.mode !== 'embedded') return storage;
  if (storage.dataDir === IN_MEMORY) throw new CliInputError(`LEDGER_DATA_DIR=memory:// keeps the ledger inside its own process: there is nothing for \`ledger ${command}\` to open`);
  await mkdir(storage.dataDir, { recursive: true });
  return storage;
}
