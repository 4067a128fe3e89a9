import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { requireOrSkip } from '../../../../test/conformance/conformance-target';
import { EsdbEmulator } from '../../../../test/support/esdb-emulator/esdb-emulator';
import { createLedgerApp } from '../bootstrap';
import { loadLedgerConfig } from '../config/ledger-config';

/** The same app, chosen by configuration only: events in PostgreSQL, or in EventStoreDB (the emulator here). */
const databaseUrl = process.env.DATABASE_URL;
const KEYS = 'admin=storage-modes-admin-key-0123456789';

async function startApp(env: Record<string, string>): Promise<INestApplication> {
  const app = await createLedgerApp(loadLedgerConfig({ ...env, LEDGER_API_KEYS: KEYS, LOG_LEVEL: 'silent' }));
  await app.listen(0, '127.0.0.1');
  return app;
}

if (requireOrSkip('PostgreSQL (DATABASE_URL)', Boolean(databaseUrl)) === 'run' && databaseUrl) {
  describe('storage modes', () => {
    it('postgres: DATABASE_URL puts events in PostgreSQL and readiness reaches it', async () => {
      const app = await startApp({ DATABASE_URL: databaseUrl });
      try {
        const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
        expect(response.body.info.storage).toMatchObject({ status: 'up', mode: 'postgres', store: 'postgres' });
      } finally {
        await app.close();
      }
    });

    it('eventstoredb: EVENTSTORE_URL puts events in EventStoreDB; readiness follows the server', async () => {
      const emulator = await EsdbEmulator.start();
      const app = await startApp({ DATABASE_URL: databaseUrl, EVENTSTORE_URL: emulator.connectionString });
      try {
        const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
        expect(ready.body.info.storage).toMatchObject({ status: 'up', mode: 'eventstoredb' });
        await emulator.stop();
        const down = await request(app.getHttpServer()).get('/health/ready').expect(503);
        expect(JSON.parse(down.text)).toMatchObject({ code: 'NOT_READY' });
      } finally {
        await app.close();
        await emulator.stop();
      }
    });

    it('eventstoredb: refuses to start when the server is unreachable', async () => {
      const emulator = await EsdbEmulator.start();
      const url = emulator.connectionString;
      await emulator.stop();
      await expect(startApp({ DATABASE_URL: databaseUrl, EVENTSTORE_URL: url })).rejects.toThrow();
    });
  });
} else {
  describe('storage modes', () => {
    it.skip('need DATABASE_URL (postgres://…); CI always sets it', () => undefined);
  });
}
