import { compare, max, money, subtract, zero, type CurrencyCode, type Money } from '../money';
import type { AmountByCurrency, Benefit, CampaignTerms, Tier } from '../campaign/terms';

/**
 * The thresholds a campaign sets in one currency, folding in what its benefit implies: a tiered
 * campaign needs at least its lowest tier, and a buy-x-get-y campaign at least one complete group.
 * Judging those as conditions gives the shopper a precise reason ("below 50.00 USD") instead of a
 * silent zero discount.
 */

function amountIn(amounts: AmountByCurrency | undefined, currency: CurrencyCode): Money | undefined {
  const amount = amounts?.[currency];
  return amount === undefined ? undefined : money(amount, currency);
}

/** Currencies the benefit has amounts for; `undefined` when the benefit works in any currency. */
function benefitCurrencies(benefit: Benefit): readonly CurrencyCode[] | undefined {
  switch (benefit.type) {
    case 'amount_off_order':
    case 'amount_off_each_item':
      return Object.keys(benefit.amount);
    case 'percent_off_items':
    case 'free_shipping':
      // A cap given in some currencies only is read as "offered in those currencies", never as "uncapped elsewhere".
      return benefit.maxDiscount === undefined ? undefined : Object.keys(benefit.maxDiscount);
    case 'tiered_amount_off':
      return [...new Set(benefit.tiers.flatMap((tier) => Object.keys(tier.minSubtotal).filter((c) => tier.amount[c] !== undefined)))];
    case 'buy_x_get_y':
      return undefined;
    default: {
      const unknown: never = benefit;
      throw new Error(`unknown benefit ${JSON.stringify(unknown)}`);
    }
  }
}

/** Currencies the campaign can be priced in, sorted; `undefined` means any currency. */
export function campaignCurrencies(terms: CampaignTerms): readonly CurrencyCode[] | undefined {
  const fromBenefit = benefitCurrencies(terms.benefit);
  const fromMinSubtotal = terms.conditions.minSubtotal === undefined ? undefined : Object.keys(terms.conditions.minSubtotal);
  if (fromBenefit === undefined) return fromMinSubtotal === undefined ? undefined : [...fromMinSubtotal].sort();
  if (fromMinSubtotal === undefined) return [...fromBenefit].sort();
  return fromBenefit.filter((currency) => fromMinSubtotal.includes(currency)).sort();
}

export function supportsCurrency(terms: CampaignTerms, currency: CurrencyCode): boolean {
  const supported = campaignCurrencies(terms);
  return supported === undefined || supported.includes(currency);
}

function tiersIn(tiers: readonly Tier[], currency: CurrencyCode): { minSubtotal: Money; amount: Money }[] {
  return tiers
    .filter((tier) => tier.minSubtotal[currency] !== undefined && tier.amount[currency] !== undefined)
    .map((tier) => ({ minSubtotal: money(tier.minSubtotal[currency], currency), amount: money(tier.amount[currency], currency) }))
    .sort((a, b) => compare(a.minSubtotal, b.minSubtotal));
}

/** The highest tier whose minimum subtotal (≥) the eligible subtotal meets, if any. */
export function tierReached(tiers: readonly Tier[], eligible: Money): { minSubtotal: Money; amount: Money } | undefined {
  return tiersIn(tiers, eligible.currency)
    .filter((tier) => compare(tier.minSubtotal, eligible) <= 0)
    .pop();
}

/** The least eligible subtotal that earns anything: the larger of the condition and the lowest tier. */
export function requiredSubtotal(terms: CampaignTerms, currency: CurrencyCode): Money | undefined {
  const condition = amountIn(terms.conditions.minSubtotal, currency);
  const lowestTier = terms.benefit.type === 'tiered_amount_off' ? tiersIn(terms.benefit.tiers, currency).at(0)?.minSubtotal : undefined;
  if (condition === undefined) return lowestTier;
  if (lowestTier === undefined) return condition;
  return max(condition, lowestTier);
}

/** The least number of targeted units that earns anything; `undefined` when there is no such floor. */
export function requiredQuantity(terms: CampaignTerms): number | undefined {
  const condition = terms.conditions.minQuantity;
  const completeGroup = terms.benefit.type === 'buy_x_get_y' ? terms.benefit.buy + terms.benefit.get : undefined;
  if (condition === undefined) return completeGroup;
  if (completeGroup === undefined) return condition;
  return Math.max(condition, completeGroup);
}

/** The campaign-wide discount budget left in this currency; `undefined` when the campaign sets none. */
export function budgetLeft(terms: CampaignTerms, usage: { readonly discountGiven: AmountByCurrency }, currency: CurrencyCode): Money | undefined {
  const limit = amountIn(terms.limits.maxDiscount, currency);
  if (limit === undefined) return undefined;
  const given = amountIn(usage.discountGiven, currency) ?? zero(currency);
  return max(subtract(limit, given), zero(currency));
}
