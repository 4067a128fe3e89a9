import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';
import { Spring40Orders } from '../../../../test/support/spring40-orders';
import { LedgerClient } from '../http/ledger-client';
import { mismatches } from './mismatches.command';

const KEYS = {
  checkout: 'checkout-key-cli-mismatches-0123',
  pricing: 'pricing-key-cli-mismatches-0123',
  marketing: 'marketing-key-cli-mismatches-0123',
  finance: 'finance-key-cli-mismatches-0123',
  support: 'support-key-cli-mismatches-0123',
};

/** `ledger mismatches` against the whole ledger over real HTTP, as finance would run it. */
describe.each(e2eStores())('ledger mismatches on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let finance: LedgerClient;
  const orderIds: string[] = [];

  beforeAll(async () => {
    ledger = await startE2eLedger(store, Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(','));
    app = ledger.app;
    const orders = new Spring40Orders(app, KEYS, 'cli-mismatches');
    await orders.setUp();
    let last = '';
    for (const customer of ['alice', 'bob', 'carol']) {
      const order = await orders.overcharged(customer, `psp-${customer}`);
      orderIds.push(order.orderId);
      last = order.position;
    }
    // wait through the API itself until the read model has the last charge, so the CLI reads a settled model
    await request(app.getHttpServer()).get('/v1/mismatches').query({ minPosition: last }).set({ Authorization: `Bearer ${KEYS.finance}` }).expect(200);
    finance = new LedgerClient({ baseUrl: await app.getUrl(), apiKey: KEYS.finance });
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('prints every mismatch across pages as a table, with the exposure per currency', async () => {
    const output = await mismatches(finance, { pageSize: 2 });
    expect(output.exitCode).toBe(0);
    expect(output.lines[0]).toMatch(/^order\s+customer\s+campaigns\s+expected\s+charged\s+delta\s+status\s+detected$/);
    const rows = output.lines.slice(2, -2);
    expect(rows).toHaveLength(3);
    for (const [index, customer] of ['alice', 'bob', 'carol'].entries()) {
      expect(rows[index]).toMatch(new RegExp(`^${orderIds[index]}\\s+${customer}\\s+spring40\\s+89\\.00 USD\\s+129\\.00 USD\\s+\\+40\\.00 USD\\s+open\\s+\\d{4}-\\d{2}-\\d{2}T`));
    }
    expect(output.lines.at(-1)).toBe('3 mismatches; exposure (still owed to shoppers): 120.00 USD');
  });

  it('filters by status and campaign, and prints JSON with --json', async () => {
    const resolved = await mismatches(finance, { status: 'resolved' });
    expect(resolved.lines[0]).toMatch(/^no mismatches/);
    expect(resolved.lines.at(-1)).toBe('0 mismatches; exposure (still owed to shoppers): nothing owed to shoppers');
    const json = JSON.parse((await mismatches(finance, { campaign: 'spring40', json: true, pageSize: 1 })).lines.join('\n')) as { items: { orderId: string }[]; totals: unknown };
    expect(json.items.map((item) => item.orderId)).toEqual(orderIds);
    expect(json.totals).toEqual({ count: 3, exposure: [{ amount: 12000, currency: 'USD' }] });
    expect((await mismatches(finance, { campaign: 'no-such-campaign' })).lines.at(-1)).toMatch(/^0 mismatches/);
  });

  it('refuses a status other than open or resolved (exit 2) and a key of the wrong role (exit 2, with the ledger’s sentence)', async () => {
    await expect(mismatches(finance, { status: 'closed' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--status is "closed"; give open or resolved/) });
    const support = new LedgerClient({ baseUrl: await app.getUrl(), apiKey: KEYS.support });
    await expect(mismatches(support)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^GET \/v1\/mismatches answered 403 FORBIDDEN: /) });
  });
});
