import type { Money } from '@promo-ledger/domain';
import type { JsonValue } from '@promo-ledger/event-store';

/**
 * The shape of an order's audit (DESIGN §8). Every object here is built with its keys in one fixed
 * order and every value is plain JSON, so the same log always serialises to the same bytes.
 */

/** `as-recorded`: terms and prices in force at each moment. `what-if`: one campaign judged under other terms. */
export type ReplayMode = 'as-recorded' | 'what-if';

export interface ReplayOptions {
  readonly mode: ReplayMode;
  /** what-if only: the terms version to judge by; absent = the campaign's current (latest) terms. */
  readonly termsVersion?: number;
  /** what-if only: which of the order's campaigns; may be omitted when the order has exactly one. */
  readonly campaignId?: string;
}

export interface AuditDiscount {
  readonly campaignId: string;
  readonly campaignVersion: number;
  readonly code: string | null;
  readonly amount: Money;
  readonly explanation: string;
}

/** One campaign as pricing judged it at this step: applied, not eligible (with the reason) or not selected. */
export interface AuditEvaluation {
  readonly campaignId: string;
  readonly campaignVersion: number;
  readonly code: string | null;
  readonly outcome: 'applied' | 'not_eligible' | 'not_selected';
  readonly reason: string | null;
  readonly discount: Money;
  readonly explanation: string;
}

/** What the order should cost after this step; all null before the cart exists. */
export interface AuditState {
  readonly subtotal: Money | null;
  readonly discounts: readonly AuditDiscount[];
  readonly expectedTotal: Money | null;
  readonly evaluations: readonly AuditEvaluation[];
}

export interface AuditStep {
  /** From 0, so `steps[firstDivergence.index]` is the diverging step. */
  readonly index: number;
  readonly position: string;
  readonly streamId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly data: JsonValue;
  /** One plain sentence saying what the event did. */
  readonly explanation: string;
  readonly state: AuditState;
  /** Why quoted, expected and charged disagree at this step; null when they agree. */
  readonly divergence: string | null;
}

export interface WhatIf {
  readonly campaignId: string;
  readonly termsVersion: number;
}

export interface AuditReport {
  readonly orderId: string;
  readonly mode: ReplayMode;
  readonly whatIf: WhatIf | null;
  readonly steps: readonly AuditStep[];
  /** The total of the quote the order was placed on. */
  readonly quotedTotal: Money | null;
  /** What the order should have cost, recomputed (in this mode) at placement. */
  readonly expectedTotal: Money | null;
  readonly charged: Money;
  readonly refunded: Money;
  /** charged − expected. */
  readonly delta: Money | null;
  readonly firstDivergence: { readonly index: number; readonly reason: string } | null;
  /** Overcharge (everything, for a cancelled order) minus what was already refunded; never below zero. */
  readonly refundDue: Money;
}
