import { spec } from '../testing/decider-spec';
import { SPRING40_ID, spring40Terms, usd } from '../testing/fixtures';
import type { BudgetCommand, BudgetContext } from './budget.decider';
import { budgetDecider } from './budget.decider';
import type { BudgetEvent } from './budget.events';
import { budgetStateFromLatest } from './budget.state';

const now = '2026-03-20T12:00:00Z';
const campaignId = SPRING40_ID;
const ctx: BudgetContext = { now, limits: spring40Terms.limits };
const budget = spec(budgetDecider);

const reserveCommand = (reservationId: string, customerId = 'c-1', amount = 4000): BudgetCommand => ({
  type: 'ReserveRedemption',
  data: { campaignId, reservationId, orderId: `o-${reservationId}`, customerId, discount: usd(amount) },
});
const reserved = (reservationId: string, customerId: string, redemptions: number, given: number, customerCount = 1): BudgetEvent => ({
  type: 'RedemptionReserved',
  data: {
    campaignId, reservationId, orderId: `o-${reservationId}`, customerId, discount: usd(4000),
    totals: { redemptions, discountGiven: { USD: given } }, customerCount, reservedAt: now,
  },
});
const released = (reservationId: string, customerId: string, redemptions: number, given: number): BudgetEvent => ({
  type: 'RedemptionReleased',
  data: {
    campaignId, reservationId, orderId: `o-${reservationId}`, customerId, discount: usd(4000), reason: 'order cancelled',
    totals: { redemptions, discountGiven: { USD: given } }, customerCount: 0, releasedAt: now,
  },
});

describe('budget decider', () => {
  describe('ReserveRedemption', () => {
    it('reserves and carries the running totals and the customer count', () => {
      budget.given([reserved('r1', 'c-1', 1, 4000)]).when(reserveCommand('r2', 'c-2'), ctx).then([reserved('r2', 'c-2', 2, 8000)]);
    });

    it('treats a retried reservation as already done', () => {
      budget.given([reserved('r1', 'c-1', 1, 4000)]).when(reserveCommand('r1'), ctx).then([]);
    });

    it('takes a released reservation again when it is retried (a checkout retried under its own order id after it failed)', () => {
      budget.given([reserved('r1', 'c-1', 1, 4000), released('r1', 'c-1', 0, 0)]).when(reserveCommand('r1'), ctx).then([reserved('r1', 'c-1', 1, 4000)]);
      const limits = { maxRedemptions: 1 };
      budget.given([reserved('r1', 'c-1', 1, 4000), released('r1', 'c-1', 0, 0), reserved('r2', 'c-2', 1, 4000)]).when(reserveCommand('r1'), { now, limits }).thenRejects('BUDGET_EXHAUSTED');
    });

    it('rejects with BUDGET_EXHAUSTED when maxRedemptions is reached', () => {
      const limits = { maxRedemptions: 1 };
      budget.given([reserved('r1', 'c-1', 1, 4000)]).when(reserveCommand('r2', 'c-2'), { now, limits }).thenRejects('BUDGET_EXHAUSTED');
    });

    it('rejects with BUDGET_EXHAUSTED when the discount budget would be exceeded, or has no amount in the currency', () => {
      const limits = { maxDiscount: { USD: 7999 } };
      budget.given([reserved('r1', 'c-1', 1, 4000)]).when(reserveCommand('r2', 'c-2'), { now, limits }).thenRejects('BUDGET_EXHAUSTED');
      const eur: BudgetCommand = { type: 'ReserveRedemption', data: { campaignId, reservationId: 'r3', orderId: 'o', customerId: 'c', discount: { amount: 1, currency: 'EUR' } } };
      budget.given([]).when(eur, { now, limits }).thenRejects('BUDGET_EXHAUSTED');
    });

    it('rejects with CUSTOMER_LIMIT_REACHED when the customer already holds perCustomer redemptions', () => {
      budget.given([reserved('r1', 'c-1', 1, 4000)]).when(reserveCommand('r2', 'c-1'), ctx).thenRejects('CUSTOMER_LIMIT_REACHED');
    });

    it('counts the customer from the context when the state was rebuilt from the last event only', () => {
      const hotPath = budgetStateFromLatest(reserved('r9', 'c-9', 9, 36000));
      const decision = budgetDecider.decide(reserveCommand('r10', 'c-1'), hotPath, { ...ctx, customerRedemptions: 1 });
      expect(decision.kind === 'rejected' && decision.rejection.code).toBe('CUSTOMER_LIMIT_REACHED');
    });

    it('lets a customer redeem again after their reservation was released', () => {
      budget
        .given([reserved('r1', 'c-1', 1, 4000), released('r1', 'c-1', 0, 0)])
        .when(reserveCommand('r2', 'c-1'), ctx)
        .then([reserved('r2', 'c-1', 1, 4000)]);
    });

    it('rejects a negative discount with BUDGET.INVALID_DISCOUNT', () => {
      budget.given([]).when(reserveCommand('r1', 'c-1', -5), ctx).thenRejects('BUDGET.INVALID_DISCOUNT');
    });
  });

  describe('ConfirmRedemption', () => {
    const confirm: BudgetCommand = { type: 'ConfirmRedemption', data: { campaignId, reservationId: 'r1' } };
    const confirmed: BudgetEvent = {
      type: 'RedemptionConfirmed',
      data: { campaignId, reservationId: 'r1', orderId: 'o-r1', customerId: 'c-1', totals: { redemptions: 1, discountGiven: { USD: 4000 } }, customerCount: 1, confirmedAt: now },
    };

    it('confirms a reservation, totals unchanged; a retry is a no-op', () => {
      budget.given([reserved('r1', 'c-1', 1, 4000)]).when(confirm, ctx).then([confirmed]);
      budget.given([reserved('r1', 'c-1', 1, 4000), confirmed]).when(confirm, ctx).then([]);
    });

    it('rejects an unknown reservation with BUDGET.RESERVATION_NOT_FOUND', () => {
      budget.given([]).when(confirm, ctx).thenRejects('BUDGET.RESERVATION_NOT_FOUND');
    });

    it('rejects a released reservation with BUDGET.RESERVATION_RELEASED', () => {
      budget.given([reserved('r1', 'c-1', 1, 4000), released('r1', 'c-1', 0, 0)]).when(confirm, ctx).thenRejects('BUDGET.RESERVATION_RELEASED');
    });
  });

  describe('ReleaseRedemption', () => {
    const release: BudgetCommand = { type: 'ReleaseRedemption', data: { campaignId, reservationId: 'r1', reason: 'order cancelled' } };

    it('gives the redemption and the discount back', () => {
      budget.given([reserved('r1', 'c-1', 1, 4000)]).when(release, ctx).then([released('r1', 'c-1', 0, 0)]);
    });

    it('is a no-op for a reservation already released (cancel and reconciler may both release)', () => {
      budget.given([reserved('r1', 'c-1', 1, 4000), released('r1', 'c-1', 0, 0)]).when(release, ctx).then([]);
    });

    it('rejects an unknown reservation with BUDGET.RESERVATION_NOT_FOUND', () => {
      budget.given([]).when(release, ctx).thenRejects('BUDGET.RESERVATION_NOT_FOUND');
    });
  });
});
