import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { EventStore } from '@promo-ledger/event-store';
import request from 'supertest';
import { createLedgerApp } from '../bootstrap';
import { loadLedgerConfig } from '../config/ledger-config';

describe('health over real HTTP', () => {
  let app: INestApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-health-'));
    app = await createLedgerApp(loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }));
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers liveness', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toMatchObject({ status: 'ok' });
  });

  it('is ready when its storage is writable, naming the mode', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { storage: { status: 'up', mode: 'embedded', store: 'pglite' } } });
  });

  it('reports every projection with its lag in events and seconds', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    const { lag, runners } = response.body.info.projections as { lag: { projection: string; lagEvents: number; lagSeconds: number }[]; runners: { projection: string }[] };
    expect(lag.map((entry) => entry.projection).sort()).toEqual(['campaign_stats', 'mismatches', 'order_totals', 'price_history', 'redemptions']);
    for (const entry of lag) expect(entry).toMatchObject({ lagEvents: expect.any(Number), lagSeconds: expect.any(Number) });
    expect(runners).toHaveLength(5);
  });

  it('serves the OpenAPI document', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(response.body).toMatchObject({ info: { title: 'promo-ledger' } });
    expect(Object.keys(response.body.paths as object)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
  });
});

describe('readiness when the store goes away', () => {
  const KEY = 'checkout-key-0123456789abcdef';

  it('answers 503 NOT_READY with the reason while liveness stays up, and commands 503 STORE_UNAVAILABLE', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-health-down-'));
    const app = await createLedgerApp(loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', LEDGER_API_KEYS: `checkout=${KEY}` }));
    await app.listen(0, '127.0.0.1');
    try {
      await request(app.getHttpServer()).get('/health/ready').expect(200);
      await app.get(EventStore).close();
      const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.parse(response.text)).toMatchObject({ status: 503, code: 'NOT_READY', checks: { storage: { status: 'down' } } });
      await request(app.getHttpServer()).get('/health/live').expect(200);
      // a command meanwhile: a retryable 503 that says when to retry, not a 500
      const command = await request(app.getHttpServer()).post('/v1/carts').set('Authorization', `Bearer ${KEY}`).set('Idempotency-Key', 'store-away-1').send({ customerId: 'alice', currency: 'USD' });
      expect(command.status).toBe(503);
      expect(command.headers['retry-after']).toBe('2');
      expect(JSON.parse(command.text)).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE' });
    } finally {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
