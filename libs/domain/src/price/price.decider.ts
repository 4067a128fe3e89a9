import { accept, reject, type Decider, type DomainCommand, type Decision } from '../decider';
import { formatMoney, isSupportedCurrency, type Money } from '../money';
import type { PriceEvent } from './price.events';
import { evolvePrice, initialPriceState, type PriceState } from './price.state';

export type SetPrice = DomainCommand<
  'SetPrice',
  {
    readonly sku: string;
    readonly price: Money;
    readonly category: string;
    /** ISO-8601; absent means now. A past instant is accepted as given (imports of price history). */
    readonly effectiveAt?: string;
    readonly reason?: string;
  }
>;

export type PriceCommand = SetPrice;

export interface PriceContext {
  readonly now: string;
}

export const PriceRejections = {
  invalid: 'PRICE.INVALID',
  currencyChanged: 'PRICE.CURRENCY_CHANGED',
} as const;

export function decidePrice(command: PriceCommand, state: PriceState, { now }: PriceContext): Decision<PriceEvent> {
  const { sku, price, category } = command.data;
  const effectiveAt = command.data.effectiveAt ?? now;
  const problem = priceProblem(command, effectiveAt);
  if (problem !== null) return reject(PriceRejections.invalid, problem, { sku });
  // One currency per sku: a cart in that currency must never find the sku priced in another.
  if (state.currency !== null && state.currency !== price.currency) {
    return reject(
      PriceRejections.currencyChanged,
      `${sku} is priced in ${state.currency}; give the price in ${state.currency} (a sku keeps one currency).`,
      { sku, currency: state.currency },
    );
  }
  return accept({
    type: 'PriceSet',
    data: { sku, price, category, effectiveAt, reason: command.data.reason ?? 'not given', setAt: now },
  });
}

function priceProblem({ data }: SetPrice, effectiveAt: string): string | null {
  const { sku, price, category } = data;
  if (sku.trim() === '') return 'Give the sku the price is for.';
  if (!isSupportedCurrency(price.currency)) return `${price.currency} is not a supported currency; use an ISO 4217 code such as USD.`;
  if (!Number.isSafeInteger(price.amount) || price.amount < 0) {
    return `Give the price as a whole, non-negative number of minor units (got ${price.amount}).`;
  }
  if (category.trim() === '') return `Give the category of ${sku} (${formatMoney(price)}), e.g. fashion-apparel.`;
  if (Number.isNaN(Date.parse(effectiveAt))) return `Give effectiveAt as an ISO-8601 instant (got "${effectiveAt}").`;
  return null;
}

export const priceDecider: Decider<PriceCommand, PriceEvent, PriceState, PriceContext> = {
  initialState: initialPriceState,
  evolve: evolvePrice,
  decide: decidePrice,
};
