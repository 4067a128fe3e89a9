import type { CurrencyCode } from '../money';

/** Minor-unit amounts keyed by currency: `{ "USD": 4000, "EUR": 3700 }`. A currency absent here is not supported. */
export type AmountByCurrency = Readonly<Record<CurrencyCode, number>>;

export interface CampaignTarget {
  /** Empty categories and empty skus together mean "every line". */
  readonly categories: readonly string[];
  readonly skus: readonly string[];
  readonly excludeSkus: readonly string[];
}

export interface CampaignConditions {
  /** At least (≥) this, judged on the undiscounted subtotal of the targeted lines. */
  readonly minSubtotal?: AmountByCurrency;
  /** At least this many targeted units. */
  readonly minQuantity?: number;
  /** The customer must carry at least one of these tags (empty: anyone). */
  readonly customerTags?: readonly string[];
  readonly firstOrderOnly?: boolean;
  /** Allowed sales channels (empty: any). */
  readonly channels?: readonly string[];
}

export interface Tier {
  readonly minSubtotal: AmountByCurrency;
  readonly amount: AmountByCurrency;
}

export type Benefit =
  | { readonly type: 'amount_off_order'; readonly amount: AmountByCurrency }
  | { readonly type: 'percent_off_items'; readonly percent: number; readonly maxDiscount?: AmountByCurrency }
  | { readonly type: 'amount_off_each_item'; readonly amount: AmountByCurrency }
  | { readonly type: 'buy_x_get_y'; readonly buy: number; readonly get: number; readonly percentOff: number }
  | { readonly type: 'tiered_amount_off'; readonly tiers: readonly Tier[] }
  | { readonly type: 'free_shipping'; readonly maxDiscount?: AmountByCurrency };

export type BenefitType = Benefit['type'];

export interface Stacking {
  readonly mode: 'exclusive' | 'stackable';
  /** Lower numbers apply first among stackable campaigns. */
  readonly priority: number;
}

export interface CampaignLimits {
  readonly maxRedemptions?: number;
  readonly maxDiscount?: AmountByCurrency;
  readonly perCustomer?: number;
}

export interface CampaignSchedule {
  /** ISO-8601 instants; absent means open-ended. */
  readonly startsAt?: string;
  readonly endsAt?: string;
}

export type CampaignCodes =
  | { readonly type: 'none' }
  | { readonly type: 'public'; readonly code: string }
  | { readonly type: 'unique'; readonly prefix?: string };

/** One version of what a campaign promises. Revising the terms makes version n+1; codes and name are not terms. */
export interface CampaignTerms {
  readonly advertisedText: string;
  readonly target: CampaignTarget;
  readonly conditions: CampaignConditions;
  readonly benefit: Benefit;
  readonly stacking: Stacking;
  readonly limits: CampaignLimits;
  readonly schedule: CampaignSchedule;
}
