import type { CampaignLimits } from '../campaign/terms';
import { accept, assertNever, reject, type Decider, type Decision, type DomainCommand } from '../decider';
import { add, compare, formatMoney, isSupportedCurrency, money, type Money } from '../money';
import { lookup } from '../persistent-map';
import type { BudgetEvent } from './budget.events';
import { discountGivenIn, evolveBudget, initialBudgetState, totalsWith, type BudgetState } from './budget.state';

export type ReserveRedemption = DomainCommand<
  'ReserveRedemption',
  {
    readonly campaignId: string;
    readonly reservationId: string;
    readonly orderId: string;
    readonly customerId: string;
    readonly discount: Money;
  }
>;
export type ConfirmRedemption = DomainCommand<'ConfirmRedemption', { readonly campaignId: string; readonly reservationId: string }>;
export type ReleaseRedemption = DomainCommand<
  'ReleaseRedemption',
  { readonly campaignId: string; readonly reservationId: string; readonly reason: string }
>;
export type BudgetCommand = ReserveRedemption | ConfirmRedemption | ReleaseRedemption;

export interface BudgetContext {
  readonly now: string;
  /** The limits of the campaign's terms version in force. */
  readonly limits: CampaignLimits;
  /** The customer's redemptions of this campaign as the handler loaded them (see BudgetState). */
  readonly customerRedemptions?: number;
}

export const BudgetRejections = {
  exhausted: 'BUDGET_EXHAUSTED',
  customerLimitReached: 'CUSTOMER_LIMIT_REACHED',
  invalidDiscount: 'BUDGET.INVALID_DISCOUNT',
  reservationNotFound: 'BUDGET.RESERVATION_NOT_FOUND',
  reservationReleased: 'BUDGET.RESERVATION_RELEASED',
} as const;

type BudgetDecision = Decision<BudgetEvent>;

export function decideBudget(command: BudgetCommand, state: BudgetState, context: BudgetContext): BudgetDecision {
  switch (command.type) {
    case 'ReserveRedemption':
      return reserve(command, state, context);
    case 'ConfirmRedemption': {
      const { campaignId, reservationId } = command.data;
      const held = lookup(state.reservations, reservationId);
      if (held === undefined) return notFound(reservationId);
      if (held.status === 'released') {
        return reject(BudgetRejections.reservationReleased, `Reservation ${reservationId} was released; reserve the redemption again before confirming.`);
      }
      if (held.status === 'confirmed') return accept(); // a retried confirmation
      const customerCount = lookup(state.customerCounts, held.customerId) ?? 0;
      return accept({
        type: 'RedemptionConfirmed',
        data: { campaignId, reservationId, orderId: held.orderId, customerId: held.customerId, totals: state.totals, customerCount, confirmedAt: context.now },
      });
    }
    case 'ReleaseRedemption': {
      const { campaignId, reservationId, reason } = command.data;
      const held = lookup(state.reservations, reservationId);
      if (held === undefined) return notFound(reservationId);
      // Cancellation and the abandoned-cart reconciler may both release: the second is a no-op.
      if (held.status === 'released') return accept();
      const customerCount = Math.max(0, (lookup(state.customerCounts, held.customerId) ?? 0) - 1);
      return accept({
        type: 'RedemptionReleased',
        data: {
          campaignId, reservationId, orderId: held.orderId, customerId: held.customerId, discount: held.discount, reason,
          totals: totalsWith(state.totals, held.discount, -1), customerCount, releasedAt: context.now,
        },
      });
    }
    default:
      return assertNever(command);
  }
}

function reserve(command: ReserveRedemption, state: BudgetState, { now, limits, customerRedemptions }: BudgetContext): BudgetDecision {
  const { campaignId, reservationId, orderId, customerId, discount } = command.data;
  // a retried reservation is done already; one that was released is taken again, like a new one: a
  // checkout that failed after reserving released it, and its retry under the same order id must hold
  // the budget again, not go on to place the order on a reservation that no longer counts
  if ((lookup(state.reservations, reservationId)?.status ?? 'released') !== 'released') return accept();
  if (!isSupportedCurrency(discount.currency) || !Number.isSafeInteger(discount.amount) || discount.amount < 0) {
    return reject(BudgetRejections.invalidDiscount, `Give the discount as a whole, non-negative number of minor units in a supported currency.`);
  }
  if (limits.maxRedemptions !== undefined && state.totals.redemptions + 1 > limits.maxRedemptions) {
    return exhausted(`all ${limits.maxRedemptions} redemptions are taken`);
  }
  if (limits.maxDiscount !== undefined) {
    // A cap that does not name this currency allows no discount in it: refuse rather than over-spend.
    const cap = money(limits.maxDiscount[discount.currency] ?? 0, discount.currency);
    const after = add(discountGivenIn(state.totals, discount.currency), discount);
    if (compare(after, cap) > 0) return exhausted(`its ${formatMoney(cap)} discount budget cannot cover ${formatMoney(discount)} more`);
  }
  const held = Math.max(lookup(state.customerCounts, customerId) ?? 0, customerRedemptions ?? 0);
  if (limits.perCustomer !== undefined && held + 1 > limits.perCustomer) {
    return reject(
      BudgetRejections.customerLimitReached,
      `You have already used this promotion ${held} time(s), the most allowed; remove the code to check out without it.`,
      { perCustomer: limits.perCustomer, customerRedemptions: held },
    );
  }
  return accept({
    type: 'RedemptionReserved',
    data: {
      campaignId, reservationId, orderId, customerId, discount,
      totals: totalsWith(state.totals, discount, 1), customerCount: held + 1, reservedAt: now,
    },
  });
}

function exhausted(why: string): BudgetDecision {
  return reject(BudgetRejections.exhausted, `This promotion has run out (${why}); remove the code to check out without it.`);
}

function notFound(reservationId: string): BudgetDecision {
  return reject(BudgetRejections.reservationNotFound, `There is no reservation ${reservationId} on this campaign; check the reservation id.`);
}

export const budgetDecider: Decider<BudgetCommand, BudgetEvent, BudgetState, BudgetContext> = {
  initialState: initialBudgetState,
  evolve: evolveBudget,
  decide: decideBudget,
};
