import { type AppliedDiscount, assertNever, formatMoney, type Money, type StoredEvent } from '@promo-ledger/domain';

/** One plain sentence per event, as finance reads the replay: who did what, with the amounts. */
export function explainEvent(event: StoredEvent): string {
  switch (event.type) {
    case 'CampaignCreated':
      return `campaign ${event.data.campaignId} created with terms v1: "${event.data.terms.advertisedText}"`;
    case 'CampaignTermsRevised':
      return `campaign ${event.data.campaignId} terms revised to v${event.data.version}: "${event.data.terms.advertisedText}"`;
    case 'CampaignScheduleChanged':
      return `campaign ${event.data.campaignId} schedule changed (terms v${event.data.version}): from ${event.data.schedule.startsAt}${event.data.schedule.endsAt ? ` to ${event.data.schedule.endsAt}` : ''}`;
    case 'CampaignActivated':
      return `campaign ${event.data.campaignId} activated`;
    case 'CampaignPaused':
      return `campaign ${event.data.campaignId} paused${event.data.reason ? `: ${event.data.reason}` : ''}`;
    case 'CampaignEnded':
      return `campaign ${event.data.campaignId} ended${event.data.reason ? `: ${event.data.reason}` : ''}`;
    case 'CouponCodesIssued':
      return `${event.data.codes.length} single-use codes issued for campaign ${event.data.campaignId}`;
    case 'PriceSet':
      return `price of ${event.data.sku} set to ${formatMoney(event.data.price)} (${event.data.category}), effective ${event.data.effectiveAt}`;
    case 'CartOpened':
      return `cart ${event.data.cartId} opened for customer ${event.data.customerId} in ${event.data.currency}`;
    case 'ItemAdded':
      return `${event.data.quantity} × ${event.data.sku} added at ${formatMoney(event.data.unitPrice)} (${event.data.category})`;
    case 'ItemQuantityChanged':
      return `${event.data.sku} quantity changed from ${event.data.previousQuantity} to ${event.data.quantity}`;
    case 'ItemRemoved':
      return `${event.data.sku} removed`;
    case 'ShippingSet':
      return `shipping set to ${formatMoney(event.data.amount)}`;
    case 'CouponAttached':
      return `code ${event.data.code} attached (${event.data.status}): ${event.data.explanation}`;
    case 'CouponRejected':
      return `code ${event.data.code} rejected (${event.data.reason}): ${event.data.explanation}`;
    case 'CouponDetached':
      return `code ${event.data.code} removed from the cart`;
    case 'QuoteIssued':
      return `quote ${event.data.quoteId} shown to the shopper: ${totalWith(event.data.total, event.data.discounts)}`;
    case 'CartCheckedOut':
      return `cart checked out on quote ${event.data.quoteId} as order ${event.data.orderId}`;
    case 'CartAbandoned':
      return `cart abandoned${event.data.reason ? `: ${event.data.reason}` : ''}`;
    case 'OrderPlaced':
      return `order placed on quote ${event.data.quoteId}, recording an expected total of ${totalWith(event.data.expectedTotal, event.data.discounts)}`;
    case 'ChargeRecorded':
      return `charge ${event.data.paymentRef} of ${formatMoney(event.data.amount)} taken (${formatMoney(event.data.totalCharged)} charged in all)`;
    case 'RefundRecorded':
      return `refund ${event.data.refundRef} of ${formatMoney(event.data.amount)} (${event.data.reason}); ${formatMoney(event.data.totalRefunded)} refunded in all`;
    case 'OrderCancelled':
      return `order cancelled: ${event.data.reason}`;
    case 'DisputeOpened':
      return `dispute ${event.data.disputeId} opened by ${event.data.openedBy}: ${event.data.reason}`;
    case 'DisputeResolved':
      return `dispute ${event.data.disputeId} ${event.data.resolution}${event.data.refund ? ` with ${formatMoney(event.data.refund)} owed` : ''}`;
    case 'RedemptionReserved':
    case 'RedemptionConfirmed':
    case 'RedemptionReleased':
    case 'UniqueCodeRedeemed':
    case 'UniqueCodeReleased':
    case 'CampaignRegistered':
    case 'CustomerOrderRecorded':
    case 'CustomerOrderVoided':
    case 'AlertRaised':
    case 'AlertUpdated':
    case 'AlertResolved':
      return event.type; // never a step of a replay (not read), named plainly should that change
    default:
      return assertNever(event);
  }
}

/** `89.00 USD (SPRING40 v1 −40.00 USD)`, or `129.00 USD (no discount)`. */
export function totalWith(total: Money, discounts: readonly Pick<AppliedDiscount, 'campaignId' | 'campaignVersion' | 'code' | 'amount'>[]): string {
  const parts = discounts.map((discount) => `${discount.code ?? discount.campaignId} v${discount.campaignVersion} −${formatMoney(discount.amount)}`);
  return `${formatMoney(total)} (${parts.length === 0 ? 'no discount' : parts.join(', ')})`;
}
