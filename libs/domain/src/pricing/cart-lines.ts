import { isNegative, multiply, type CurrencyCode, type Money } from '../money';
import type { CartLineInput, PricingInput } from './pricing.types';

/** A cart line as the engine works with it: its position in the cart and its undiscounted total. */
export interface CartLine {
  /** Position in the cart; allocation ties and output order follow it. */
  readonly index: number;
  readonly sku: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
}

/** Thrown when the caller hands the engine a cart that can never exist (a bug upstream, not a shopper mistake). */
export class PricingInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PricingInvariantError';
  }
}

export function toCartLines(input: PricingInput): CartLine[] {
  assertCurrency('shipping', input.shipping, input.currency);
  if (isNegative(input.shipping)) throw new PricingInvariantError('shipping cannot be negative');
  return input.lines.map((line, index) => toCartLine(line, index, input.currency));
}

function toCartLine(line: CartLineInput, index: number, currency: CurrencyCode): CartLine {
  assertCurrency(`line ${line.sku}`, line.unitPrice, currency);
  if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
    throw new PricingInvariantError(`line ${line.sku} has quantity ${line.quantity}; quantities are whole numbers of at least 1`);
  }
  if (isNegative(line.unitPrice)) throw new PricingInvariantError(`line ${line.sku} has a negative unit price`);
  return {
    index,
    sku: line.sku,
    category: line.category,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    lineTotal: multiply(line.unitPrice, line.quantity),
  };
}

function assertCurrency(what: string, amount: Money, currency: CurrencyCode): void {
  if (amount.currency !== currency) {
    throw new PricingInvariantError(`${what} is in ${amount.currency} but the cart is in ${currency}`);
  }
}

/**
 * Milliseconds since the epoch for an ISO-8601 instant. The domain never reads the clock: the
 * pricing instant arrives in the input and schedules are stored terms, so an unparsable value is
 * a broken invariant (validateTerms refuses such schedules).
 */
export function parseInstant(what: string, instant: string): number {
  const parsed = Date.parse(instant);
  if (Number.isNaN(parsed)) throw new PricingInvariantError(`${what} is not an ISO-8601 instant: ${instant}`);
  return parsed;
}
