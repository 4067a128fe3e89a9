import { isZero, zero, type CurrencyCode, type Money } from '../money';
import type { CartLine } from './cart-lines';
import type { CampaignToEvaluate } from './campaign-selection';
import { firstFailingReason, type EligibilityFacts } from './eligibility';
import { explainApplied, explainIneligible, explainNothingToDiscount, explainNotSelected } from './explanations';
import type { CampaignEvaluation, CustomerFacts } from './pricing.types';
import type { CampaignDiscount, Combination, EligibleCampaign } from './stacking';
import { eligibleQuantity, eligibleSubtotal, targetedLines } from './targeting';
import { budgetLeft } from './thresholds';

export interface CartFacts {
  readonly currency: CurrencyCode;
  readonly lines: readonly CartLine[];
  readonly at: number;
  readonly customer: CustomerFacts;
}

export type Judgement =
  | { readonly kind: 'ineligible'; readonly evaluation: CampaignEvaluation }
  | { readonly kind: 'eligible'; readonly eligible: EligibleCampaign };

/** Judges one campaign's conditions against the cart; eligible campaigns go on to stacking. */
export function judgeCampaign({ campaign, code }: CampaignToEvaluate, cart: CartFacts): Judgement {
  const targeted = targetedLines(campaign.terms.target, cart.lines);
  const facts: EligibilityFacts = {
    campaign,
    currency: cart.currency,
    at: cart.at,
    customer: cart.customer,
    targetedLines: targeted,
    eligibleSubtotal: eligibleSubtotal(targeted, cart.currency),
    eligibleQuantity: eligibleQuantity(targeted),
  };
  const reason = firstFailingReason(facts);
  if (reason !== null) {
    return {
      kind: 'ineligible',
      evaluation: notApplied({ campaign, code }, facts.eligibleSubtotal, 'not_eligible', reason, explainIneligible(reason, facts)),
    };
  }
  return {
    kind: 'eligible',
    eligible: {
      campaign,
      code,
      targetedLines: targeted,
      eligibleSubtotal: facts.eligibleSubtotal,
      budgetLeft: budgetLeft(campaign.terms, campaign.usage, cart.currency),
    },
  };
}

function notApplied(
  { campaign, code }: CampaignToEvaluate,
  subtotal: Money,
  outcome: 'not_eligible' | 'not_selected',
  reason: CampaignEvaluation['reason'],
  explanation: string,
): CampaignEvaluation {
  return {
    campaignId: campaign.campaignId,
    campaignVersion: campaign.version,
    code,
    outcome,
    reason,
    eligibleSubtotal: subtotal,
    discount: zero(subtotal.currency),
    explanation,
  };
}

function discountIn(combination: Combination | undefined, campaignId: string): CampaignDiscount | undefined {
  return combination?.discounts.find((discount) => discount.eligible.campaign.campaignId === campaignId);
}

export function explainDiscount(discount: CampaignDiscount): string {
  return explainApplied(discount.eligible.campaign, discount.eligible.eligibleSubtotal, discount.lineTotal, discount.shippingDiscount);
}

/**
 * An eligible campaign is applied when the chosen combination holds it with a non-zero discount.
 * A campaign that would give nothing (its benefit earns nothing here, or earlier campaigns left
 * nothing to discount) is reported as NO_ELIGIBLE_ITEMS rather than as applied with −0.00, so a
 * coupon never shows "applied" without a discount. Otherwise it lost to a better combination.
 */
export function evaluateEligible(eligible: EligibleCampaign, chosen: Combination | undefined, combinations: readonly Combination[]): CampaignEvaluation {
  const { campaign } = eligible;
  const inChosen = discountIn(chosen, campaign.campaignId);
  if (inChosen !== undefined && !isZero(inChosen.total)) {
    return {
      campaignId: campaign.campaignId,
      campaignVersion: campaign.version,
      code: eligible.code,
      outcome: 'applied',
      reason: null,
      eligibleSubtotal: eligible.eligibleSubtotal,
      discount: inChosen.total,
      explanation: explainDiscount(inChosen),
    };
  }
  const ownCombination = combinations.find((combination) => discountIn(combination, campaign.campaignId) !== undefined);
  const own = discountIn(ownCombination, campaign.campaignId);
  if (inChosen !== undefined || chosen === undefined || ownCombination === undefined || own === undefined || isZero(own.total)) {
    return notApplied(eligible, eligible.eligibleSubtotal, 'not_eligible', 'NO_ELIGIBLE_ITEMS', explainNothingToDiscount(campaign));
  }
  const winners = chosen.discounts.filter((discount) => !isZero(discount.total)).map((discount) => discount.eligible.campaign);
  return notApplied(
    eligible,
    eligible.eligibleSubtotal,
    'not_selected',
    'NOT_STACKABLE',
    explainNotSelected(campaign, ownCombination.total, winners, chosen.total),
  );
}
