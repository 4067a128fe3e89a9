import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { SqlExecutor } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';
import { SQL_DATABASE } from '../store/sql-database';
import { IdempotencyRetention } from './idempotency-retention';

const KEYS = { checkout: 'checkout-key-retention-0123456789' };
const CHECKOUT_KEY_ID = `checkout:${createHash('sha256').update(KEYS.checkout).digest('hex').slice(0, 8)}`;

/** Records older than LEDGER_IDEMPOTENCY_RETENTION_HOURS go; younger ones keep answering retries. */
describe.each(e2eStores())('idempotency retention on %s', (store) => {
  let ledger: E2eLedger;
  const http = (app: INestApplication) => request(app.getHttpServer());
  const open = (key: string) => http(ledger.app).post('/v1/carts').set({ Authorization: `Bearer ${KEYS.checkout}`, 'Idempotency-Key': key }).send({ customerId: `retention-${key}`, currency: 'USD' });
  const db = () => ledger.app.get<SqlExecutor>(SQL_DATABASE);
  /** The keys of this spec that still have a record. */
  const keptKeys = async () =>
    (await db().query<{ scope_key: string }>('SELECT scope_key FROM idempotency_records WHERE starts_with(scope_key, $1) ORDER BY scope_key', [`${CHECKOUT_KEY_ID}:retention-`]))
      .map((row) => row.scope_key.slice(CHECKOUT_KEY_ID.length + 1));
  const age = (key: string, hours: number) =>
    db().query(`UPDATE idempotency_records SET created_at = now() - make_interval(hours => $2) WHERE scope_key = $1`, [`${CHECKOUT_KEY_ID}:${key}`, hours]);

  beforeAll(async () => {
    ledger = await startE2eLedger(store, `checkout=${KEYS.checkout}`, { LEDGER_IDEMPOTENCY_RETENTION_HOURS: '48' });
  });
  afterAll(() => ledger.close());

  it('deletes the records whose first attempt began more than the retention ago, and keeps the rest', async () => {
    for (const key of ['retention-old-1', 'retention-old-2', 'retention-edge', 'retention-new']) await open(key).expect(201);
    await age('retention-old-1', 49);
    await age('retention-old-2', 49);
    await age('retention-edge', 47);

    expect(await ledger.app.get(IdempotencyRetention).sweepOnce()).toBe(2);
    expect(await keptKeys()).toEqual(['retention-edge', 'retention-new']);
    const retry = await open('retention-edge').expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await ledger.app.get(IdempotencyRetention).sweepOnce()).toBe(0);
  });
});
