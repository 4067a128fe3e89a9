import type { AmountByCurrency, CampaignCodes, CampaignTerms } from '../campaign/terms';
import type { CurrencyCode, Money } from '../money';
import type { ReasonCode } from './reason-codes';

export interface CartLineInput {
  readonly sku: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPrice: Money;
}

export interface CustomerFacts {
  readonly customerId: string;
  readonly tags: readonly string[];
  readonly channel?: string;
  readonly isFirstOrder: boolean;
  /** Orders this customer already placed with each campaign (for perCustomer limits). */
  readonly redemptionsByCampaign: Readonly<Record<string, number>>;
}

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'ended';

/** A campaign as the decision sees it: the terms version in force plus what its budget has consumed so far. */
export interface CampaignSnapshot {
  readonly campaignId: string;
  readonly name: string;
  readonly version: number;
  readonly status: CampaignStatus;
  readonly terms: CampaignTerms;
  readonly codes: CampaignCodes;
  readonly usage: { readonly redemptions: number; readonly discountGiven: AmountByCurrency };
}

/** A code the shopper attached, resolved (by the caller, consistently) to its campaign, or unknown. */
export interface AttachedCode {
  readonly code: string;
  readonly campaignId: string | null;
  /** A single-use unique code that was already redeemed. */
  readonly alreadyRedeemed?: boolean;
}

export interface PricingInput {
  readonly currency: CurrencyCode;
  readonly lines: readonly CartLineInput[];
  readonly shipping: Money;
  readonly customer: CustomerFacts;
  /** Automatic campaigns (codes.type none) in force plus every campaign an attached code points at. */
  readonly campaigns: readonly CampaignSnapshot[];
  readonly attachedCodes: readonly AttachedCode[];
  /** ISO-8601 instant the cart is priced at. */
  readonly at: string;
}

export interface PricedLine {
  readonly sku: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
  readonly discount: Money;
  readonly netTotal: Money;
}

export interface AppliedDiscount {
  readonly campaignId: string;
  readonly campaignVersion: number;
  readonly code: string | null;
  /** Total of this campaign's discount: line parts plus any shipping part. */
  readonly amount: Money;
  readonly lineAllocations: readonly { readonly sku: string; readonly amount: Money }[];
  readonly shippingDiscount: Money;
  readonly explanation: string;
}

export interface CampaignEvaluation {
  readonly campaignId: string;
  readonly campaignVersion: number;
  readonly code: string | null;
  /** applied: in the chosen combination; not_eligible: conditions fail; not_selected: eligible but another combination was better for the shopper. */
  readonly outcome: 'applied' | 'not_eligible' | 'not_selected';
  readonly reason: ReasonCode | null;
  readonly eligibleSubtotal: Money;
  readonly discount: Money;
  /** One plain sentence, e.g. `SPRING40 v2: eligible subtotal 89.00 USD is below 100.00 USD — 11.00 USD short`. */
  readonly explanation: string;
}

export interface CouponStatus {
  readonly code: string;
  readonly campaignId: string | null;
  readonly status: 'applied' | 'not_eligible';
  readonly reason: ReasonCode | null;
  readonly explanation: string;
}

export interface PricingResult {
  readonly currency: CurrencyCode;
  readonly lines: readonly PricedLine[];
  readonly subtotal: Money;
  readonly shipping: Money;
  readonly shippingDiscount: Money;
  readonly discounts: readonly AppliedDiscount[];
  readonly coupons: readonly CouponStatus[];
  readonly evaluations: readonly CampaignEvaluation[];
  /** subtotal − line discounts + shipping − shipping discount; never negative. */
  readonly total: Money;
}
