import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLedgerApp } from '../bootstrap';
import { loadLedgerConfig } from '../config/ledger-config';
import { ROLES, type Role } from './api-keys';

/**
 * DESIGN §8's route table, as data: for every route and every role, the role either gets past
 * authorisation (whatever the body then earns: 2xx, 400, 404 …) or is refused with 403; no key is
 * 401 everywhere. Admin may call every route. The behaviour behind each route is specified in the
 * slice's own spec; this one pins who may call what.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const ALL: readonly Role[] = ROLES;

const TABLE: readonly (readonly [Method, string, readonly Role[]])[] = [
  ['post', '/v1/campaigns', ['marketing']],
  ['put', '/v1/campaigns/c1/terms', ['marketing']],
  ['post', '/v1/campaigns/c1/activate', ['marketing']],
  ['post', '/v1/campaigns/c1/pause', ['marketing']],
  ['post', '/v1/campaigns/c1/end', ['marketing']],
  ['post', '/v1/campaigns/c1/codes', ['marketing']],
  ['get', '/v1/campaigns/c1', ['marketing', 'support', 'finance']],
  ['put', '/v1/prices/SKU-1', ['pricing']],
  ['post', '/v1/prices/batch', ['pricing']],
  ['get', '/v1/prices/SKU-1', ['checkout', 'pricing', 'marketing', 'support', 'finance']],
  ['post', '/v1/carts', ['checkout']],
  ['get', '/v1/carts/cart-1', ['checkout']],
  ['post', '/v1/carts/cart-1/items', ['checkout']],
  ['patch', '/v1/carts/cart-1/items/SKU-1', ['checkout']],
  ['delete', '/v1/carts/cart-1/items/SKU-1', ['checkout']],
  ['put', '/v1/carts/cart-1/shipping', ['checkout']],
  ['post', '/v1/carts/cart-1/coupons', ['checkout']],
  ['delete', '/v1/carts/cart-1/coupons/SPRING40', ['checkout']],
  ['post', '/v1/carts/cart-1/quote', ['checkout']],
  ['post', '/v1/carts/cart-1/checkout', ['checkout']],
  ['post', '/v1/orders/o1/charges', ['checkout']],
  ['post', '/v1/orders/o1/refunds', ['checkout']],
  ['post', '/v1/orders/o1/cancel', ['checkout']],
  ['post', '/v1/orders/o1/disputes', ['support', 'finance']],
  ['post', '/v1/orders/o1/disputes/d1/resolve', ['finance']],
  ['get', '/v1/orders/o1', ['support', 'finance']],
  ['get', '/v1/redemptions', ['support', 'finance']],
  ['get', '/v1/mismatches', ['finance']],
  ['get', '/v1/campaigns/c1/stats', ['marketing', 'support', 'finance']],
  ['get', '/v1/prices/SKU-1/history', ['checkout', 'pricing', 'marketing', 'support', 'finance']],
  ['get', '/v1/orders/o1/audit', ['finance']],
  ['get', '/v1/orders/o1/audit.csv', ['finance']],
  ['get', '/v1/orders/o1/audit.html', ['finance']],
  ['get', '/v1/streams/order-o1/verify', ['finance', 'admin']],
  ['get', '/v1/alerts', ['marketing', 'support', 'finance']],
  ['post', '/v1/admin/faults/projection-lag', []],
];

const keyOf = (role: Role): string => `${role}-route-table-key-0123456789`;

describe('who may call what (DESIGN §8)', () => {
  let app: INestApplication;
  let dataDir: string;
  let counter = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-roles-'));
    const keys = ALL.map((role) => `${role}=${keyOf(role)}`).join(',');
    app = await createLedgerApp(loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_API_KEYS: keys, LOG_LEVEL: 'silent' }));
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = (method: Method, path: string, role: Role | null) => {
    const pending = request(app.getHttpServer())[method](path).set('Idempotency-Key', `route-table-${(counter += 1)}`);
    return (role === null ? pending : pending.set('Authorization', `Bearer ${keyOf(role)}`)).send(method === 'get' || method === 'delete' ? undefined : {});
  };

  describe.each(TABLE)('%s %s', (method, path, allowed) => {
    it('401 without a key', async () => {
      expect((await call(method, path, null)).status).toBe(401);
    });

    it.each(ALL)('%s', async (role) => {
      const { status } = await call(method, path, role);
      if (role === 'admin' || allowed.includes(role)) expect([401, 403]).not.toContain(status);
      else expect(status).toBe(403);
    });
  });

  it.each(['/health/live', '/health/ready'])('%s is open', async (path) => {
    expect((await request(app.getHttpServer()).get(path)).status).toBe(200);
  });
});
