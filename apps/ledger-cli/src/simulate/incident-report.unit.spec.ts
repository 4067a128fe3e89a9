import type { AlertView } from './alert-watch';
import { findIncident } from './incident-report';
import type { ShopperOutcome } from './shopper-run';
import type { SimulationOptions, SimulationResult } from './simulate-spring40';

const options: SimulationOptions = { size: 6, seed: 1, faultShare: 0.5, faultAfter: 0.5, hours: 1, concurrency: 1, speed: 0, runTag: 't', settleMs: 0, projectionLag: 0 };

/** An order by shopper `index`, arriving at `arrivesAt` s, charged at log position `commit`. */
function order(index: number, arrivesAt: number, commit: number, due: number, dropped = 0): ShopperOutcome {
  return {
    plan: { index, arrivesAt, items: [], code: 'SPRING40', exit: 'pays', retriesCheckout: false, chargedWithoutDiscount: dropped > 0 },
    cartId: `cart-${index}`, couponAnswer: 'applied', orderId: `order-${index}`, discountDue: due, expectedTotal: 8900,
    charged: 8900 + dropped, discountDropped: dropped, chargePosition: `${commit}/${commit}`, checkoutReplayed: false,
  };
}

const alert = (position: string): AlertView => ({ alertId: 'a1', rule: 'mismatch', status: 'firing', summary: '1 order charged more than expected', raisedAt: '2026-11-24T00:00:00Z', position });

function result(overrides: Partial<SimulationResult>): SimulationResult {
  return {
    options, startedAt: '2026-11-24T00:00:00Z', faultFrom: 3,
    before: [order(0, 0, 10, 4000), order(1, 100, 20, 0), order(2, 200, 30, 4000)],
    after: [order(3, 300, 40, 4000), order(4, 400, 50, 4000, 4000), order(5, 500, 60, 4000, 4000)],
    alertsBeforeFault: [], alertsAfterFault: [alert('55/55')],
    ledgerMismatches: { orderIds: ['order-4', 'order-5'], exposure: 8000 },
    ...overrides,
  };
}

describe('the incident report', () => {
  it('counts the discount-due orders charged between the fault and the alert, and the simulated time they span', () => {
    const findings = findIncident(result({}));
    expect(findings.timing).toMatchObject({ dueOrdersBefore: 2, affectedBefore: 1, simulatedSeconds: 100 });
    expect(findings.rateBefore).toBe(1);
    expect(findings.rateAfter).toBeCloseTo(1 / 3);
    expect(findings.refundTotal).toBe(8000);
    expect(findings.checks.every((check) => check.ok)).toBe(true);
  });

  it('fails a check when the ledger misses an affected order or its exposure differs', () => {
    const findings = findIncident(result({ ledgerMismatches: { orderIds: ['order-4'], exposure: 4000 } }));
    expect(findings.checks.filter((check) => !check.ok).map((check) => check.sentence)).toEqual([
      "the ledger's mismatches are exactly the 2 orders the fault hit (ledger lists 1)",
      "the ledger's exposure equals the discounts dropped (40.00 USD vs 80.00 USD)",
    ]);
  });

  it('with the read models held back, an alert after the fault is enough: how soon is not judged', () => {
    const held = { ...options, projectionLag: 20 };
    expect(findIncident(result({ options: held })).checks[1]).toMatchObject({ ok: true, sentence: expect.stringContaining('held back 20 s') });
    expect(findIncident(result({ options: held, alertsAfterFault: [] })).checks[1].ok).toBe(false);
  });

  it('fails when an alert fired before the fault, or none after it', () => {
    expect(findIncident(result({ alertsBeforeFault: [alert('5/5')] })).checks[0].ok).toBe(false);
    expect(findIncident(result({ alertsAfterFault: [] })).checks[1].ok).toBe(false);
  });
});
