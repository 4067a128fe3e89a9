import type { QuoteData } from '../cart/cart.events';
import type { DomainCommand } from '../decider';
import type { Money } from '../money';

/** Placed from the quote the cart checked out on (the QuoteIssued data). */
export type PlaceOrder = DomainCommand<
  'PlaceOrder',
  { readonly orderId: string; readonly cartId: string; readonly customerId: string; readonly quote: QuoteData }
>;
export type RecordCharge = DomainCommand<'RecordCharge', { readonly amount: Money; readonly paymentRef: string }>;
export type RecordRefund = DomainCommand<'RecordRefund', { readonly amount: Money; readonly reason: string; readonly refundRef: string }>;
export type CancelOrder = DomainCommand<'CancelOrder', { readonly reason: string }>;
export type OpenDispute = DomainCommand<'OpenDispute', { readonly disputeId: string; readonly reason: string; readonly openedBy: string }>;
export type ResolveDispute = DomainCommand<
  'ResolveDispute',
  { readonly disputeId: string; readonly resolution: 'upheld' | 'rejected'; readonly refund?: Money; readonly note?: string }
>;

export type OrderCommand = PlaceOrder | RecordCharge | RecordRefund | CancelOrder | OpenDispute | ResolveDispute;

export interface OrderContext {
  readonly now: string;
}

export const OrderRejections = {
  alreadyExists: 'ORDER.ALREADY_EXISTS',
  notFound: 'ORDER.NOT_FOUND',
  currencyMismatch: 'ORDER.CURRENCY_MISMATCH',
  invalidAmount: 'ORDER.INVALID_AMOUNT',
  duplicateCharge: 'ORDER.DUPLICATE_CHARGE',
  duplicateRefund: 'ORDER.DUPLICATE_REFUND',
  refundExceedsCharged: 'ORDER.REFUND_EXCEEDS_CHARGED',
  alreadyCancelled: 'ORDER.ALREADY_CANCELLED',
  disputeAlreadyExists: 'ORDER.DISPUTE_ALREADY_EXISTS',
  disputeNotFound: 'ORDER.DISPUTE_NOT_FOUND',
  disputeAlreadyResolved: 'ORDER.DISPUTE_ALREADY_RESOLVED',
} as const;
