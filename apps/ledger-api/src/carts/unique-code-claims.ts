import { Inject, Injectable } from '@nestjs/common';
import { type CampaignRegistryState, codeStream, type ExistingCart, type QuoteData, type UniqueCodeCommand, uniqueCodeDecider } from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { StreamRunner } from '../application/stream-runner';
import { DecisionLookups } from '../registry/decision-lookups';

/**
 * Single-use codes are claimed for the order at checkout, one stream per code, so two carts holding
 * the same code cannot both be discounted: the second gets CODE_ALREADY_REDEEMED (409).
 */
@Injectable()
export class UniqueCodeClaims {
  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(DecisionLookups) private readonly lookups: DecisionLookups,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** `registry`: the campaign registry the checkout already read, if it did. */
  async claim(cart: ExistingCart, quote: QuoteData, orderId: string, metadata: CommandMetadata, registry?: CampaignRegistryState): Promise<void> {
    const claimed: { campaignId: string; code: string }[] = [];
    try {
      for (const coupon of await this.uniqueCodesOf(quote, registry)) {
        await this.run('RedeemCode', coupon, cart, orderId, metadata);
        claimed.push(coupon);
      }
    } catch (error) {
      for (const coupon of claimed) await this.run('ReleaseCode', coupon, cart, orderId, metadata).catch(() => undefined);
      throw error;
    }
  }

  async release(cart: ExistingCart, quote: QuoteData, orderId: string, metadata: CommandMetadata): Promise<void> {
    for (const coupon of await this.uniqueCodesOf(quote)) await this.run('ReleaseCode', coupon, cart, orderId, metadata).catch(() => undefined);
  }

  private async uniqueCodesOf(quote: QuoteData, known?: CampaignRegistryState): Promise<{ campaignId: string; code: string }[]> {
    const registry = known ?? (await this.lookups.registry());
    return quote.coupons.flatMap((coupon) =>
      coupon.status === 'applied' && coupon.campaignId !== null && registry.codesById[coupon.campaignId]?.type === 'unique'
        ? [{ campaignId: coupon.campaignId, code: coupon.code }]
        : [],
    );
  }

  private run(type: 'RedeemCode' | 'ReleaseCode', coupon: { campaignId: string; code: string }, cart: ExistingCart, orderId: string, metadata: CommandMetadata) {
    const { campaignId, code } = coupon;
    const command: UniqueCodeCommand = type === 'RedeemCode'
      ? { type, data: { campaignId, code, orderId, customerId: cart.customerId } }
      : { type, data: { campaignId, code, orderId, reason: 'checkout did not complete' } };
    return this.runner.run(codeStream(campaignId, code), uniqueCodeDecider, command, metadata, {
      context: () => Promise.resolve({ now: this.clock.now() }),
    });
  }
}
