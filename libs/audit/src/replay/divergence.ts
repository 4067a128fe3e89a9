import { compare, formatMoney, type Money, type QuoteData, subtract } from '@promo-ledger/domain';
import type { AuditState, WhatIf } from './audit-report';
import { totalWith } from './step-explanations';

/**
 * The sentences that mark where quoted, expected (recomputed) and charged part ways. Each returns
 * null when they agree. `basis` names what the expected total rests on, e.g. "the terms and prices
 * in force" or "SPRING40 terms v2".
 */

export function basisOf(whatIf: WhatIf | null): string {
  return whatIf === null ? 'the terms and prices in force' : `campaign ${whatIf.campaignId} terms v${whatIf.termsVersion}`;
}

const sameMoney = (left: Money, right: Money): boolean => left.amount === right.amount && left.currency === right.currency;

export function quoteDivergence(quote: QuoteData, state: AuditState, basis: string): string | null {
  if (state.expectedTotal === null || sameMoney(quote.total, state.expectedTotal)) return null;
  return `the shopper was quoted ${totalWith(quote.total, quote.discounts)}, but ${basis} give ${expected(state)}`;
}

export function placementDivergence(recordedTotal: Money, state: AuditState, basis: string, note: string | null): string | null {
  if (state.expectedTotal === null) return note ?? 'the order could not be recomputed';
  if (sameMoney(recordedTotal, state.expectedTotal)) return null;
  return `the order recorded an expected total of ${formatMoney(recordedTotal)}, but ${basis} give ${expected(state)}`;
}

/**
 * An overcharge shows at once; an undercharge only at the last charge, since a payment may be
 * taken in several parts.
 */
export function chargeDivergence(totalCharged: Money, state: AuditState | null, isLastCharge: boolean): string | null {
  const expectedTotal = state?.expectedTotal ?? null;
  if (state === null || expectedTotal === null || sameMoney(totalCharged, expectedTotal)) return null;
  if (compare(totalCharged, expectedTotal) > 0) {
    return `charged ${formatMoney(totalCharged)}, but the order should have cost ${expected(state)}: overcharged ${formatMoney(subtract(totalCharged, expectedTotal))}`;
  }
  if (!isLastCharge) return null;
  return `charged ${formatMoney(totalCharged)} in all, but the order should have cost ${expected(state)}: undercharged ${formatMoney(subtract(expectedTotal, totalCharged))}`;
}

function expected(state: AuditState): string {
  return state.expectedTotal === null ? 'no total' : totalWith(state.expectedTotal, state.discounts);
}
