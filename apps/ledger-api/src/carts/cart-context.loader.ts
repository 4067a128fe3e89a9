import { Inject, Injectable } from '@nestjs/common';
import { type AttachedCode, type CartCommand, type CartContext, type CartState, type CustomerHistory } from '@promo-ledger/domain';
import { Clock, IdGenerator } from '../application/clock';
import { DecisionLookups } from '../registry/decision-lookups';

/** How long a quote holds before checkout must re-quote. */
export const QUOTE_VALIDITY_MS = 15 * 60 * 1000;

const NEW_CUSTOMER: CustomerHistory = { isFirstOrder: true, redemptionsByCampaign: {} };

/**
 * Loads, for each cart command, exactly the part of CartContext the decider reads (see
 * CartContext in the domain). Re-run on every retry of the command, so a retry decides on fresh facts.
 */
@Injectable()
export class CartContextLoader {
  constructor(
    @Inject(DecisionLookups) private readonly lookups: DecisionLookups,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
  ) {}

  async load(command: CartCommand, cart: CartState): Promise<CartContext> {
    const now = this.clock.now();
    switch (command.type) {
      case 'AddItem':
        return { now, prices: await this.lookups.prices([command.data.sku], now) };
      case 'AttachCoupon': {
        const registry = await this.lookups.registry();
        const attachedCode = await this.lookups.resolveCode(registry, command.data.code);
        const codes = [...this.couponsOf(cart), attachedCode];
        const [campaigns, customer] = await Promise.all([this.lookups.campaignsFor(registry, codes), this.customerOf(cart)]);
        return { now, attachedCode, campaigns, customer };
      }
      case 'IssueQuote': {
        const pricing = await this.pricingFacts(cart, now);
        return { ...pricing, quoteId: this.ids.next(), validUntil: new Date(Date.parse(now) + QUOTE_VALIDITY_MS).toISOString() };
      }
      case 'OpenCart':
      case 'ChangeItemQuantity':
      case 'RemoveItem':
      case 'SetShipping':
      case 'DetachCoupon':
      case 'Checkout':
      case 'AbandonCart':
        return { now };
    }
  }

  /** Current prices, campaigns in force (automatic + attached codes), the customer, single-use codes redeemed since. */
  async pricingFacts(cart: CartState, now: string): Promise<CartContext> {
    if (cart.status === 'none') return { now };
    const registry = await this.lookups.registry();
    const resolved = await Promise.all(cart.coupons.map((coupon) => this.lookups.resolveCode(registry, coupon.code, cart.orderId)));
    const [prices, campaigns, customer] = await Promise.all([
      this.lookups.prices(cart.lines.map((line) => line.sku), now),
      this.lookups.campaignsFor(registry, resolved),
      this.customerOf(cart),
    ]);
    const redeemedCodes = resolved.filter((code) => code.alreadyRedeemed === true).map((code) => code.code);
    return { now, prices, campaigns, customer, redeemedCodes };
  }

  private couponsOf(cart: CartState): AttachedCode[] {
    return cart.status === 'none' ? [] : cart.coupons.map((coupon) => ({ code: coupon.code, campaignId: coupon.campaignId }));
  }

  private customerOf(cart: CartState): Promise<CustomerHistory> {
    return cart.status === 'none' ? Promise.resolve(NEW_CUSTOMER) : this.lookups.customer(cart.customerId);
  }
}
