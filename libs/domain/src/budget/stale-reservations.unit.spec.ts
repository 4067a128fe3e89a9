import { money } from '../money';
import type { BudgetEvent } from './budget.events';
import { evolveBudget, initialBudgetState, staleReservations } from './budget.state';

const usd = (amount: number) => money(amount, 'USD');
const totals = { redemptions: 1, discountGiven: { USD: 4000 } };
const reserved = (reservationId: string, reservedAt: string): BudgetEvent => ({
  type: 'RedemptionReserved',
  data: { campaignId: 'spring40', reservationId, orderId: reservationId, customerId: `c-${reservationId}`, discount: usd(4000), totals, customerCount: 1, reservedAt },
});
const fold = (events: BudgetEvent[]) => events.reduce(evolveBudget, initialBudgetState());

describe('stale reservations', () => {
  it('given a reservation taken 10 minutes ago and one taken a minute ago, when the timeout is 5 minutes, then only the old one is stale', () => {
    const state = fold([reserved('old', '2026-03-20T12:00:00Z'), reserved('new', '2026-03-20T12:09:00Z')]);
    expect(staleReservations(state, '2026-03-20T12:10:00Z', 5 * 60_000).map((entry) => entry.reservationId)).toEqual(['old']);
  });

  it('given a confirmed or released reservation, it is never stale however old', () => {
    const confirmed: BudgetEvent = { type: 'RedemptionConfirmed', data: { campaignId: 'spring40', reservationId: 'old', orderId: 'old', customerId: 'c-old', totals, customerCount: 1, confirmedAt: '2026-03-20T12:01:00Z' } };
    const state = fold([reserved('old', '2026-03-20T12:00:00Z'), confirmed]);
    expect(staleReservations(state, '2026-03-21T00:00:00Z', 0)).toEqual([]);
  });
});
