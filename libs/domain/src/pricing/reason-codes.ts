/** Why a campaign or coupon did not apply. Stable: clients and the HTTP layer match on these. */
export const REASON_CODES = [
  'UNKNOWN_CODE',
  'CAMPAIGN_NOT_STARTED',
  'CAMPAIGN_ENDED',
  'CAMPAIGN_PAUSED',
  'MIN_SUBTOTAL_NOT_MET',
  'MIN_QUANTITY_NOT_MET',
  'NO_ELIGIBLE_ITEMS',
  'CURRENCY_NOT_SUPPORTED',
  'SEGMENT_NOT_ELIGIBLE',
  'CHANNEL_NOT_ELIGIBLE',
  'FIRST_ORDER_ONLY',
  'CUSTOMER_LIMIT_REACHED',
  'BUDGET_EXHAUSTED',
  'CODE_ALREADY_REDEEMED',
  'NOT_STACKABLE',
  'CART_NOT_OPEN',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * Reasons that can never turn into a discount on this cart by changing its contents: the coupon is
 * rejected outright (422) rather than kept attached as not_eligible.
 */
export const PERMANENT_REASONS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'UNKNOWN_CODE',
  'CAMPAIGN_ENDED',
  'CAMPAIGN_PAUSED',
  'CAMPAIGN_NOT_STARTED',
  'CURRENCY_NOT_SUPPORTED',
  'SEGMENT_NOT_ELIGIBLE',
  'CHANNEL_NOT_ELIGIBLE',
  'FIRST_ORDER_ONLY',
  'CUSTOMER_LIMIT_REACHED',
  'BUDGET_EXHAUSTED',
  'CODE_ALREADY_REDEEMED',
  'CART_NOT_OPEN',
]);
