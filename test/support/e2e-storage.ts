import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { requireOrSkip } from '../conformance/conformance-target';

/**
 * Where an end-to-end suite's ledger keeps its data: a temp PGlite directory always, and a fresh
 * PostgreSQL database (created here, dropped after) when DATABASE_URL is set — which CI requires.
 * Each suite runs once per store: `describe.each(e2eStores())('… on %s', (store) => …)`.
 */
export type E2eStore = 'pglite' | 'postgres';

export interface E2eStorage {
  /** Environment for loadLedgerConfig (LEDGER_DATA_DIR or DATABASE_URL). */
  readonly env: Readonly<Record<string, string>>;
  dispose(): Promise<void>;
}

export function e2eStores(): E2eStore[] {
  const postgres = requireOrSkip('PostgreSQL (DATABASE_URL) for the e2e suites', Boolean(process.env.DATABASE_URL)) === 'run';
  return postgres ? ['pglite', 'postgres'] : ['pglite'];
}

export async function prepareStorage(store: E2eStore): Promise<E2eStorage> {
  if (store === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-e2e-'));
    return { env: { LEDGER_DATA_DIR: dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.DATABASE_URL ?? '';
  const database = `ledger_e2e_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${database}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    env: { DATABASE_URL: url.toString() },
    dispose: () => withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)),
  };
}

async function withAdmin(url: string, work: (admin: Client) => Promise<unknown>): Promise<void> {
  const admin = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}
