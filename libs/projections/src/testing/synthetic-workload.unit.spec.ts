import {
  type BudgetEvent, type CartEvent, type ChargeRecorded, entriesOf, eventRegistration, EVENT_REGISTRY, evolveBudget, evolveCart, evolveOrder, initialBudgetState,
  initialCartState, initialOrderState, isStoredEventType, type OrderEvent, type QuoteIssued, streamCategory,
} from '@promo-ledger/domain';
import { EventTypeRegistry, openPgliteEventStore } from '@promo-ledger/event-store';
import { appendWorkload, countEvents, syntheticWorkload, type WorkloadAppend } from './synthetic-workload';

const generate = (orders: number, seed: number, faultShare?: number): WorkloadAppend[] => [...syntheticWorkload({ orders, seed, ...(faultShare === undefined ? {} : { faultShare }) })];

function eventsOfType<E extends { type: string }>(appends: readonly WorkloadAppend[], type: E['type']): E[] {
  return appends.flatMap((append) => append.events.filter((event) => event.type === type)) as unknown as E[];
}

function streams(appends: readonly WorkloadAppend[], prefix: string): Map<string, WorkloadAppend['events']> {
  const byStream = new Map<string, WorkloadAppend['events']>();
  for (const append of appends) {
    if (!append.streamId.startsWith(prefix)) continue;
    const events = byStream.get(append.streamId) ?? [];
    events.push(...append.events);
    byStream.set(append.streamId, events);
  }
  return byStream;
}

