import { max, type Money, orderStream, PricingInvariantError, type Rejection, type StoredEvent, subtract, zero } from '@promo-ledger/domain';
import { canonicalJson, type EventStore, type JsonValue, positionToString, type RecordedEvent } from '@promo-ledger/event-store';
import { recomputeOrder } from '@promo-ledger/projections';
import type { AuditReport, AuditState, AuditStep, ReplayOptions } from './audit-report';
import { basisOf, chargeDivergence, placementDivergence, quoteDivergence } from './divergence';
import { domainEvent, loadOrderHistory, type OrderHistory } from './order-history';
import { NO_CART, priceOpenCart, stateOf } from './price-at-step';
import { ReplayFacts } from './replay-facts';
import { explainEvent } from './step-explanations';
import { chooseWhatIf, type WhatIfTerms } from './what-if';

export type ReplayOutcome = { readonly kind: 'report'; readonly report: AuditReport } | { readonly kind: 'rejected'; readonly rejection: Rejection };

/**
 * Replays one order event by event (DESIGN §7): the state after each step is recomputed with the
 * domain's own evolve functions and `priceCart` — before placement the cart as it would have been
 * quoted at that instant, from placement on the order as order_totals recomputes it — and the
 * first step where quoted, expected and charged disagree is named with a sentence.
 *
 * Deterministic: it reads only the log (no clock, no randomness), and every object is built with
 * its keys in a fixed order, stored data included, so the same log gives byte-identical JSON.
 * Budget limits (maxRedemptions, maxDiscount) are judged as unused: replaying them would mean
 * reading every redemption of the campaign; an order refused for them is never placed anyway.
 */
export async function replayOrder(store: EventStore, orderId: string, options: ReplayOptions = { mode: 'as-recorded' }): Promise<ReplayOutcome> {
  const history = await loadOrderHistory(store, orderId);
  if (history === null) {
    return { kind: 'rejected', rejection: { code: 'ORDER.NOT_FOUND', message: `No order ${orderId} is recorded in the ledger; check the id (the orderId the checkout answered).` } };
  }
  const whatIf = chooseWhatIf(history, options);
  if (whatIf !== null && 'code' in whatIf) return { kind: 'rejected', rejection: whatIf };
  return { kind: 'report', report: replayHistory(history, options.mode, whatIf) };
}

export function replayHistory(history: OrderHistory, mode: ReplayOptions['mode'], whatIf: WhatIfTerms | null): AuditReport {
  const { placed, orderId } = history;
  const facts = new ReplayFacts(history.registry, history.customer, whatIf);
  const basis = basisOf(whatIf?.rule ?? null);
  const ownStream = orderStream(orderId);
  const lastCharge = history.steps.map((recorded) => recorded.type).lastIndexOf('ChargeRecorded');
  const quotes = new Map<string, Money>();
  let state: AuditState = NO_CART;
  let placement: AuditState | null = null;
  let charged = zero(placed.currency);
  let refunded = zero(placed.currency);
  let cancelled = false;

  const steps = history.steps.map((recorded, index): AuditStep => {
    facts.apply(recorded);
    const event = domainEvent(recorded);
    let divergence: string | null = null;
    if (event.type === 'OrderPlaced' && recorded.streamId === ownStream) {
      const recomputation = recomputeOrder(facts.cart(), event.data, facts);
      state = placement = recomputation.result === null ? NO_CART : stateOf(recomputation.result);
      divergence = placementDivergence(event.data.expectedTotal, state, basis, recomputation.note);
    } else if (placement === null) {
      state = priceNow(facts, instantOf(event, recorded));
      if (event.type === 'QuoteIssued') {
        quotes.set(event.data.quoteId, event.data.total);
        divergence = quoteDivergence(event.data, state, basis);
      }
    }
    if (recorded.streamId === ownStream && event.type === 'ChargeRecorded') {
      charged = event.data.totalCharged;
      divergence = chargeDivergence(charged, placement, index === lastCharge);
    }
    if (recorded.streamId === ownStream && event.type === 'RefundRecorded') refunded = event.data.totalRefunded;
    if (recorded.streamId === ownStream && event.type === 'OrderCancelled') cancelled = true;
    return {
      index,
      position: positionToString(recorded.position),
      streamId: recorded.streamId,
      type: recorded.type,
      occurredAt: recorded.metadata.occurredAt,
      data: sortedKeys(recorded.data),
      explanation: explainEvent(event),
      state,
      divergence,
    };
  });

  // assigned inside the walk above, which the compiler does not follow
  const expectedTotal = (placement as AuditState | null)?.expectedTotal ?? null;
  const first = steps.find((step) => step.divergence !== null);
  const owed = cancelled ? charged : expectedTotal === null ? zero(placed.currency) : subtract(charged, expectedTotal);
  return {
    orderId,
    mode,
    whatIf: whatIf?.rule ?? null,
    steps,
    quotedTotal: quotes.get(placed.quoteId) ?? null,
    expectedTotal,
    charged,
    refunded,
    delta: expectedTotal === null ? null : subtract(charged, expectedTotal),
    firstDivergence: first === undefined ? null : { index: first.index, reason: first.divergence ?? '' },
    refundDue: max(subtract(owed, refunded), zero(placed.currency)),
  };
}

function priceNow(facts: ReplayFacts, at: string): AuditState {
  const cart = facts.cart();
  if (cart === undefined || cart.lines.length === 0) return cart === undefined ? NO_CART : { ...NO_CART, subtotal: zero(cart.currency), expectedTotal: cart.shipping };
  try {
    return stateOf(priceOpenCart(cart, facts, at));
  } catch (error) {
    // A cart the pricing function refuses (a broken invariant) has no expected total at this step.
    if (error instanceof PricingInvariantError) return NO_CART;
    throw error;
  }
}

/** The instant a step is judged at: the one the event names for its decision, else when it was recorded. */
function instantOf(event: StoredEvent, recorded: RecordedEvent): string {
  return event.type === 'QuoteIssued' ? event.data.issuedAt : recorded.metadata.occurredAt;
}

/** Stored data with its keys sorted: PostgreSQL's jsonb and PGlite hand keys back in their own order. */
function sortedKeys(value: JsonValue): JsonValue {
  return JSON.parse(canonicalJson(value)) as JsonValue;
}
