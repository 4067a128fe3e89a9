import { assertNever } from '../decider';
import type { CurrencyCode, Money } from '../money';
import type { PriceEvent } from './price.events';

/** One price as the price book recorded it; `version` is its position in the sku's stream, from 1. */
export interface PriceBookEntry {
  readonly sku: string;
  readonly price: Money;
  readonly category: string;
  readonly version: number;
  readonly effectiveAt: string;
}

export interface PriceState {
  readonly sku: string | null;
  /** One currency per sku stream: set by the first price, then fixed. */
  readonly currency: CurrencyCode | null;
  /** Number of PriceSet events folded; the stream's version. */
  readonly version: number;
  /** Every price ever set, in stream order (including ones not yet in force). */
  readonly entries: readonly PriceBookEntry[];
}

export const initialPriceState = (): PriceState => ({ sku: null, currency: null, version: 0, entries: [] });

export function evolvePrice(state: PriceState, event: PriceEvent): PriceState {
  switch (event.type) {
    case 'PriceSet': {
      const { sku, price, category, effectiveAt } = event.data;
      const version = state.version + 1;
      return {
        sku,
        currency: state.currency ?? price.currency,
        version,
        entries: [...state.entries, { sku, price, category, version, effectiveAt }],
      };
    }
    default:
      return assertNever(event.type);
  }
}

/**
 * The entry in force at `instant` (ISO-8601): among prices effective at or before it, the one with
 * the latest `effectiveAt`; prices effective at the same instant go to the one set last. A later
 * price set with an earlier `effectiveAt` does not cancel a scheduled one: the schedule still happens.
 * `null` when no price is in force yet.
 */
export function priceAt(state: PriceState, instant: string): PriceBookEntry | null {
  const at = Date.parse(instant);
  let inForce: PriceBookEntry | null = null;
  for (const entry of state.entries) {
    const effective = Date.parse(entry.effectiveAt);
    if (effective > at) continue;
    if (inForce === null || effective >= Date.parse(inForce.effectiveAt)) inForce = entry;
  }
  return inForce;
}
