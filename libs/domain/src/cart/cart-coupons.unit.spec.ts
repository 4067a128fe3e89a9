import { spec } from '../testing/decider-spec';
import {
  DURING_SPRING,
  SPRING40_CODE,
  SPRING40_ID,
  cartOpened,
  catalogue,
  firstTimeCustomer,
  itemAdded,
  spring40Attached,
  spring40Snapshot,
} from '../testing/fixtures';
import type { AttachedCode } from '../pricing/pricing.types';
import type { ReasonCode } from '../pricing/reason-codes';
import type { CartCommand, CartContext } from './cart.commands';
import { cartDecider } from './cart.decider';
import type { CartEvent } from './cart.events';

const cart = spec(cartDecider);
const { jacket, dress } = catalogue;
const opened = cartOpened();
const attach = (code: string): CartCommand => ({ type: 'AttachCoupon', data: { code } });
const spring40Code: AttachedCode = { code: SPRING40_CODE, campaignId: SPRING40_ID };
const ctx = (attachedCode: AttachedCode = spring40Code, campaigns = [spring40Snapshot()]): CartContext => ({
  now: DURING_SPRING,
  attachedCode,
  campaigns,
  customer: firstTimeCustomer,
});

const rejected = (code: string, campaignId: string | null, reason: ReasonCode): CartEvent => ({
  type: 'CouponRejected',
  data: { code, campaignId, reason, explanation: expect.stringContaining(code) as string },
});

function attachedEvent(decision: { events: readonly CartEvent[] }): CartEvent['data'] {
  expect(decision.events).toHaveLength(1);
  return decision.events[0].data;
}

describe('cart coupons', () => {
  describe('AttachCoupon with SPRING40 (40.00 USD off fashion-apparel ≥ 100.00 USD)', () => {
    it('applies to a 129.00 USD jacket', () => {
      const { decision } = cart.given([opened, itemAdded(jacket)]).when(attach(SPRING40_CODE), ctx());
      expect(decision.kind).toBe('accepted');
      expect(attachedEvent(decision)).toMatchObject({ code: SPRING40_CODE, campaignId: SPRING40_ID, status: 'applied', reason: null });
    });

    it('stays attached as not eligible on an 89.00 USD dress, saying how much is missing', () => {
      const { decision } = cart.given([opened, itemAdded(dress)]).when(attach(SPRING40_CODE), ctx());
      expect(decision.kind).toBe('accepted');
      const data = attachedEvent(decision);
      expect(data).toMatchObject({ status: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET' });
      expect(data).toHaveProperty('explanation', expect.stringContaining('11.00 USD short'));
    });

    it('accepts the code as typed in lower case', () => {
      const { decision } = cart.given([opened, itemAdded(jacket)]).when(attach(' spring40 '), ctx({ ...spring40Code, code: 'spring40' }));
      expect(attachedEvent(decision)).toMatchObject({ code: SPRING40_CODE });
    });

    it('rejects an unknown code with UNKNOWN_CODE and records the attempt', () => {
      const rejection = cart
        .given([opened, itemAdded(jacket)])
        .when(attach('SPRING50'), ctx({ code: 'SPRING50', campaignId: null }))
        .thenRejects('UNKNOWN_CODE', [rejected('SPRING50', null, 'UNKNOWN_CODE')]);
      expect(rejection.details).toEqual({ code: 'SPRING50', campaignId: null });
    });

    it('rejects a code of a paused campaign with CAMPAIGN_PAUSED and records the attempt', () => {
      cart
        .given([opened, itemAdded(jacket)])
        .when(attach(SPRING40_CODE), ctx(spring40Code, [spring40Snapshot({ status: 'paused' })]))
        .thenRejects('CAMPAIGN_PAUSED', [rejected(SPRING40_CODE, SPRING40_ID, 'CAMPAIGN_PAUSED')]);
    });

    it('rejects attaching the same code twice with CART.COUPON_ALREADY_ATTACHED', () => {
      cart.given([opened, itemAdded(jacket), spring40Attached()]).when(attach('spring40'), ctx()).thenRejects('CART.COUPON_ALREADY_ATTACHED');
    });
  });

  describe('DetachCoupon', () => {
    it('detaches an attached code', () => {
      cart
        .given([opened, itemAdded(jacket), spring40Attached()])
        .when({ type: 'DetachCoupon', data: { code: SPRING40_CODE } }, ctx())
        .then([{ type: 'CouponDetached', data: { code: SPRING40_CODE, campaignId: SPRING40_ID } }]);
    });

    it('rejects a code that is not attached with CART.COUPON_NOT_ATTACHED', () => {
      cart.given([opened]).when({ type: 'DetachCoupon', data: { code: SPRING40_CODE } }, ctx()).thenRejects('CART.COUPON_NOT_ATTACHED');
    });
  });
});
