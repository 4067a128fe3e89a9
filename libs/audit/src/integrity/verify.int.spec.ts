import { AuditLedger } from '../testing/audit-ledger';
import { type AuditStore, auditStores, openAuditStore } from '../testing/audit-stores';
import { beforeTheSale, missedDiscountOrder } from '../testing/spring40-order';
import { verifyAll, verifyStream } from './verify';

describe.each(auditStores())('hash-chain verification on %s', (kind) => {
  let target: AuditStore;
  beforeAll(async () => {
    target = await openAuditStore(kind);
    const ledger = new AuditLedger(target.store);
    await beforeTheSale(ledger);
    await missedDiscountOrder(ledger, 'order-1', 0);
    await missedDiscountOrder(ledger, 'order-2', 10);
  });
  afterAll(() => target.dispose());

  it('passes every untouched stream', async () => {
    const report = await verifyAll(target.store);
    expect(report.broken).toEqual([]);
    // the registry, 2 prices, the campaign, 2 carts and 2 orders; every event of each counted once
    expect(report.streams).toBe(8);
    expect(report.events).toBe((await target.store.readAll()).length);
  });

  it('names the tampered stream and revision, and only that one', async () => {
    // The charge of order-1 rewritten to look as if the discount had been honoured.
    const [, charge] = await target.store.readStream('order-order-1');
    await target.tamper('order-order-1', 1n, { ...charge.data, amount: { amount: 8900, currency: 'USD' }, totalCharged: { amount: 8900, currency: 'USD' } });

    expect(await verifyStream(target.store, 'order-order-1')).toEqual({
      streamId: 'order-order-1', ok: false, events: 2,
      brokenAt: { revision: '1', reason: 'hash does not match the content: the event was altered after it was written' },
    });
    expect(await verifyStream(target.store, 'order-order-2')).toMatchObject({ ok: true, brokenAt: null });
    const report = await verifyAll(target.store);
    expect(report.broken).toEqual([{ streamId: 'order-order-1', revision: '1', reason: expect.stringContaining('altered') }]);
  });
});
