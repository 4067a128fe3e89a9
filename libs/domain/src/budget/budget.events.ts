import type { AmountByCurrency } from '../campaign/terms';
import type { DomainEvent } from '../decider';
import type { Money } from '../money';

/**
 * Stream `budget-<campaignId>`. Every event carries the campaign's running totals after it and the
 * customer's count after it, so the last event alone answers "how much is left" for read models and
 * for the reserve hot path; the long stream need not be read whole to reserve.
 */
export interface BudgetTotals {
  /** Redemptions held: reserved or confirmed, not released. */
  readonly redemptions: number;
  /** Discount held per currency, in minor units: reserved or confirmed, not released. */
  readonly discountGiven: AmountByCurrency;
}

interface RunningTotals {
  readonly totals: BudgetTotals;
  /** Redemptions this customer holds on the campaign after this event. */
  readonly customerCount: number;
}

export type RedemptionReserved = DomainEvent<
  'RedemptionReserved',
  RunningTotals & {
    readonly campaignId: string;
    readonly reservationId: string;
    readonly orderId: string;
    readonly customerId: string;
    readonly discount: Money;
    readonly reservedAt: string;
  }
>;

export type RedemptionConfirmed = DomainEvent<
  'RedemptionConfirmed',
  RunningTotals & {
    readonly campaignId: string;
    readonly reservationId: string;
    readonly orderId: string;
    readonly customerId: string;
    readonly confirmedAt: string;
  }
>;

export type RedemptionReleased = DomainEvent<
  'RedemptionReleased',
  RunningTotals & {
    readonly campaignId: string;
    readonly reservationId: string;
    readonly orderId: string;
    readonly customerId: string;
    readonly discount: Money;
    readonly reason: string;
    readonly releasedAt: string;
  }
>;

export type BudgetEvent = RedemptionReserved | RedemptionConfirmed | RedemptionReleased;
