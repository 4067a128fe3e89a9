import { fixtureTargets, type GivenEvent, ProjectionFixture } from '../../testing/projection-fixture';
import { syntheticWorkload } from '../../testing/synthetic-workload';
import { orderTotalsProjection } from './order-totals.projection';

interface Tally {
  readonly orders: number;
  readonly discounted: number;
  readonly inconsistent: number;
  readonly mismatches: number;
  readonly missedDiscount: number;
}

/**
 * The synthetic ledger drives real checkouts (SPRING40, an automatic campaign, per-customer limits,
 * price changes, cancellations) and charges a share of discounted orders without their discount.
 * Every order placed by the real checkout must recompute to exactly what it recorded, and every
 * mismatch must be one of those faulty charges.
 */
describe.each(fixtureTargets())('order_totals over a synthetic workload on %s', (target) => {
  it('recomputes every checked-out order to its recorded total; the only mismatches are the charges that missed the discount', async () => {
    const events: GivenEvent[] = [];
    for (const append of syntheticWorkload({ orders: 1_200, seed: 11 })) {
      for (const event of append.events) events.push({ streamId: append.streamId, event, occurredAt: append.occurredAt });
    }
    const fixture = await ProjectionFixture.open(orderTotalsProjection, target);
    try {
      for (let start = 0; start < events.length; start += 1_000) await fixture.given(...events.slice(start, start + 1_000));
      const [tally] = await fixture.db.query<Tally>(`SELECT
          count(*) FILTER (WHERE order_id IS NOT NULL)::int AS orders,
          count(*) FILTER (WHERE discount_total > 0)::int AS discounted,
          count(*) FILTER (WHERE inconsistency)::int AS inconsistent,
          count(*) FILTER (WHERE delta <> 0)::int AS mismatches,
          count(*) FILTER (WHERE delta <> 0 AND delta = discount_total)::int AS "missedDiscount"
        FROM ${fixture.schema.view('order_totals')}`);
      expect(tally.inconsistent).toBe(0);
      expect(tally.mismatches).toBe(tally.missedDiscount);
      expect(tally.mismatches).toBeGreaterThan(0);
      expect(tally.discounted).toBeGreaterThan(tally.mismatches);
      expect(tally.orders).toBeGreaterThan(900);
    } finally {
      await fixture.close();
    }
  });
});
