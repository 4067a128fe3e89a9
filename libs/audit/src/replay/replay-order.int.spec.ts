import { type EventStore, openPgliteEventStore, type SqlEventStore } from '@promo-ledger/event-store';
import { AuditLedger } from '../testing/audit-ledger';
import { auditStores, openAuditStore } from '../testing/audit-stores';
import { domainEventTypes } from '../testing/event-types';
import { at, beforeTheSale, missedDiscountOrder, spring40Terms } from '../testing/spring40-order';
import type { AuditReport } from './audit-report';
import { replayOrder, type ReplayOutcome } from './replay-order';

const usd = (amount: number) => ({ amount, currency: 'USD' });

function reportOf(outcome: ReplayOutcome): AuditReport {
  if (outcome.kind !== 'report') throw new Error(`expected a report, got ${outcome.rejection.code}: ${outcome.rejection.message}`);
  return outcome.report;
}

/** The SPRING40 sale on a store: order-1 charged full price, order-2 the same but refunded, then terms v2 (50 USD off). */
async function theSale(store: EventStore): Promise<void> {
  const ledger = new AuditLedger(store);
  await beforeTheSale(ledger);
  await missedDiscountOrder(ledger, 'order-1', 0);
  await missedDiscountOrder(ledger, 'order-2', 10);
  await ledger.refund('order-2', 4000, 'refund-order-2', at(20));
  await ledger.reviseTerms('spring40', spring40Terms(5000), at(60 * 24 * 5));
}

