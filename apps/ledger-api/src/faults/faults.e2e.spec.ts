import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, expectProblem, startE2eLedger } from '../../../../test/support/e2e-ledger';
import { Spring40Orders } from '../../../../test/support/spring40-orders';

const KEYS = {
  checkout: 'checkout-key-faults-0123456789',
  pricing: 'pricing-key-faults-0123456789',
  marketing: 'marketing-key-faults-0123456789',
  finance: 'finance-key-faults-0123456789',
  admin: 'admin-key-faults-0123456789',
};
const keys = Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',');

/**
 * The postmortem's second fault on demand: with LEDGER_FAULT_INJECTION=on, admin holds the read
 * models back; a charge is then not readable through them until the hold ends and they catch up.
 */
describe.each(e2eStores())('fault injection: projections held back on %s', (store) => {
  let ledger: E2eLedger;
  let counter = 0;
  const http = (app: INestApplication) => request(app.getHttpServer());
  const as = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}`, 'Idempotency-Key': `faults-e2e-${(counter += 1)}` });

  afterEach(async () => {
    await ledger.close();
  });

  it('is off unless configured: 404 FAULT_INJECTION_OFF, and nothing stops', async () => {
    ledger = await startE2eLedger(store, keys);
    expectProblem(await http(ledger.app).post('/v1/admin/faults/projection-lag').set(as('admin')).send({ seconds: 5 }), 404, 'FAULT_INJECTION_OFF');
    const orders = new Spring40Orders(ledger.app, KEYS, 'faults-off');
    await orders.setUp();
    const charged = await orders.overcharged('alice', 'psp-off');
    await http(ledger.app).get('/v1/mismatches').query({ minPosition: charged.position }).set(as('finance')).expect(200);
  });

  it('on: 400 for a bad duration; held back, a charge is 503 READ_MODEL_LAGGING; after the hold it is listed', async () => {
    ledger = await startE2eLedger(store, keys, { LEDGER_FAULT_INJECTION: 'on' });
    const app = ledger.app;
    const orders = new Spring40Orders(app, KEYS, 'faults-on');
    await orders.setUp();
    expectProblem(await http(app).post('/v1/admin/faults/projection-lag').set(as('admin')).send({ seconds: 0 }), 400, 'VALIDATION_FAILED');
    expectProblem(await http(app).post('/v1/admin/faults/projection-lag').set(as('finance')).send({ seconds: 8 }), 403, 'FORBIDDEN');

    const held = await http(app).post('/v1/admin/faults/projection-lag').set(as('admin')).send({ seconds: 8 }).expect(202);
    expect(Date.parse(held.body.heldBackUntil as string)).toBeGreaterThan(Date.now());
    const charged = await orders.overcharged('alice', 'psp-on');
    expectProblem(await http(app).get('/v1/mismatches').query({ minPosition: charged.position }).set(as('finance')), 503, 'READ_MODEL_LAGGING');

    const deadline = Date.now() + 30_000;
    let listed = await http(app).get('/v1/mismatches').query({ minPosition: charged.position }).set(as('finance'));
    while (listed.status === 503 && Date.now() < deadline) listed = await http(app).get('/v1/mismatches').query({ minPosition: charged.position }).set(as('finance'));
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ orderId: charged.orderId, status: 'open' })]);
  }, 60_000);
});
