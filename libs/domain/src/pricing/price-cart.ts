import { add, isZero, max, subtract, sum, zero, type Money } from '../money';
import { parseInstant, toCartLines, type CartLine } from './cart-lines';
import { selectCampaigns } from './campaign-selection';
import { couponStatuses } from './coupons';
import { evaluateEligible, explainDiscount, judgeCampaign, type CartFacts } from './evaluations';
import type { AppliedDiscount, CampaignEvaluation, PricedLine, PricingInput, PricingResult } from './pricing.types';
import { applyInOrder, bestCombination, candidateCombinations, type CampaignDiscount, type EligibleCampaign } from './stacking';

/**
 * Prices a cart: judges every automatic campaign and every campaign an attached code points at,
 * picks the combination that gives the shopper the largest discount, and explains each decision.
 * Pure and deterministic: the result does not depend on the order of `input.campaigns`, and lines
 * come back in cart order.
 */
export function priceCart(input: PricingInput): PricingResult {
  const lines = toCartLines(input);
  const cart: CartFacts = { currency: input.currency, lines, at: parseInstant('at', input.at), customer: input.customer };
  const selection = selectCampaigns(input);

  const evaluations: CampaignEvaluation[] = [];
  const eligible: EligibleCampaign[] = [];
  for (const candidate of selection.toEvaluate) {
    const judgement = judgeCampaign(candidate, cart);
    if (judgement.kind === 'ineligible') evaluations.push(judgement.evaluation);
    else eligible.push(judgement.eligible);
  }

  const combinations = candidateCombinations(eligible).map((campaigns) => applyInOrder(campaigns, lines, input.shipping, input.currency));
  const chosen = bestCombination(combinations);
  evaluations.push(...eligible.map((campaign) => evaluateEligible(campaign, chosen, combinations)));
  evaluations.sort((a, b) => (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0));

  const applied = (chosen?.discounts ?? []).filter((discount) => !isZero(discount.total));
  const pricedLines = lines.map((line) => priceLine(line, applied));
  const subtotal = sum(lines.map((line) => line.lineTotal), input.currency);
  const shippingDiscount = sum(applied.map((discount) => discount.shippingDiscount), input.currency);
  const lineDiscounts = sum(pricedLines.map((line) => line.discount), input.currency);
  const total = subtract(add(subtotal, input.shipping), add(lineDiscounts, shippingDiscount));

  return {
    currency: input.currency,
    lines: pricedLines,
    subtotal,
    shipping: input.shipping,
    shippingDiscount,
    discounts: applied.map(toAppliedDiscount),
    coupons: couponStatuses(selection.codes, new Map(evaluations.map((evaluation) => [evaluation.campaignId, evaluation]))),
    evaluations,
    // Every discount is capped at what it applies to, so this floor only guards the invariant.
    total: max(total, zero(input.currency)),
  };
}

function priceLine(line: CartLine, applied: readonly CampaignDiscount[]): PricedLine {
  const discount = sum(
    applied.flatMap((campaign) => campaign.lineDiscounts.filter((part) => part.line.index === line.index).map((part) => part.amount)),
    line.lineTotal.currency,
  );
  return {
    sku: line.sku,
    category: line.category,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    lineTotal: line.lineTotal,
    discount,
    netTotal: subtract(line.lineTotal, discount),
  };
}

function toAppliedDiscount(discount: CampaignDiscount): AppliedDiscount {
  const { campaign, code } = discount.eligible;
  return {
    campaignId: campaign.campaignId,
    campaignVersion: campaign.version,
    code,
    amount: discount.total,
    lineAllocations: discount.lineDiscounts
      .filter((part) => !isZero(part.amount))
      .map((part): { sku: string; amount: Money } => ({ sku: part.line.sku, amount: part.amount })),
    shippingDiscount: discount.shippingDiscount,
    explanation: explainDiscount(discount),
  };
}
