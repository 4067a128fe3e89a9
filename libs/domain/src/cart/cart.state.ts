import { assertNever } from '../decider';
import { zero, type CurrencyCode, type Money } from '../money';
import type { CartEvent, CouponAttached, QuoteData } from './cart.events';

export interface CartLine {
  readonly sku: string;
  readonly category: string;
  readonly quantity: number;
  /** The price book's price when the sku was last added; a quote re-prices at the current price. */
  readonly unitPrice: Money;
  readonly priceVersion: number;
}

export type CartCoupon = CouponAttached['data'];

export interface ExistingCart {
  readonly status: 'open' | 'checked_out' | 'abandoned';
  readonly cartId: string;
  readonly customerId: string;
  readonly currency: CurrencyCode;
  readonly channel: string | null;
  readonly customerTags: readonly string[];
  readonly lines: readonly CartLine[];
  readonly shipping: Money;
  readonly coupons: readonly CartCoupon[];
  /**
   * Counts the changes to what is priced (items, shipping, coupons). A quote records it; checkout
   * compares it. Rejected coupons and quotes themselves do not change it.
   */
  readonly contentVersion: number;
  readonly quotes: Readonly<Record<string, QuoteData>>;
  readonly orderId: string | null;
}

export type CartState = { readonly status: 'none' } | ExistingCart;

export const initialCartState = (): CartState => ({ status: 'none' });

export function evolveCart(state: CartState, event: CartEvent): CartState {
  if (event.type === 'CartOpened') {
    const { cartId, customerId, currency, channel, customerTags } = event.data;
    return {
      status: 'open', cartId, customerId, currency, channel, customerTags,
      lines: [], shipping: zero(currency), coupons: [], contentVersion: 0, quotes: {}, orderId: null,
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} before CartOpened`);
  const changed = (next: Partial<ExistingCart>): ExistingCart => ({ ...state, ...next, contentVersion: state.contentVersion + 1 });
  switch (event.type) {
    case 'ItemAdded': {
      const { sku, category, quantity, unitPrice, priceVersion } = event.data;
      const existing = state.lines.find((line) => line.sku === sku);
      const line: CartLine = { sku, category, unitPrice, priceVersion, quantity: (existing?.quantity ?? 0) + quantity };
      return changed({ lines: existing ? state.lines.map((other) => (other.sku === sku ? line : other)) : [...state.lines, line] });
    }
    case 'ItemQuantityChanged': {
      const { sku, quantity } = event.data;
      return changed({ lines: state.lines.map((line) => (line.sku === sku ? { ...line, quantity } : line)) });
    }
    case 'ItemRemoved':
      return changed({ lines: state.lines.filter((line) => line.sku !== event.data.sku) });
    case 'ShippingSet':
      return changed({ shipping: event.data.amount });
    case 'CouponAttached':
      return changed({ coupons: [...state.coupons, event.data] });
    case 'CouponDetached':
      return changed({ coupons: state.coupons.filter((coupon) => coupon.code !== event.data.code) });
    case 'CouponRejected':
      return state;
    case 'QuoteIssued':
      // The quote re-judged every coupon: keep the latest status on the cart (not a content change).
      return { ...state, coupons: withQuotedStatuses(state.coupons, event.data), quotes: { ...state.quotes, [event.data.quoteId]: event.data } };
    case 'CartCheckedOut':
      return { ...state, status: 'checked_out', orderId: event.data.orderId };
    case 'CartAbandoned':
      return { ...state, status: 'abandoned' };
    default:
      return assertNever(event);
  }
}

function withQuotedStatuses(coupons: readonly CartCoupon[], quote: QuoteData): CartCoupon[] {
  return coupons.map((coupon) => {
    const quoted = quote.coupons.find((status) => status.code === coupon.code);
    if (quoted === undefined) return coupon;
    return { ...coupon, status: quoted.status, reason: quoted.reason, explanation: quoted.explanation };
  });
}

export function findLine(state: ExistingCart, sku: string): CartLine | undefined {
  return state.lines.find((line) => line.sku === sku);
}

/** Codes are compared as shoppers type them, ignoring case and surrounding spaces. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}
