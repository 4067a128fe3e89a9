import type { DomainEvent } from '../decider';
import type { CurrencyCode, Money } from '../money';
import type { AppliedDiscount, CouponStatus, PricedLine } from '../pricing/pricing.types';
import type { ReasonCode } from '../pricing/reason-codes';

/** Stream `cart-<id>`. Instants are ISO-8601 strings. */

export type CartOpened = DomainEvent<
  'CartOpened',
  {
    readonly cartId: string;
    readonly customerId: string;
    readonly currency: CurrencyCode;
    readonly channel: string | null;
    readonly customerTags: readonly string[];
    readonly openedAt: string;
  }
>;

/** `quantity` is the quantity added (adding a sku already in the cart adds to its line). */
export type ItemAdded = DomainEvent<
  'ItemAdded',
  {
    readonly sku: string;
    readonly category: string;
    readonly quantity: number;
    readonly unitPrice: Money;
    readonly priceVersion: number;
    /** The unit price the checkout showed, when it said; kept so a displayed-price mismatch is on record. */
    readonly displayedUnitPrice?: Money;
    readonly displayedPriceMismatch?: boolean;
  }
>;

export type ItemQuantityChanged = DomainEvent<
  'ItemQuantityChanged',
  { readonly sku: string; readonly quantity: number; readonly previousQuantity: number }
>;

export type ItemRemoved = DomainEvent<'ItemRemoved', { readonly sku: string }>;

export type ShippingSet = DomainEvent<'ShippingSet', { readonly amount: Money }>;

/** A code kept on the cart: applied now, or not yet eligible (it applies by itself once the cart qualifies). */
export type CouponAttached = DomainEvent<
  'CouponAttached',
  {
    readonly code: string;
    readonly campaignId: string;
    readonly status: 'applied' | 'not_eligible';
    readonly reason: ReasonCode | null;
    readonly explanation: string;
  }
>;

/** A code that can never apply to this cart; recorded so support can see every attempt. */
export type CouponRejected = DomainEvent<
  'CouponRejected',
  { readonly code: string; readonly campaignId: string | null; readonly reason: ReasonCode; readonly explanation: string }
>;

export type CouponDetached = DomainEvent<'CouponDetached', { readonly code: string; readonly campaignId: string }>;

/** What the shopper was shown, with every version it rests on, so checkout can tell whether it still holds. */
export type QuoteIssued = DomainEvent<'QuoteIssued', QuoteData>;

export interface QuoteData {
  readonly quoteId: string;
  readonly currency: CurrencyCode;
  readonly lines: readonly PricedLine[];
  readonly discounts: readonly AppliedDiscount[];
  readonly coupons: readonly CouponStatus[];
  readonly subtotal: Money;
  readonly shipping: Money;
  readonly shippingDiscount: Money;
  readonly total: Money;
  readonly issuedAt: string;
  readonly validUntil: string;
  readonly priceVersions: Readonly<Record<string, number>>;
  readonly campaignVersions: Readonly<Record<string, number>>;
  /** The cart's content version the quote priced (see CartState.contentVersion). */
  readonly cartVersion: number;
}

export type CartCheckedOut = DomainEvent<
  'CartCheckedOut',
  { readonly orderId: string; readonly quoteId: string; readonly checkedOutAt: string }
>;

export type CartAbandoned = DomainEvent<'CartAbandoned', { readonly reason?: string; readonly abandonedAt: string }>;

export type CartEvent =
  | CartOpened
  | ItemAdded
  | ItemQuantityChanged
  | ItemRemoved
  | ShippingSet
  | CouponAttached
  | CouponRejected
  | CouponDetached
  | QuoteIssued
  | CartCheckedOut
  | CartAbandoned;
