import { compare, subtract, sum, type CurrencyCode, type Money } from '../money';
import { capToBudget, computeBenefit, outcomeTotal } from './benefits';
import type { CartLine } from './cart-lines';
import type { CampaignSnapshot } from './pricing.types';

/** A campaign whose conditions the cart meets, with what it needs to compute its discount. */
export interface EligibleCampaign {
  readonly campaign: CampaignSnapshot;
  readonly code: string | null;
  readonly targetedLines: readonly CartLine[];
  readonly eligibleSubtotal: Money;
  readonly budgetLeft: Money | undefined;
}

export interface CampaignDiscount {
  readonly eligible: EligibleCampaign;
  readonly lineDiscounts: readonly { readonly line: CartLine; readonly amount: Money }[];
  readonly lineTotal: Money;
  readonly shippingDiscount: Money;
  readonly total: Money;
}

/** Campaigns applied one after another; `discounts` is in application order. */
export interface Combination {
  readonly discounts: readonly CampaignDiscount[];
  readonly total: Money;
}

function byCampaignId(a: EligibleCampaign, b: EligibleCampaign): number {
  const left = a.campaign.campaignId;
  const right = b.campaign.campaignId;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Lower priority numbers apply first; equal priorities fall back to campaign id so the order never depends on input order. */
function byPriority(a: EligibleCampaign, b: EligibleCampaign): number {
  const priority = a.campaign.terms.stacking.priority - b.campaign.terms.stacking.priority;
  return priority !== 0 ? Math.sign(priority) : byCampaignId(a, b);
}

/** Each exclusive campaign on its own, plus every stackable campaign chained in priority order. */
export function candidateCombinations(eligible: readonly EligibleCampaign[]): EligibleCampaign[][] {
  const exclusives = eligible.filter((candidate) => candidate.campaign.terms.stacking.mode === 'exclusive');
  const stackables = eligible.filter((candidate) => candidate.campaign.terms.stacking.mode === 'stackable');
  return [
    ...[...exclusives].sort(byCampaignId).map((exclusive) => [exclusive]),
    ...(stackables.length === 0 ? [] : [[...stackables].sort(byPriority)]),
  ];
}

/** Applies campaigns in the given order, each on what the earlier ones left of the lines and shipping. */
export function applyInOrder(
  campaigns: readonly EligibleCampaign[],
  lines: readonly CartLine[],
  shipping: Money,
  currency: CurrencyCode,
): Combination {
  const amountLeft = new Map<number, Money>(lines.map((line) => [line.index, line.lineTotal]));
  let shippingLeft = shipping;
  const discounts = campaigns.map((eligible): CampaignDiscount => {
    const targets = eligible.targetedLines.map((line) => ({ line, amountLeft: amountLeft.get(line.index) ?? line.lineTotal }));
    const computed = computeBenefit(eligible.campaign.terms.benefit, {
      currency,
      lines: targets,
      eligibleSubtotal: eligible.eligibleSubtotal,
      shippingLeft,
    });
    const outcome = capToBudget(computed, eligible.budgetLeft, currency);
    targets.forEach((target, position) => amountLeft.set(target.line.index, subtract(target.amountLeft, outcome.lineDiscounts[position])));
    shippingLeft = subtract(shippingLeft, outcome.shippingDiscount);
    return {
      eligible,
      lineDiscounts: targets.map((target, position) => ({ line: target.line, amount: outcome.lineDiscounts[position] })),
      lineTotal: sum(outcome.lineDiscounts, currency),
      shippingDiscount: outcome.shippingDiscount,
      total: outcomeTotal(outcome, currency),
    };
  });
  return { discounts, total: sum(discounts.map((discount) => discount.total), currency) };
}

function lowestCampaignId(combination: Combination): string {
  return combination.discounts.map((discount) => discount.eligible.campaign.campaignId).sort().at(0) ?? '';
}

/**
 * The shopper gets the combination with the largest total discount. Equal totals go to the
 * combination holding the lowest campaign id, so the choice never depends on input order.
 */
export function bestCombination(combinations: readonly Combination[]): Combination | undefined {
  return [...combinations].sort((a, b) => {
    const byTotal = compare(b.total, a.total);
    if (byTotal !== 0) return byTotal;
    const left = lowestCampaignId(a);
    const right = lowestCampaignId(b);
    return left < right ? -1 : left > right ? 1 : 0;
  }).at(0);
}
