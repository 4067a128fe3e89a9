import type { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import { createLedgerApp } from '../../apps/ledger-api/src/bootstrap';
import { loadLedgerConfig } from '../../apps/ledger-api/src/config/ledger-config';
import { type E2eStorage, type E2eStore, prepareStorage } from './e2e-storage';

/** The whole ledger-api on real HTTP (an ephemeral loopback port) over `store`, with these API keys. */
export interface E2eLedger {
  readonly app: INestApplication;
  close(): Promise<void>;
}

export async function startE2eLedger(store: E2eStore, apiKeys: string, env: Readonly<Record<string, string>> = {}): Promise<E2eLedger> {
  const storage: E2eStorage = await prepareStorage(store);
  const app = await createLedgerApp(loadLedgerConfig({ ...storage.env, LEDGER_API_KEYS: apiKeys, LOG_LEVEL: 'silent', ...env }));
  await app.listen(0, '127.0.0.1');
  return {
    app,
    close: async () => {
      await app.close();
      await storage.dispose();
    },
  };
}

/**
 * `count` ledger-api instances on one fresh PostgreSQL database, each on its own loopback port with
 * its own pool, caches and in-process projections: the stateless replicas of DESIGN §3.
 */
export async function startE2eReplicas(count: number, apiKeys: string): Promise<{ readonly apps: readonly INestApplication[]; close(): Promise<void> }> {
  const storage: E2eStorage = await prepareStorage('postgres');
  const apps: INestApplication[] = [];
  for (let index = 0; index < count; index += 1) {
    const app = await createLedgerApp(loadLedgerConfig({ ...storage.env, LEDGER_API_KEYS: apiKeys, LOG_LEVEL: 'silent' }));
    await app.listen(0, '127.0.0.1');
    apps.push(app);
  }
  return {
    apps,
    close: async () => {
      for (const app of apps) await app.close();
      await storage.dispose();
    },
  };
}

/** Asserts an RFC 9457 answer with this status and code, and returns its body for further checks. */
export function expectProblem(response: Response, status: number, code: string): Record<string, unknown> {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(response.text) as Record<string, unknown>;
  expect(body.code).toBe(code);
  expect(typeof body.detail).toBe('string');
  return body;
}
