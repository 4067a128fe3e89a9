import type { DomainCommand } from '../decider';
import type { CurrencyCode, Money } from '../money';
import type { PriceBookEntry } from '../price/price.state';
import type { AttachedCode, CampaignSnapshot, CampaignStatus } from '../pricing/pricing.types';

export type OpenCart = DomainCommand<
  'OpenCart',
  {
    readonly cartId: string;
    readonly customerId: string;
    readonly currency: CurrencyCode;
    readonly channel?: string;
    readonly customerTags?: readonly string[];
  }
>;
export type AddItem = DomainCommand<'AddItem', { readonly sku: string; readonly quantity: number; readonly displayedUnitPrice?: Money }>;
/** Quantity 0 removes the line (a checkout's quantity stepper reaching zero means "remove"). */
export type ChangeItemQuantity = DomainCommand<'ChangeItemQuantity', { readonly sku: string; readonly quantity: number }>;
export type RemoveItem = DomainCommand<'RemoveItem', { readonly sku: string }>;
export type SetShipping = DomainCommand<'SetShipping', { readonly amount: Money }>;
export type AttachCoupon = DomainCommand<'AttachCoupon', { readonly code: string }>;
export type DetachCoupon = DomainCommand<'DetachCoupon', { readonly code: string }>;
export type IssueQuote = DomainCommand<'IssueQuote', Record<string, never>>;
export type Checkout = DomainCommand<'Checkout', { readonly quoteId: string; readonly orderId: string }>;
export type AbandonCart = DomainCommand<'AbandonCart', { readonly reason?: string }>;

export type CartCommand =
  | OpenCart
  | AddItem
  | ChangeItemQuantity
  | RemoveItem
  | SetShipping
  | AttachCoupon
  | DetachCoupon
  | IssueQuote
  | Checkout
  | AbandonCart;

/** What the customer's history says, loaded by the handler (the cart itself knows tags and channel). */
export interface CustomerHistory {
  readonly isFirstOrder: boolean;
  readonly redemptionsByCampaign: Readonly<Record<string, number>>;
}

/** What checkout compares a quote with: the versions in force now, loaded consistently by the handler. */
export interface CurrentVersions {
  readonly priceVersions: Readonly<Record<string, number>>;
  /** Every campaign the quote named, plus every automatic campaign in force now. */
  readonly campaigns: Readonly<Record<string, { readonly version: number; readonly status: CampaignStatus }>>;
}

/**
 * Everything a cart decision may need beyond the cart, loaded by the handler before deciding. Each
 * command reads only its part; a part a command needs but did not get is a handler bug and throws.
 * - AddItem: `prices` (a sku absent there is unknown).
 * - AttachCoupon: `attachedCode`, `campaigns`, `customer`, optionally `prices` (else the cart's own).
 * - IssueQuote: `prices`, `campaigns`, `customer`, `quoteId`, `validUntil`, optionally `redeemedCodes`.
 * - Checkout: `current`.
 */
export interface CartContext {
  readonly now: string;
  readonly prices?: Readonly<Record<string, PriceBookEntry>>;
  readonly campaigns?: readonly CampaignSnapshot[];
  readonly customer?: CustomerHistory;
  readonly attachedCode?: AttachedCode;
  /** Single-use codes on the cart that another order has redeemed since they were attached. */
  readonly redeemedCodes?: readonly string[];
  readonly quoteId?: string;
  readonly validUntil?: string;
  readonly current?: CurrentVersions;
}

export const MAX_LINE_QUANTITY = 999;

export const CartRejections = {
  alreadyExists: 'CART.ALREADY_EXISTS',
  notFound: 'CART.NOT_FOUND',
  notOpen: 'CART_NOT_OPEN',
  unsupportedCurrency: 'CART.UNSUPPORTED_CURRENCY',
  unknownSku: 'CART.UNKNOWN_SKU',
  invalidQuantity: 'CART.INVALID_QUANTITY',
  currencyMismatch: 'CART.CURRENCY_MISMATCH',
  itemNotFound: 'CART.ITEM_NOT_FOUND',
  invalidShipping: 'CART.INVALID_SHIPPING',
  couponAlreadyAttached: 'CART.COUPON_ALREADY_ATTACHED',
  couponNotAttached: 'CART.COUPON_NOT_ATTACHED',
  empty: 'CART.EMPTY',
  quoteStale: 'QUOTE_STALE',
} as const;
