import { accept, reject, type Decision, type Rejection } from '../decider';
import { priceCart } from '../pricing';
import { PERMANENT_REASONS } from '../pricing/reason-codes';
import { CartRejections as R, type AttachCoupon, type CartContext, type DetachCoupon } from './cart.commands';
import type { CartEvent, CouponRejected } from './cart.events';
import { attachedCodesOf, pricingInput, required } from './cart.pricing-input';
import { normaliseCode, type ExistingCart } from './cart.state';

type CartDecision = Decision<CartEvent>;

/**
 * Judges the code with the cart as it is now (pricing decides; this only sorts the outcome):
 * a reason that no change to the cart can cure rejects the code, and the attempt is recorded as
 * CouponRejected; otherwise the code stays attached, applied or not yet eligible with the reason.
 */
export function attachCoupon({ data }: AttachCoupon, cart: ExistingCart, context: CartContext): CartDecision {
  const code = normaliseCode(data.code);
  if (cart.coupons.some((coupon) => coupon.code === code)) {
    return reject(R.couponAlreadyAttached, `${code} is already on this cart; there is no need to add it again.`, { code });
  }
  const resolved = required(context.attachedCode, 'attachedCode');
  if (normaliseCode(resolved.code) !== code) throw new Error(`attachedCode ${resolved.code} was resolved for another code than ${code}`);

  const attachedCodes = [...attachedCodesOf(cart), { ...resolved, code }];
  const result = priceCart(pricingInput(cart, context, attachedCodes));
  const status = result.coupons[attachedCodes.length - 1];
  if (status?.code !== code) throw new Error(`pricing returned no status for ${code}`);

  if (status.reason !== null && PERMANENT_REASONS.has(status.reason)) {
    const recorded: CouponRejected = {
      type: 'CouponRejected',
      data: { code, campaignId: status.campaignId, reason: status.reason, explanation: status.explanation },
    };
    const rejection = couponRejection(recorded);
    return reject<CartEvent>(rejection.code, rejection.message, rejection.details, [recorded]);
  }
  if (status.campaignId === null) throw new Error(`pricing kept ${code} without a campaign`);
  return accept({
    type: 'CouponAttached',
    data: { code, campaignId: status.campaignId, status: status.status, reason: status.reason, explanation: status.explanation },
  });
}

export function detachCoupon({ data }: DetachCoupon, cart: ExistingCart): CartDecision {
  const code = normaliseCode(data.code);
  const coupon = cart.coupons.find((attached) => attached.code === code);
  if (coupon === undefined) return reject(R.couponNotAttached, `${code} is not on this cart; refresh the cart to see its coupons.`, { code });
  return accept({ type: 'CouponDetached', data: { code, campaignId: coupon.campaignId } });
}

/** The rejection a CouponRejected records: the same answer whenever it is given. */
export function couponRejection({ data }: CouponRejected): Rejection {
  const message = `${asSentence(data.explanation)} Check the code, or continue without it.`;
  return { code: data.reason, message, details: { code: data.code, campaignId: data.campaignId } };
}

function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
