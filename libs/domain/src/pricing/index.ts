export * from './pricing.types';
export * from './reason-codes';
export { priceCart } from './price-cart';
export { PricingInvariantError } from './cart-lines';
export { campaignLabel } from './explanations';
export { ELIGIBILITY_POLICIES, type EligibilityFacts, type EligibilityPolicy, type EligibilityReason } from './eligibility';
export { campaignCurrencies } from './thresholds';
