import type { DomainEvent } from '../decider';
import type { CurrencyCode, Money } from '../money';
import type { AppliedDiscount, PricedLine } from '../pricing/pricing.types';

/** Stream `order-<id>`. Instants are ISO-8601 strings. */

/** The expected breakdown, copied from the quote the shopper accepted, with the versions it rests on. */
export type OrderPlaced = DomainEvent<
  'OrderPlaced',
  {
    readonly orderId: string;
    readonly cartId: string;
    readonly quoteId: string;
    readonly customerId: string;
    readonly currency: CurrencyCode;
    readonly lines: readonly PricedLine[];
    readonly discounts: readonly AppliedDiscount[];
    readonly subtotal: Money;
    readonly shipping: Money;
    readonly shippingDiscount: Money;
    readonly expectedTotal: Money;
    readonly campaignVersions: Readonly<Record<string, number>>;
    readonly priceVersions: Readonly<Record<string, number>>;
    readonly placedAt: string;
  }
>;

/**
 * A charge as the payment provider took it, whatever it was. `delta` = everything charged so far −
 * expected; `mismatch` when that is not zero (an overcharge or an undercharge).
 */
export type ChargeRecorded = DomainEvent<
  'ChargeRecorded',
  {
    readonly amount: Money;
    readonly paymentRef: string;
    readonly totalCharged: Money;
    readonly expected: Money;
    readonly delta: Money;
    readonly mismatch: boolean;
    readonly chargedAt: string;
  }
>;

export type RefundRecorded = DomainEvent<
  'RefundRecorded',
  { readonly amount: Money; readonly reason: string; readonly refundRef: string; readonly totalRefunded: Money; readonly refundedAt: string }
>;

export type OrderCancelled = DomainEvent<'OrderCancelled', { readonly reason: string; readonly cancelledAt: string }>;

export type DisputeOpened = DomainEvent<
  'DisputeOpened',
  { readonly disputeId: string; readonly reason: string; readonly openedBy: string; readonly openedAt: string }
>;

/**
 * `refund` is what the resolution says is owed. An upheld resolution with a refund is appended
 * together with the RefundRecorded that moves the money (refundRef `dispute-<disputeId>`).
 */
export type DisputeResolved = DomainEvent<
  'DisputeResolved',
  {
    readonly disputeId: string;
    readonly resolution: 'upheld' | 'rejected';
    readonly refund?: Money;
    readonly note?: string;
    readonly resolvedAt: string;
  }
>;

export type OrderEvent = OrderPlaced | ChargeRecorded | RefundRecorded | OrderCancelled | DisputeOpened | DisputeResolved;
