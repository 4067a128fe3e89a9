import { compare, isZero, type CurrencyCode, type Money } from '../money';
import { parseInstant, type CartLine } from './cart-lines';
import type { CampaignSnapshot, CustomerFacts } from './pricing.types';
import type { ReasonCode } from './reason-codes';
import { budgetLeft, requiredQuantity, requiredSubtotal, supportsCurrency } from './thresholds';

/** What a campaign's conditions are judged on; everything here is undiscounted. */
export interface EligibilityFacts {
  readonly campaign: CampaignSnapshot;
  readonly currency: CurrencyCode;
  /** The pricing instant in epoch milliseconds. */
  readonly at: number;
  readonly customer: CustomerFacts;
  readonly targetedLines: readonly CartLine[];
  readonly eligibleSubtotal: Money;
  readonly eligibleQuantity: number;
}

/** Reasons a campaign's own conditions can give; the others come from codes and stacking. */
export type EligibilityReason = Exclude<ReasonCode, 'UNKNOWN_CODE' | 'CODE_ALREADY_REDEEMED' | 'NOT_STACKABLE' | 'CART_NOT_OPEN'>;

/** One condition of a campaign: the reason it fails, or null when the cart passes it. */
export type EligibilityPolicy = (facts: EligibilityFacts) => EligibilityReason | null;

export const campaignMustNotBePaused: EligibilityPolicy = ({ campaign }) =>
  campaign.status === 'paused' ? 'CAMPAIGN_PAUSED' : null;

export const campaignMustNotHaveEnded: EligibilityPolicy = ({ campaign, at }) => {
  const { endsAt } = campaign.terms.schedule;
  const pastEnd = endsAt !== undefined && at > parseInstant('schedule.endsAt', endsAt);
  return campaign.status === 'ended' || pastEnd ? 'CAMPAIGN_ENDED' : null;
};

export const campaignMustHaveStarted: EligibilityPolicy = ({ campaign, at }) => {
  const { startsAt } = campaign.terms.schedule;
  const beforeStart = startsAt !== undefined && at < parseInstant('schedule.startsAt', startsAt);
  return campaign.status === 'draft' || beforeStart ? 'CAMPAIGN_NOT_STARTED' : null;
};

export const currencyMustBeSupported: EligibilityPolicy = ({ campaign, currency }) =>
  supportsCurrency(campaign.terms, currency) ? null : 'CURRENCY_NOT_SUPPORTED';

export const channelMustBeAllowed: EligibilityPolicy = ({ campaign, customer }) => {
  const channels = campaign.terms.conditions.channels ?? [];
  const allowed = channels.length === 0 || (customer.channel !== undefined && channels.includes(customer.channel));
  return allowed ? null : 'CHANNEL_NOT_ELIGIBLE';
};

export const customerMustBeInSegment: EligibilityPolicy = ({ campaign, customer }) => {
  const tags = campaign.terms.conditions.customerTags ?? [];
  const inSegment = tags.length === 0 || tags.some((tag) => customer.tags.includes(tag));
  return inSegment ? null : 'SEGMENT_NOT_ELIGIBLE';
};

export const firstOrderOnlyMustBeRespected: EligibilityPolicy = ({ campaign, customer }) =>
  campaign.terms.conditions.firstOrderOnly === true && !customer.isFirstOrder ? 'FIRST_ORDER_ONLY' : null;

export const customerLimitMustNotBeReached: EligibilityPolicy = ({ campaign, customer }) => {
  const perCustomer = campaign.terms.limits.perCustomer;
  const used = customer.redemptionsByCampaign[campaign.campaignId] ?? 0;
  return perCustomer !== undefined && used >= perCustomer ? 'CUSTOMER_LIMIT_REACHED' : null;
};

export const budgetMustNotBeExhausted: EligibilityPolicy = ({ campaign, currency }) => {
  const { maxRedemptions } = campaign.terms.limits;
  const redemptionsUsedUp = maxRedemptions !== undefined && campaign.usage.redemptions >= maxRedemptions;
  const discountLeft = budgetLeft(campaign.terms, campaign.usage, currency);
  const discountUsedUp = discountLeft !== undefined && isZero(discountLeft);
  return redemptionsUsedUp || discountUsedUp ? 'BUDGET_EXHAUSTED' : null;
};

export const someItemsMustBeTargeted: EligibilityPolicy = ({ targetedLines }) =>
  targetedLines.length === 0 ? 'NO_ELIGIBLE_ITEMS' : null;

export const minQuantityMustBeMet: EligibilityPolicy = ({ campaign, eligibleQuantity }) => {
  const required = requiredQuantity(campaign.terms);
  return required !== undefined && eligibleQuantity < required ? 'MIN_QUANTITY_NOT_MET' : null;
};

export const minSubtotalMustBeMet: EligibilityPolicy = ({ campaign, currency, eligibleSubtotal }) => {
  const required = requiredSubtotal(campaign.terms, currency);
  return required !== undefined && compare(eligibleSubtotal, required) < 0 ? 'MIN_SUBTOTAL_NOT_MET' : null;
};

/**
 * The order matters: the first failing policy is the reason the shopper sees. Reasons about the
 * campaign itself come first (paused, ended, not started, currency), then who the shopper is
 * (channel, segment, first order, own limit), then the campaign's budget, and last what is in the
 * cart (targeted items, quantity, subtotal) — the only reasons the shopper can fix by shopping.
 */
export const ELIGIBILITY_POLICIES: readonly EligibilityPolicy[] = [
  campaignMustNotBePaused,
  campaignMustNotHaveEnded,
  campaignMustHaveStarted,
  currencyMustBeSupported,
  channelMustBeAllowed,
  customerMustBeInSegment,
  firstOrderOnlyMustBeRespected,
  customerLimitMustNotBeReached,
  budgetMustNotBeExhausted,
  someItemsMustBeTargeted,
  minQuantityMustBeMet,
  minSubtotalMustBeMet,
];

/** The first reason the campaign does not apply to this cart, or null when every condition holds. */
export function firstFailingReason(facts: EligibilityFacts): EligibilityReason | null {
  for (const policy of ELIGIBILITY_POLICIES) {
    const reason = policy(facts);
    if (reason !== null) return reason;
  }
  return null;
}
