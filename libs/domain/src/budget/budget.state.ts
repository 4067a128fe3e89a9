import { assertNever } from '../decider';
import { add, money, subtract, type Money } from '../money';
import type { BudgetEvent, BudgetTotals } from './budget.events';
import { emptyMap, entriesOf, type PersistentMap, mapFrom, lookup, withEntry } from '../persistent-map';

export interface Reservation {
  readonly orderId: string;
  readonly customerId: string;
  readonly discount: Money;
  readonly status: 'reserved' | 'confirmed' | 'released';
  /** When the reservation was taken: a reconciler settles reservations that stay open too long. */
  readonly reservedAt: string;
}

/**
 * Per-customer counts are tracked in the budget stream itself: each event carries the customer's
 * count after it, and the folded state keeps the latest count per customer. A handler that reserves
 * from the last event alone (`budgetStateFromLatest`) knows the totals but not every customer's
 * count, so it passes the customer's count in the reserve context; the decider uses the larger of
 * the two, erring towards refusing rather than over-redeeming.
 */
export interface BudgetState {
  readonly totals: BudgetTotals;
  readonly customerCounts: PersistentMap<number>;
  /** Every reservation seen, by id; needed to confirm or release (fold the stream or a snapshot). */
  readonly reservations: PersistentMap<Reservation>;
}

export const emptyTotals: BudgetTotals = { redemptions: 0, discountGiven: {} };

export const initialBudgetState = (): BudgetState => ({ totals: emptyTotals, customerCounts: emptyMap(), reservations: emptyMap() });

export function evolveBudget(state: BudgetState, event: BudgetEvent): BudgetState {
  const { totals, customerId, customerCount, reservationId } = event.data;
  const customerCounts = withEntry(state.customerCounts, customerId, customerCount);
  const reservation = (status: Reservation['status'], discount: Money, reservedAt: string): PersistentMap<Reservation> =>
    withEntry(state.reservations, reservationId, { orderId: event.data.orderId, customerId, discount, status, reservedAt });
  switch (event.type) {
    case 'RedemptionReserved':
      return { totals, customerCounts, reservations: reservation('reserved', event.data.discount, event.data.reservedAt) };
    case 'RedemptionConfirmed': {
      const held = lookup(state.reservations, reservationId);
      if (held === undefined) throw new Error(`RedemptionConfirmed for unknown reservation ${reservationId}`);
      return { totals, customerCounts, reservations: reservation('confirmed', held.discount, held.reservedAt) };
    }
    case 'RedemptionReleased':
      return { totals, customerCounts, reservations: reservation('released', event.data.discount, lookup(state.reservations, reservationId)?.reservedAt ?? event.data.releasedAt) };
    default:
      return assertNever(event);
  }
}

/** The hot-path state: totals and the one customer's count from the stream's last event, no reservations. */
export function budgetStateFromLatest(event: BudgetEvent | null): BudgetState {
  if (event === null) return initialBudgetState();
  return { totals: event.data.totals, customerCounts: mapFrom({ [event.data.customerId]: event.data.customerCount }), reservations: emptyMap() };
}

export function discountGivenIn(totals: BudgetTotals, currency: string): Money {
  return money(totals.discountGiven[currency] ?? 0, currency);
}

export function totalsWith(totals: BudgetTotals, discount: Money, direction: 1 | -1): BudgetTotals {
  const given = discountGivenIn(totals, discount.currency);
  const next = direction === 1 ? add(given, discount) : subtract(given, discount);
  return {
    redemptions: totals.redemptions + direction,
    discountGiven: { ...totals.discountGiven, [discount.currency]: next.amount },
  };
}

/**
 * Reservations still open `timeoutMs` after they were taken: the checkout that took them crashed or
 * gave up before confirming. The reconciler confirms those whose order exists and releases the rest.
 */
export function staleReservations(state: BudgetState, now: string, timeoutMs: number): { readonly reservationId: string; readonly reservation: Reservation }[] {
  const cutoff = Date.parse(now) - timeoutMs;
  return entriesOf(state.reservations)
    .filter(([, reservation]) => reservation.status === 'reserved' && Date.parse(reservation.reservedAt) <= cutoff)
    .map(([reservationId, reservation]) => ({ reservationId, reservation }));
}