describe('replay of the SPRING40 missed-discount order (in-memory PGlite)', () => {
  let store: SqlEventStore;
  beforeAll(async () => {
    store = await openPgliteEventStore({ registry: domainEventTypes() });
    await theSale(store);
  });
  afterAll(() => store.close());

  it('walks the price, campaign, cart and order events in log order, one step each, with the state after each', async () => {
    const report = reportOf(await replayOrder(store, 'order-1'));
    expect(report.steps.map((step) => step.type)).toEqual([
      'PriceSet', 'CampaignCreated', 'CampaignActivated', 'CartOpened', 'ItemAdded', 'CouponAttached', 'QuoteIssued', 'CartCheckedOut', 'OrderPlaced', 'ChargeRecorded',
    ]);
    expect(report.steps.map((step) => step.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(report.steps[3].state).toMatchObject({ subtotal: usd(0), discounts: [], expectedTotal: usd(0) });
    expect(report.steps[4].state).toMatchObject({ subtotal: usd(12900), expectedTotal: usd(12900) });
    expect(report.steps[5].state.discounts).toEqual([
      { campaignId: 'spring40', campaignVersion: 1, code: 'SPRING40', amount: usd(4000), explanation: 'SPRING40 v1: eligible subtotal 129.00 USD (fashion-apparel) ≥ 100.00 USD → −40.00 USD' },
    ]);
    expect(report.steps[8].state).toMatchObject({ subtotal: usd(12900), expectedTotal: usd(8900) });
    expect(report.steps[8].state.evaluations).toEqual([expect.objectContaining({ campaignId: 'spring40', campaignVersion: 1, outcome: 'applied' })]);
    expect(report.steps[9].explanation).toBe('charge psp-order-1 of 129.00 USD taken (129.00 USD charged in all)');
    expect(report.steps.every((step) => /^\d+\/\d+$/.test(step.position))).toBe(true);
  });

  it('names the charge as the first divergence and owes the 40.00 USD the checkout dropped', async () => {
    const report = reportOf(await replayOrder(store, 'order-1'));
    expect(report).toMatchObject({ orderId: 'order-1', mode: 'as-recorded', whatIf: null, quotedTotal: usd(8900), expectedTotal: usd(8900), charged: usd(12900), delta: usd(4000) });
    expect(report.firstDivergence).toEqual({
      index: 9,
      reason: 'charged 129.00 USD, but the order should have cost 89.00 USD (SPRING40 v1 −40.00 USD): overcharged 40.00 USD',
    });
    expect(report.refundDue).toEqual(usd(4000));
    expect(report.steps.filter((step) => step.divergence !== null).map((step) => step.index)).toEqual([9]);
  });

  it('owes nothing more once the overcharge was refunded, and still shows where it diverged', async () => {
    const report = reportOf(await replayOrder(store, 'order-2'));
    expect(report.steps.at(-1)?.type).toBe('RefundRecorded');
    expect(report).toMatchObject({ refunded: usd(4000), refundDue: usd(0), firstDivergence: { index: 9 } });
  });

  it('gives byte-identical output for the same log', async () => {
    const first = JSON.stringify(reportOf(await replayOrder(store, 'order-1')));
    const second = JSON.stringify(reportOf(await replayOrder(store, 'order-1')));
    expect(second).toBe(first);
  });

  describe('what-if', () => {
    it('judges the order by terms v2 (50 USD off): a different expected total, diverging at the quote', async () => {
      const report = reportOf(await replayOrder(store, 'order-1', { mode: 'what-if', termsVersion: 2 }));
      expect(report).toMatchObject({ mode: 'what-if', whatIf: { campaignId: 'spring40', termsVersion: 2 }, expectedTotal: usd(7900), delta: usd(5000), refundDue: usd(5000) });
      expect(report.firstDivergence).toEqual({
        index: 6,
        reason: 'the shopper was quoted 89.00 USD (SPRING40 v1 −40.00 USD), but campaign spring40 terms v2 give 79.00 USD (SPRING40 v2 −50.00 USD)',
      });
    });

    it('takes the current terms when no version is named', async () => {
      const report = reportOf(await replayOrder(store, 'order-1', { mode: 'what-if' }));
      expect(report).toMatchObject({ whatIf: { campaignId: 'spring40', termsVersion: 2 }, expectedTotal: usd(7900) });
    });

    it('with the version in force gives the as-recorded totals', async () => {
      const report = reportOf(await replayOrder(store, 'order-1', { mode: 'what-if', termsVersion: 1 }));
      expect(report).toMatchObject({ expectedTotal: usd(8900), refundDue: usd(4000), firstDivergence: { index: 9 } });
    });

    it.each([
      [{ mode: 'what-if', termsVersion: 3 }, 'AUDIT.TERMS_VERSION_NOT_FOUND'],
      [{ mode: 'what-if', campaignId: 'autumn10' }, 'AUDIT.INVALID_CAMPAIGN'],
      [{ mode: 'as-recorded', termsVersion: 1 }, 'AUDIT.INVALID_OPTIONS'],
    ] as const)('refuses %j with %s', async (options, code) => {
      const outcome = await replayOrder(store, 'order-1', options);
      expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code } });
    });
  });

  it('answers ORDER.NOT_FOUND for an order the log does not hold', async () => {
    expect(await replayOrder(store, 'order-404')).toMatchObject({ kind: 'rejected', rejection: { code: 'ORDER.NOT_FOUND' } });
  });
});

describe('replay on PGlite and PostgreSQL', () => {
  const both = auditStores().length === 2 ? it : it.skip;
  both('gives the same report from the same commands on both stores', async () => {
    const [pglite, postgres] = [await openAuditStore('pglite'), await openAuditStore('postgres')];
    try {
      await theSale(pglite.store);
      await theSale(postgres.store);
      const onPglite = reportOf(await replayOrder(pglite.store, 'order-1'));
      const onPostgres = reportOf(await replayOrder(postgres.store, 'order-1'));
      // Positions are each store's own numbering; everything else must match byte for byte.
      const withoutPositions = (report: AuditReport) => JSON.stringify({ ...report, steps: report.steps.map((step) => ({ ...step, position: '' })) });
      expect(withoutPositions(onPostgres)).toBe(withoutPositions(onPglite));
      expect(onPostgres.firstDivergence?.index).toBe(9);
    } finally {
      await pglite.dispose();
      await postgres.dispose();
    }
  });
});
