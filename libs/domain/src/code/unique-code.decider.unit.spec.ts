import { spec } from '../testing/decider-spec';
import { uniqueCodeDecider, type UniqueCodeCommand } from './unique-code.decider';
import type { UniqueCodeEvent } from './unique-code.events';

const now = '2026-03-20T12:00:00Z';
const codes = spec(uniqueCodeDecider);
const base = { campaignId: 'vip', code: 'VIP-AAAA' };
const redeem = (orderId: string): UniqueCodeCommand => ({ type: 'RedeemCode', data: { ...base, orderId, customerId: 'c-1' } });
const release = (orderId: string): UniqueCodeCommand => ({ type: 'ReleaseCode', data: { ...base, orderId, reason: 'order cancelled' } });
const redeemed = (orderId: string): UniqueCodeEvent => ({ type: 'UniqueCodeRedeemed', data: { ...base, orderId, customerId: 'c-1', redeemedAt: now } });
const released = (orderId: string): UniqueCodeEvent => ({ type: 'UniqueCodeReleased', data: { ...base, orderId, reason: 'order cancelled', releasedAt: now } });

describe('unique code decider', () => {
  it('redeems a free code; a retry by the same order changes nothing', () => {
    codes.given([]).when(redeem('o-1'), { now }).then([redeemed('o-1')]);
    codes.given([redeemed('o-1')]).when(redeem('o-1'), { now }).then([]);
  });

  it('rejects a code another order holds with CODE_ALREADY_REDEEMED', () => {
    codes.given([redeemed('o-1')]).when(redeem('o-2'), { now }).thenRejects('CODE_ALREADY_REDEEMED');
  });

  it('releases the code for its order and lets it be redeemed again', () => {
    codes.given([redeemed('o-1')]).when(release('o-1'), { now }).then([released('o-1')]);
    codes.given([redeemed('o-1'), released('o-1')]).when(redeem('o-2'), { now }).then([redeemed('o-2')]);
  });

  it('treats releasing a code nobody holds as done', () => {
    codes.given([redeemed('o-1'), released('o-1')]).when(release('o-1'), { now }).then([]);
  });

  it('rejects a release by another order with CODE.HELD_BY_ANOTHER_ORDER', () => {
    codes.given([redeemed('o-1')]).when(release('o-2'), { now }).thenRejects('CODE.HELD_BY_ANOTHER_ORDER');
  });
});
