import { type PriceCommand, type PriceContext, priceDecider, type PriceEvent, type PriceState } from '@promo-ledger/domain';
import type { EventSourced } from '../application/stream-runner';

/**
 * One sku's price book as the API shows it: the domain's PriceState plus the reason recorded with
 * each entry, which the decider never needs but callers want to read back. Deciding still goes
 * through priceDecider on the domain state, so this adds no rule of its own.
 */
export interface PricedSku {
  readonly book: PriceState;
  /** reasons[i] was recorded with book.entries[i]. */
  readonly reasons: readonly string[];
}

export const pricedSku: EventSourced<PriceCommand, PriceEvent, PricedSku, PriceContext> = {
  initialState: () => ({ book: priceDecider.initialState(), reasons: [] }),
  evolve: (state, event) => ({ book: priceDecider.evolve(state.book, event), reasons: [...state.reasons, event.data.reason] }),
  decide: (command, state, context) => priceDecider.decide(command, state.book, context),
};
