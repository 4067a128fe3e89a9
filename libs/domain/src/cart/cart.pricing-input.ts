import type { AttachedCode, CartLineInput, PricingInput } from '../pricing/pricing.types';
import type { CartContext } from './cart.commands';
import type { CartLine, ExistingCart } from './cart.state';

/**
 * The pricing input for this cart: lines at the prices in `context.prices` when given (a quote)
 * or the prices recorded on the cart (judging a coupon), the customer as the cart and the handler
 * know them, and the attached codes in attach order.
 */
export function pricingInput(cart: ExistingCart, context: CartContext, attachedCodes: readonly AttachedCode[]): PricingInput {
  const customer = required(context.customer, 'customer');
  return {
    currency: cart.currency,
    lines: cart.lines.map((line) => lineInput(line, context)),
    shipping: cart.shipping,
    customer: {
      customerId: cart.customerId,
      tags: cart.customerTags,
      ...(cart.channel === null ? {} : { channel: cart.channel }),
      isFirstOrder: customer.isFirstOrder,
      redemptionsByCampaign: customer.redemptionsByCampaign,
    },
    campaigns: required(context.campaigns, 'campaigns'),
    attachedCodes,
    at: context.now,
  };
}

function lineInput(line: CartLine, context: CartContext): CartLineInput {
  const current = context.prices?.[line.sku];
  return current === undefined
    ? { sku: line.sku, category: line.category, quantity: line.quantity, unitPrice: line.unitPrice }
    : { sku: line.sku, category: current.category, quantity: line.quantity, unitPrice: current.price };
}

/** The cart's coupons as pricing takes them; `redeemedCodes` marks single-use codes used up since. */
export function attachedCodesOf(cart: ExistingCart, redeemedCodes: readonly string[] = []): AttachedCode[] {
  return cart.coupons.map((coupon) => ({
    code: coupon.code,
    campaignId: coupon.campaignId,
    ...(redeemedCodes.includes(coupon.code) ? { alreadyRedeemed: true } : {}),
  }));
}

/** A part of the context the command needs but the handler did not load: a handler bug, so it throws. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`cart context is missing ${what}`);
  return value;
}
