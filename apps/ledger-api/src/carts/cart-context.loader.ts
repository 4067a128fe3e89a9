import { Inject, Injectable } from '@nestjs/common';
import { type AttachedCode, type CampaignRegistryState, type CartCommand, type CartContext, type CartState, type CustomerHistory } from '@promo-ledger/domain';
import { Clock, IdGenerator } from '../application/clock';
import { DecisionLookups } from '../registry/decision-lookups';

/** How long a quote holds before checkout must re-quote. */
export const QUOTE_VALIDITY_MS = 15 * 60 * 1000;

const NEW_CUSTOMER: CustomerHistory = { isFirstOrder: true, redemptionsByCampaign: {} };

/** What a cart's pricing needs looked up: the customer, the codes on it (in attach order), the skus to price now. */
interface Wanted {
  readonly customerId: string | null;
  readonly codes: readonly string[];
  readonly skus: readonly string[];
  readonly orderId: string | null;
}

/**
 * Loads, for each cart command, what the decider reads plus what the response shows: the campaigns
 * in force for the cart as the command leaves it (automatic ones and those of its codes, the code
 * being attached included) and the customer, so the priced cart in the response comes from the
 * same facts as the decision, without reading them again. Re-run on every retry of the command, so
 * a retry decides on fresh facts. `registry` may be a read started together with the cart's.
 */
@Injectable()
export class CartContextLoader {
  constructor(
    @Inject(DecisionLookups) private readonly lookups: DecisionLookups,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
  ) {}

  async load(command: CartCommand, cart: CartState, registry?: Promise<CampaignRegistryState>): Promise<CartContext> {
    const now = this.clock.now();
    const existing = cart.status === 'none' ? null : cart;
    const customerId = command.type === 'OpenCart' ? command.data.customerId : (existing?.customerId ?? null);
    if (customerId === null) return { now }; // no cart: the decider refuses whatever the facts
    const attaching = command.type === 'AttachCoupon' ? [command.data.code] : [];
    const skus = command.type === 'AddItem' ? [command.data.sku] : command.type === 'IssueQuote' ? (existing?.lines.map((line) => line.sku) ?? []) : [];
    const codes = [...(existing?.coupons.map((coupon) => coupon.code) ?? []), ...attaching];
    const { resolved, facts } = await this.factsFor({ customerId, codes, skus, orderId: existing?.orderId ?? null }, now, registry);
    if (command.type === 'AttachCoupon') return { ...facts, attachedCode: resolved[resolved.length - 1] };
    if (command.type === 'IssueQuote') return { ...facts, quoteId: this.ids.next(), validUntil: new Date(Date.parse(now) + QUOTE_VALIDITY_MS).toISOString() };
    return facts;
  }

  /** The campaigns in force for the cart as it stands (automatic + its codes), the customer, single-use codes redeemed since; current prices of its lines. */
  async pricingFacts(cart: CartState, now: string): Promise<CartContext> {
    if (cart.status === 'none') return { now };
    const wanted = { customerId: cart.customerId, codes: cart.coupons.map((coupon) => coupon.code), skus: cart.lines.map((line) => line.sku), orderId: cart.orderId };
    return (await this.factsFor(wanted, now)).facts;
  }

  /**
   * The prices, the customer and the campaigns the registry as this process holds it puts in force
   * are read together with the registry (one batched query); only campaigns that the registry as read
   * names besides, and single-use codes, take a second.
   */
  private async factsFor(wanted: Wanted, now: string, registry: Promise<CampaignRegistryState> = this.lookups.registry()): Promise<{ facts: CartContext; resolved: AttachedCode[] }> {
    const prefetched = this.lookups.prefetchCampaigns(wanted.codes);
    const [campaignRegistry, prices, customer] = await Promise.all([
      registry,
      this.lookups.prices(wanted.skus, now),
      wanted.customerId === null ? Promise.resolve(NEW_CUSTOMER) : this.lookups.customer(wanted.customerId),
    ]);
    const resolved = await Promise.all(wanted.codes.map((code) => this.lookups.resolveCode(campaignRegistry, code, wanted.orderId)));
    const campaigns = await this.lookups.campaignsFor(campaignRegistry, resolved, prefetched);
    const redeemedCodes = resolved.filter((code) => code.alreadyRedeemed === true).map((code) => code.code);
    return { facts: { now, prices, campaigns, customer, redeemedCodes }, resolved };
  }
}
