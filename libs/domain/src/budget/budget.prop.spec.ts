import fc from 'fast-check';
import type { CampaignLimits } from '../campaign/terms';
import type { Decision } from '../decider';
import { frozenFold } from '../testing/deep-freeze';
import { usd } from '../testing/fixtures';
import { budgetDecider, type BudgetCommand } from './budget.decider';
import type { BudgetEvent } from './budget.events';
import type { BudgetState } from './budget.state';
import { entriesOf, lookup } from '../persistent-map';

const now = '2026-03-20T12:00:00Z';
const reservationIds = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
const customers = ['c0', 'c1', 'c2'];

const command: fc.Arbitrary<BudgetCommand> = fc.oneof(
  fc.record({
    type: fc.constant('ReserveRedemption' as const),
    data: fc.record({
      campaignId: fc.constant('camp'),
      reservationId: fc.constantFrom(...reservationIds),
      orderId: fc.constantFrom('o1', 'o2'),
      customerId: fc.constantFrom(...customers),
      discount: fc.integer({ min: 0, max: 5000 }).map(usd),
    }),
  }),
  fc.record({
    type: fc.constant('ConfirmRedemption' as const),
    data: fc.record({ campaignId: fc.constant('camp'), reservationId: fc.constantFrom(...reservationIds) }),
  }),
  fc.record({
    type: fc.constant('ReleaseRedemption' as const),
    data: fc.record({ campaignId: fc.constant('camp'), reservationId: fc.constantFrom(...reservationIds), reason: fc.constant('test') }),
  }),
);

const limits: fc.Arbitrary<CampaignLimits> = fc.record({
  maxRedemptions: fc.integer({ min: 0, max: 5 }),
  maxDiscount: fc.integer({ min: 0, max: 12000 }).map((amount) => ({ USD: amount })),
  perCustomer: fc.integer({ min: 1, max: 3 }),
});

function run(commands: readonly BudgetCommand[], campaignLimits: CampaignLimits): { events: BudgetEvent[]; states: BudgetState[] } {
  const events: BudgetEvent[] = [];
  const states: BudgetState[] = [budgetDecider.initialState()];
  let state = states[0];
  for (const next of commands) {
    const decision: Decision<BudgetEvent> = budgetDecider.decide(next, state, { now, limits: campaignLimits });
    for (const event of decision.events) {
      events.push(event);
      state = budgetDecider.evolve(state, event);
      states.push(state);
    }
  }
  return { events, states };
}

describe('budget properties', () => {
  it('never holds more than maxRedemptions, maxDiscount or perCustomer, whatever the order of commands', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), limits, (commands, campaignLimits) => {
        const { states } = run(commands, campaignLimits);
        for (const state of states) {
          const held = entriesOf(state.reservations).map(([, reservation]) => reservation).filter((reservation) => reservation.status !== 'released');
          expect(state.totals.redemptions).toBe(held.length);
          expect(state.totals.redemptions).toBeLessThanOrEqual(campaignLimits.maxRedemptions ?? Infinity);
          const given = held.reduce((total, reservation) => total + reservation.discount.amount, 0);
          expect(state.totals.discountGiven.USD ?? 0).toBe(given);
          expect(given).toBeLessThanOrEqual(campaignLimits.maxDiscount?.USD ?? Infinity);
          for (const customer of customers) {
            const count = held.filter((reservation) => reservation.customerId === customer).length;
            expect(lookup(state.customerCounts, customer) ?? 0).toBe(count);
            expect(count).toBeLessThanOrEqual(campaignLimits.perCustomer ?? Infinity);
          }
        }
      }),
    );
  });

  it('folds the same events to the same state twice, mutating neither events nor states', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), limits, (commands, campaignLimits) => {
        const { events } = run(commands, campaignLimits);
        const before = structuredClone(events);
        const first = frozenFold(budgetDecider, events);
        const second = frozenFold(budgetDecider, events);
        expect(second).toEqual(first);
        expect(events).toEqual(before);
      }),
    );
  });
});
