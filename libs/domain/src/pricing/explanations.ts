import { equals, formatMoney, isZero, negate, subtract, type Money } from '../money';
import type { EligibilityFacts, EligibilityReason } from './eligibility';
import type { CampaignSnapshot } from './pricing.types';
import { requiredQuantity, requiredSubtotal, campaignCurrencies, tierReached } from './thresholds';

/** How shoppers know a campaign: its public code if it has one, else its name, with the terms version. */
export function campaignLabel(campaign: CampaignSnapshot): string {
  const publicName = campaign.codes.type === 'public' ? campaign.codes.code : campaign.name;
  return `${publicName} v${campaign.version}`;
}

function targetedCategories(campaign: CampaignSnapshot): string {
  const { categories } = campaign.terms.target;
  return categories.length === 0 ? '' : ` (${categories.join(', ')})`;
}

/** The threshold the cart cleared, shown after "≥": the tier reached for tiered campaigns, else the minimum subtotal. */
function thresholdMet(campaign: CampaignSnapshot, eligibleSubtotal: Money): Money | undefined {
  const { benefit } = campaign.terms;
  if (benefit.type === 'tiered_amount_off') return tierReached(benefit.tiers, eligibleSubtotal)?.minSubtotal;
  return requiredSubtotal(campaign.terms, eligibleSubtotal.currency);
}

/** `SPRING40 v2: eligible subtotal 129.00 USD (fashion-apparel) ≥ 100.00 USD → −40.00 USD` */
export function explainApplied(campaign: CampaignSnapshot, eligibleSubtotal: Money, lineDiscount: Money, shippingDiscount: Money): string {
  const threshold = thresholdMet(campaign, eligibleSubtotal);
  const cleared = threshold === undefined ? '' : ` ≥ ${formatMoney(threshold)}`;
  const result = isZero(lineDiscount)
    ? `${formatMoney(negate(shippingDiscount))} on shipping`
    : formatMoney(negate(lineDiscount)) + (isZero(shippingDiscount) ? '' : ` and ${formatMoney(negate(shippingDiscount))} on shipping`);
  return `${campaignLabel(campaign)}: eligible subtotal ${formatMoney(eligibleSubtotal)}${targetedCategories(campaign)}${cleared} → ${result}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function reasonText(reason: EligibilityReason, facts: EligibilityFacts): string {
  const { campaign, currency, customer } = facts;
  const { schedule, conditions, limits } = campaign.terms;
  switch (reason) {
    case 'CAMPAIGN_PAUSED':
      return 'is paused';
    case 'CAMPAIGN_ENDED':
      return campaign.status !== 'ended' && schedule.endsAt !== undefined ? `ended at ${schedule.endsAt}` : 'has ended';
    case 'CAMPAIGN_NOT_STARTED':
      return campaign.status !== 'draft' && schedule.startsAt !== undefined ? `starts at ${schedule.startsAt}` : 'has not started yet';
    case 'CURRENCY_NOT_SUPPORTED':
      return `not valid in ${currency} — this campaign supports ${(campaignCurrencies(campaign.terms) ?? []).join(', ')}`;
    case 'CHANNEL_NOT_ELIGIBLE':
      return `not available on ${customer.channel ?? 'this channel'} — only on ${(conditions.channels ?? []).join(', ')}`;
    case 'SEGMENT_NOT_ELIGIBLE':
      return `only for customers tagged ${(conditions.customerTags ?? []).join(' or ')}`;
    case 'FIRST_ORDER_ONLY':
      return 'only for a first order';
    case 'CUSTOMER_LIMIT_REACHED':
      return `already used the most times allowed per customer (${limits.perCustomer ?? 0})`;
    case 'BUDGET_EXHAUSTED':
      return 'the campaign budget is used up';
    case 'NO_ELIGIBLE_ITEMS':
      return `nothing in the cart is part of this campaign${targetedCategories(campaign)}`;
    case 'MIN_QUANTITY_NOT_MET':
      return `needs at least ${plural(requiredQuantity(campaign.terms) ?? 0, 'eligible item', 'eligible items')}, the cart has ${facts.eligibleQuantity}`;
    case 'MIN_SUBTOTAL_NOT_MET':
      return minSubtotalText(facts);
    default: {
      const unknown: never = reason;
      throw new Error(`no explanation for ${String(unknown)}`);
    }
  }
}

/** `eligible subtotal 89.00 USD is below 100.00 USD — 11.00 USD short` */
function minSubtotalText({ campaign, currency, eligibleSubtotal }: EligibilityFacts): string {
  const required = requiredSubtotal(campaign.terms, currency);
  if (required === undefined) throw new Error('MIN_SUBTOTAL_NOT_MET without a required subtotal');
  const short = subtract(required, eligibleSubtotal);
  return `eligible subtotal ${formatMoney(eligibleSubtotal)} is below ${formatMoney(required)} — ${formatMoney(short)} short`;
}

export function explainIneligible(reason: EligibilityReason, facts: EligibilityFacts): string {
  return `${campaignLabel(facts.campaign)}: ${reasonText(reason, facts)}`;
}

/** Eligible, but an earlier campaign in the stack already took everything this one could discount (or the benefit earns nothing). */
export function explainNothingToDiscount(campaign: CampaignSnapshot): string {
  return `${campaignLabel(campaign)}: nothing left for this campaign to discount on the eligible items`;
}

/** Eligible, but the shopper gets a larger total from another combination. */
export function explainNotSelected(campaign: CampaignSnapshot, ownCombinationTotal: Money, chosen: readonly CampaignSnapshot[], chosenTotal: Money): string {
  const winners = chosen.map(campaignLabel).join(' + ');
  const comparison =
    equals(ownCombinationTotal, chosenTotal)
      ? `which gives the same ${formatMoney(negate(chosenTotal))} and wins the tie by campaign id`
      : `which gives more: ${formatMoney(negate(chosenTotal))} against ${formatMoney(negate(ownCombinationTotal))}`;
  return `${campaignLabel(campaign)}: cannot be combined with ${winners}, ${comparison}`;
}

export function explainUnknownCode(code: string): string {
  return `${code}: unknown code — check the spelling or remove it`;
}

export function explainAlreadyRedeemed(code: string): string {
  return `${code}: this code has already been used — each code works only once`;
}

export function explainDuplicateCode(code: string, campaign: CampaignSnapshot): string {
  return `${code}: another code for ${campaignLabel(campaign)} is already attached — a campaign applies once per cart`;
}
