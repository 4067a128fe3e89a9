import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { findIncident } from './incident-report';
import { LedgerHttp } from './ledger-http';
import { simulateSpring40, type SimulationOptions } from './simulate-spring40';

const ADMIN_KEY = 'simulation-admin-key-0123456789';

/**
 * The incident, reduced to a few hundred shoppers, against the whole ledger over real HTTP: the
 * monitors stay quiet on clean traffic, raise an alert once the checkout starts dropping SPRING40,
 * and the ledger's exposure is exactly the discounts the fault dropped.
 */
describe.each(e2eStores())('ledger simulate spring40, reduced, on %s', (store) => {
  let ledger: E2eLedger;

  beforeAll(async () => {
    ledger = await startE2eLedger(store, `admin=${ADMIN_KEY}`, { LEDGER_MONITOR_INTERVAL_MS: '250' });
  });
  afterAll(() => ledger.close());

  it('no alert before the fault; an alert after it; exposure = the discounts dropped, order for order', async () => {
    const url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    const options: SimulationOptions = { size: 240, faultShare: 0.25, faultAfter: 0.5, seed: 7, hours: 1, concurrency: 4, speed: 0, runTag: 'e2e', settleMs: 1500, projectionLag: 0 };
    const result = await simulateSpring40(LedgerHttp.fromEnv({ LEDGER_API_KEY: ADMIN_KEY }, url), options, () => undefined);
    const findings = findIncident(result);

    expect(result.alertsBeforeFault).toEqual([]);
    expect(result.alertsAfterFault.length).toBeGreaterThan(0);
    expect(findings.affected.length).toBeGreaterThan(0);
    const dropped = result.after.reduce((sum, outcome) => sum + outcome.discountDropped, 0);
    expect(findings.refundTotal).toBe(dropped);
    expect(result.ledgerMismatches.exposure).toBe(dropped);
    expect([...result.ledgerMismatches.orderIds].sort()).toEqual(findings.affected.map((outcome) => outcome.orderId).sort());
  }, 240_000);
});
