import {
  allocate, compare, min, money, multiply, percentOf, sum, zero,
  type CurrencyCode, type Money,
} from '../money';
import type { AmountByCurrency, Benefit } from '../campaign/terms';
import type { CartLine } from './cart-lines';
import { tierReached } from './thresholds';

/** A targeted line and what is left of it after the campaigns applied before this one. */
export interface DiscountableLine {
  readonly line: CartLine;
  readonly amountLeft: Money;
}

export interface BenefitContext {
  readonly currency: CurrencyCode;
  /** Targeted lines in cart order. */
  readonly lines: readonly DiscountableLine[];
  /** Undiscounted subtotal of the targeted lines; tiers are judged on it, like every condition. */
  readonly eligibleSubtotal: Money;
  readonly shippingLeft: Money;
}

export interface BenefitOutcome {
  /** One amount per context line, same order; each at most that line's amountLeft. */
  readonly lineDiscounts: readonly Money[];
  readonly shippingDiscount: Money;
}

function amountIn(amounts: AmountByCurrency, currency: CurrencyCode): Money {
  const amount = amounts[currency];
  // Eligibility refuses unsupported currencies first, so a missing amount here is a bug.
  if (amount === undefined) throw new Error(`benefit has no amount in ${currency}`);
  return money(amount, currency);
}

function amountLeftOnLines(context: BenefitContext): Money {
  return sum(context.lines.map((target) => target.amountLeft), context.currency);
}

/** Spreads an order-level amount over the lines in proportion to what is left of them, never more than that. */
function allocateOverLines(total: Money, context: BenefitContext): BenefitOutcome {
  const capped = min(total, amountLeftOnLines(context));
  return {
    lineDiscounts: allocate(capped, context.lines.map((target) => target.amountLeft.amount)),
    shippingDiscount: zero(context.currency),
  };
}

function perLine(context: BenefitContext, discountFor: (target: DiscountableLine, position: number) => Money): BenefitOutcome {
  return {
    lineDiscounts: context.lines.map((target, position) => min(discountFor(target, position), target.amountLeft)),
    shippingDiscount: zero(context.currency),
  };
}

function percentOffItems(percent: number, maxDiscount: AmountByCurrency | undefined, context: BenefitContext): BenefitOutcome {
  const uncapped = percentOf(amountLeftOnLines(context), percent);
  const capped = maxDiscount === undefined ? uncapped : min(uncapped, amountIn(maxDiscount, context.currency));
  return allocateOverLines(capped, context);
}

/**
 * Units are ranked by undiscounted unit price, highest first (ties keep cart order), and walked in
 * complete groups of buy + get; the cheapest `get` units of each group earn percentOff, rounded
 * half-up per unit. An incomplete trailing group earns nothing.
 */
function buyXGetY(buy: number, get: number, percentOff: number, context: BenefitContext): BenefitOutcome {
  const units = context.lines
    .flatMap((target, position) => Array.from({ length: target.line.quantity }, () => ({ position, unitPrice: target.line.unitPrice })))
    .sort((a, b) => compare(b.unitPrice, a.unitPrice));
  const groupSize = buy + get;
  const unitsInCompleteGroups = units.slice(0, units.length - (units.length % groupSize));
  const freeUnits = unitsInCompleteGroups.filter((_, rank) => rank % groupSize >= buy);
  return perLine(context, (_, position) =>
    sum(
      freeUnits.filter((unit) => unit.position === position).map((unit) => percentOf(unit.unitPrice, percentOff)),
      context.currency,
    ),
  );
}

function tieredAmountOff(benefit: Extract<Benefit, { type: 'tiered_amount_off' }>, context: BenefitContext): BenefitOutcome {
  const tier = tierReached(benefit.tiers, context.eligibleSubtotal);
  return allocateOverLines(tier?.amount ?? zero(context.currency), context);
}

function freeShipping(maxDiscount: AmountByCurrency | undefined, context: BenefitContext): BenefitOutcome {
  const shippingDiscount =
    maxDiscount === undefined ? context.shippingLeft : min(context.shippingLeft, amountIn(maxDiscount, context.currency));
  return { lineDiscounts: context.lines.map(() => zero(context.currency)), shippingDiscount };
}

/** What one benefit takes off, before the campaign-wide budget cap (see capToBudget). */
export function computeBenefit(benefit: Benefit, context: BenefitContext): BenefitOutcome {
  switch (benefit.type) {
    case 'amount_off_order':
      return allocateOverLines(amountIn(benefit.amount, context.currency), context);
    case 'percent_off_items':
      return percentOffItems(benefit.percent, benefit.maxDiscount, context);
    case 'amount_off_each_item':
      return perLine(context, (target) => multiply(amountIn(benefit.amount, context.currency), target.line.quantity));
    case 'buy_x_get_y':
      return buyXGetY(benefit.buy, benefit.get, benefit.percentOff, context);
    case 'tiered_amount_off':
      return tieredAmountOff(benefit, context);
    case 'free_shipping':
      return freeShipping(benefit.maxDiscount, context);
    default: {
      const unknown: never = benefit;
      throw new Error(`unknown benefit ${JSON.stringify(unknown)}`);
    }
  }
}

export function outcomeTotal(outcome: BenefitOutcome, currency: CurrencyCode): Money {
  return sum([...outcome.lineDiscounts, outcome.shippingDiscount], currency);
}

/**
 * Scales an outcome down to the campaign's remaining discount budget. The budget is re-split in
 * proportion to the parts already computed, so no part grows and every part stays within what it
 * applies to.
 */
export function capToBudget(outcome: BenefitOutcome, budget: Money | undefined, currency: CurrencyCode): BenefitOutcome {
  if (budget === undefined || compare(outcomeTotal(outcome, currency), budget) <= 0) return outcome;
  const parts = allocate(budget, [...outcome.lineDiscounts, outcome.shippingDiscount].map((part) => part.amount));
  return { lineDiscounts: parts.slice(0, -1), shippingDiscount: parts[parts.length - 1] };
}