describe('synthetic workload', () => {
  const workload = generate(4_000, 7);
  const count = (type: string): number => eventsOfType(workload, type).length;

  it('is the same for the same seed and different for another', () => {
    expect(JSON.stringify(generate(300, 11))).toBe(JSON.stringify(generate(300, 11)));
    expect(JSON.stringify(generate(300, 12))).not.toBe(JSON.stringify(generate(300, 11)));
  });

  it('writes only registered event types, each on a stream of its own category', () => {
    const misplaced = workload.flatMap((append) =>
      append.events.filter((event) => !isStoredEventType(event.type) || streamCategory(append.streamId) !== eventRegistration(event.type)?.category).map((event) => `${event.type} on ${append.streamId}`),
    );
    expect(misplaced).toEqual([]);
    expect(new Set(workload.flatMap((append) => append.events.map((event) => event.type))).size).toBeGreaterThanOrEqual(20);
  });

  it('folds every cart, order and budget stream with the real evolve functions', () => {
    const carts = [...streams(workload, 'cart-').values()].map((events) => (events as CartEvent[]).reduce(evolveCart, initialCartState()));
    expect(carts.filter((cart) => cart.status === 'open')).toEqual([]);
    const orders = [...streams(workload, 'order-').values()].map((events) => (events as OrderEvent[]).reduce(evolveOrder, initialOrderState()));
    expect(orders.every((order) => order.status !== 'none' && order.charged.amount > 0)).toBe(true);
    const budgets = [...streams(workload, 'budget-').values()].map((events) => (events as BudgetEvent[]).reduce(evolveBudget, initialBudgetState()));
    const reservations = budgets.flatMap((budget) => entriesOf(budget.reservations).map(([, reservation]) => reservation));
    expect(reservations.length).toBeGreaterThan(0);
    expect(reservations.filter((reservation) => reservation.status === 'reserved')).toEqual([]);
  });

  it('produces the configured mix of outcomes', () => {
    const carts = count('CartOpened');
    expect(carts).toBe(4_000);
    expect(count('CartAbandoned') / carts).toBeCloseTo(0.1, 1);
    expect(count('CouponRejected') / carts).toBeGreaterThan(0.015);
    expect(count('CouponRejected') / carts).toBeLessThan(0.05);
    expect(count('OrderPlaced')).toBe(count('CartCheckedOut'));
    expect(count('OrderCancelled') / count('OrderPlaced')).toBeCloseTo(0.05, 1);
    expect(count('RedemptionReleased')).toBeGreaterThan(0);
    expect(count('PriceSet')).toBeGreaterThan(30);

    const spring40Quotes = eventsOfType<QuoteIssued>(workload, 'QuoteIssued').filter((quote) => quote.data.coupons.some((coupon) => coupon.code === 'SPRING40'));
    expect(spring40Quotes.length / carts).toBeCloseTo(0.7, 1);
    const notEligible = spring40Quotes.filter((quote) => quote.data.coupons.some((coupon) => coupon.status === 'not_eligible'));
    expect(notEligible.length / spring40Quotes.length).toBeCloseTo(0.2, 1);
  });

  it.each([0.15, 0.5])('charges about %p of discounted orders without the discount', (faultShare) => {
    const appends = faultShare === 0.15 ? workload : generate(4_000, 7, faultShare);
    const charges = eventsOfType<ChargeRecorded>(appends, 'ChargeRecorded');
    const discounted = new Set(eventsOfType<OrderEvent>(appends, 'OrderPlaced').flatMap((placed) => (placed.type === 'OrderPlaced' && placed.data.discounts.length > 0 ? [placed.data.orderId] : [])));
    const mismatched = charges.filter((charge) => charge.data.mismatch);
    expect(mismatched.every((charge) => charge.data.delta.amount > 0)).toBe(true);
    expect(mismatched.length / discounted.size).toBeCloseTo(faultShare, 1);
  });

  it('keeps time moving forwards and stops near maxEvents', () => {
    const instants = workload.map((append) => Date.parse(append.occurredAt));
    expect(instants.every((instant, index) => index === 0 || instant > instants[index - 1])).toBe(true);
    const events = countEvents(syntheticWorkload({ orders: Number.MAX_SAFE_INTEGER, seed: 3, maxEvents: 5_000 }));
    expect(events).toBeGreaterThanOrEqual(5_000);
    expect(events).toBeLessThan(5_600);
  });

  it.each([false, true])('appends concurrently (coalescing: %p) yet keeps each stream, and each shopper, in the generated order', async (coalesce) => {
    const registry = new EventTypeRegistry(Object.fromEntries(EVENT_REGISTRY.map((entry) => [entry.type, { schemaVersion: entry.schemaVersion }])));
    const store = await openPgliteEventStore({ registry });
    try {
      const appends = generate(60, 5);
      const appended = await appendWorkload(store, appends, { concurrency: 8, coalesce });
      expect(appended).toBe(countEvents(appends));
      const log = await store.readAll({ maxCount: 100_000 });
      expect(log).toHaveLength(appended);
      const logOrder = (streamId: string): string[] => log.filter((event) => event.streamId === streamId).map((event) => JSON.stringify(event.data));
      for (const [streamId, events] of streams(appends, '')) expect(logOrder(streamId)).toEqual(events.map((event) => JSON.stringify(event.data)));
      const position = new Map(log.map((event, index) => [event.metadata.correlationId + event.streamId + JSON.stringify(event.data), index]));
      const placedAfterCheckout = appends.filter((append) => append.streamId.startsWith('order-') && append.events[0].type === 'OrderPlaced').every((placed) => {
        const checkedOut = appends.find((append) => append.flow === placed.flow && append.events[0].type === 'CartCheckedOut');
        const key = (append: WorkloadAppend | undefined) => position.get(`${append?.correlationId}${append?.streamId}${JSON.stringify(append?.events[0].data)}`) ?? -1;
        return key(checkedOut) >= 0 && key(checkedOut) < key(placed);
      });
      expect(placedAfterCheckout).toBe(true);
      expect(log[log.length - 1].metadata.actor).toEqual({ keyId: 'synthetic', role: 'checkout' });

      // a second workload with its own ids goes to the same store without touching the first one's streams; `limit` stops it early
      const second = await appendWorkload(store, syntheticWorkload({ orders: 60, seed: 5, idPrefix: 'second' }), { concurrency: 4, limit: 300 });
      expect(second).toBeGreaterThanOrEqual(300);
      expect(second).toBeLessThan(310);
      const added = (await store.readAll({ maxCount: 100_000 })).slice(log.length);
      expect(added).toHaveLength(second);
      expect(added.filter((event) => !/^(price-SECOND-|registry-campaigns$|campaign-second-|cart-second-|budget-second-|order-order-|customer-second-)/.test(event.streamId))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
