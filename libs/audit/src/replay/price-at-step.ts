import {
  type AttachedCode, attachedCodesOf, type CampaignSnapshot, customerHistory, type ExistingCart, priceAt, type PriceBookEntry, priceCart,
  pricingInput, type PricingResult, toSnapshot,
} from '@promo-ledger/domain';
import type { AuditState } from './audit-report';
import type { ReplayFacts } from './replay-facts';

export const NO_CART: AuditState = { subtotal: null, discounts: [], expectedTotal: null, evaluations: [] };

/**
 * What the cart would cost if it were quoted at `at`: the prices in force then, the campaigns its
 * codes point at and the automatic ones active then, the customer's history so far — the same pure
 * `priceCart` the checkout quotes with. Before placement this is the running "expected" of a step.
 */
export function priceOpenCart(cart: ExistingCart, facts: ReplayFacts, at: string): PricingResult {
  const prices: Record<string, PriceBookEntry> = {};
  for (const line of cart.lines) {
    const state = facts.price(line.sku);
    const entry = state === undefined ? null : priceAt(state, at);
    if (entry !== null) prices[line.sku] = entry;
  }
  const campaigns = new Map<string, CampaignSnapshot>(facts.automaticCampaigns().map((work) => [work.campaign.campaignId, toSnapshot(work.campaign, work.usage)]));
  const codes = attachedCodesOf(cart).map((attached): AttachedCode => {
    const work = attached.campaignId === null ? undefined : facts.campaign(attached.campaignId);
    if (work === undefined) return { code: attached.code, campaignId: null };
    campaigns.set(work.campaign.campaignId, toSnapshot(work.campaign, work.usage));
    return attached;
  });
  return priceCart(pricingInput(cart, { now: at, prices, campaigns: [...campaigns.values()], customer: customerHistory(facts.customer()) }, codes));
}

/** A pricing result as an audit step shows it, keys in a fixed order. */
export function stateOf(result: PricingResult): AuditState {
  return {
    subtotal: money(result.subtotal),
    discounts: result.discounts.map((discount) => ({
      campaignId: discount.campaignId,
      campaignVersion: discount.campaignVersion,
      code: discount.code,
      amount: money(discount.amount),
      explanation: discount.explanation,
    })),
    expectedTotal: money(result.total),
    evaluations: result.evaluations.map((evaluation) => ({
      campaignId: evaluation.campaignId,
      campaignVersion: evaluation.campaignVersion,
      code: evaluation.code,
      outcome: evaluation.outcome,
      reason: evaluation.reason,
      discount: money(evaluation.discount),
      explanation: evaluation.explanation,
    })),
  };
}

const money = (value: { readonly amount: number; readonly currency: string }) => ({ amount: value.amount, currency: value.currency });
