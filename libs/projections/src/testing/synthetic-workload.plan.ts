import type { Produced } from './synthetic-workload.ledger';

/** One append of a shopper's session; appends of one HTTP request share the correlation id. */
export interface ShopperStep extends Produced {
  readonly correlationId: string;
}

/** Everything left to chance about one shopper, drawn before the session starts. */
export interface ShopperPlan {
  readonly cartId: string;
  readonly customerId: string;
  readonly channel: 'web' | 'app';
  readonly customerTags: readonly string[];
  /** A cart whose fashion subtotal stays below 100 USD: SPRING40 attaches as not_eligible. */
  readonly small: boolean;
  readonly coupon: 'spring40' | 'unknown' | 'none';
  readonly couponFirst: boolean;
  readonly detachCoupon: boolean;
  readonly shipping: boolean;
  readonly removeHomeItem: boolean;
  readonly abandon: 'no' | 'before_quote' | 'after_quote';
  readonly cancelAfterCharge: boolean;
  /** Charge the undiscounted amount (expected + discount) when a discount applied: a mismatch. */
  readonly chargeWithoutDiscount: boolean;
}
