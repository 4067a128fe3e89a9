import {
  campaignDecider, campaignForCode, campaignRegistryDecider, campaignRegistryStream, type CampaignCodes, type CampaignState, campaignStream,
  type CampaignTerms, type CartCommand, type CartContext, cartDecider, type CartState, cartStream, type Decider, type DomainEvent, emptyTotals,
  fold, money, orderDecider, orderStream, priceAt, type PriceBookEntry, priceDecider, type PriceState, priceStream, toSnapshot,
} from '@promo-ledger/domain';
import type { EventStore, JsonObject } from '@promo-ledger/event-store';

const usd = (amount: number) => money(amount, 'USD');

/**
 * A ledger for audit specs and the audit benchmark: runs the domain's real deciders with the
 * context the API's handlers would load, and appends each decision's events to a real store with
 * metadata derived only from the arguments (no clock, no random ids), so two stores fed the same
 * calls hold the same log. Budget and customer streams are left out: a replay does not read them.
 */
export class AuditLedger {
  private readonly streams = new Map<string, DomainEvent[]>();
  private eventCount = 0;

  constructor(
    private readonly store: EventStore,
    private readonly idPrefix = 'audit',
  ) {}

  async setPrice(sku: string, amount: number, category: string, at: string): Promise<void> {
    await this.run(priceStream(sku), priceDecider, { type: 'SetPrice', data: { sku, price: usd(amount), category } }, { now: at }, at);
  }

  async launchCampaign(campaignId: string, terms: CampaignTerms, codes: CampaignCodes, at: string): Promise<void> {
    await this.run(campaignRegistryStream(), campaignRegistryDecider, { type: 'RegisterCampaign', data: { campaignId, codes } }, { now: at }, at);
    await this.run(campaignStream(campaignId), campaignDecider, { type: 'CreateCampaign', data: { campaignId, name: campaignId, codes, terms } }, { now: at }, at);
    await this.run(campaignStream(campaignId), campaignDecider, { type: 'ActivateCampaign', data: { campaignId } }, { now: at }, at);
  }

  async reviseTerms(campaignId: string, terms: CampaignTerms, at: string): Promise<void> {
    await this.run(campaignStream(campaignId), campaignDecider, { type: 'ReviseTerms', data: { campaignId, terms } }, { now: at }, at);
  }

  /** A cart command with the context the API's cart handler would load for it. */
  async cart(cartId: string, command: CartCommand, at: string, quoteId = `quote-${cartId}`): Promise<void> {
    const cart = this.state<CartState>(cartStream(cartId), cartDecider);
    await this.run(cartStream(cartId), cartDecider, command, this.context(cart, command, at, quoteId), at);
  }

  /** Checks the cart out on its quote and places the order with the quoted breakdown, as the API's checkout does. */
  async checkout(cartId: string, quoteId: string, orderId: string, at: string): Promise<void> {
    await this.cart(cartId, { type: 'Checkout', data: { quoteId, orderId } }, at);
    const cart = this.state<CartState>(cartStream(cartId), cartDecider);
    if (cart.status === 'none') throw new Error(`no cart ${cartId}`);
    const place = { type: 'PlaceOrder' as const, data: { orderId, cartId, customerId: cart.customerId, quote: cart.quotes[quoteId] } };
    await this.run(orderStream(orderId), orderDecider, place, { now: at }, at);
  }

  async charge(orderId: string, amount: number, paymentRef: string, at: string): Promise<void> {
    await this.run(orderStream(orderId), orderDecider, { type: 'RecordCharge', data: { amount: usd(amount), paymentRef } }, { now: at }, at);
  }

  async refund(orderId: string, amount: number, refundRef: string, at: string): Promise<void> {
    await this.run(orderStream(orderId), orderDecider, { type: 'RecordRefund', data: { amount: usd(amount), reason: 'goodwill', refundRef } }, { now: at }, at);
  }

  private async run<C, E extends DomainEvent, S, X>(streamId: string, decider: Decider<C, E, S, X>, command: C, context: X, at: string): Promise<void> {
    const decision = decider.decide(command, this.state(streamId, decider), context);
    if (decision.kind === 'rejected') throw new Error(`${streamId} refused: ${decision.rejection.code} ${decision.rejection.message}`);
    this.streams.set(streamId, [...(this.streams.get(streamId) ?? []), ...decision.events]);
    await this.store.appendToStream(streamId, decision.events.map((event) => {
      this.eventCount += 1;
      const eventId = `${this.idPrefix}-${this.eventCount}`;
      return { type: event.type, data: event.data as unknown as JsonObject, metadata: { eventId, correlationId: eventId, causationId: null, actor: null, idempotencyKey: null, occurredAt: at } };
    }), 'any');
  }

  private state<S>(streamId: string, decider: Pick<Decider<never, never, S, never>, 'initialState' | 'evolve'>): S {
    return fold(decider as Pick<Decider<unknown, DomainEvent, S, unknown>, 'initialState' | 'evolve'>, this.streams.get(streamId) ?? []);
  }

  private context(cart: CartState, command: CartCommand, now: string, quoteId: string): CartContext {
    const coupons = cart.status === 'none' ? [] : cart.coupons.map((coupon) => ({ code: coupon.code, campaignId: coupon.campaignId }));
    const skus = cart.status === 'none' ? [] : cart.lines.map((line) => line.sku);
    const customer = { isFirstOrder: true, redemptionsByCampaign: {} };
    switch (command.type) {
      case 'AddItem':
        return { now, prices: this.prices([command.data.sku], now) };
      case 'AttachCoupon': {
        const code = command.data.code.trim().toUpperCase();
        const attachedCode = { code, campaignId: campaignForCode(this.state(campaignRegistryStream(), campaignRegistryDecider), code) };
        return { now, attachedCode, campaigns: this.campaigns([...coupons, attachedCode]), customer };
      }
      case 'IssueQuote':
        return { now, prices: this.prices(skus, now), campaigns: this.campaigns(coupons), customer, quoteId, validUntil: new Date(Date.parse(now) + 15 * 60_000).toISOString() };
      case 'Checkout': {
        const quote = cart.status === 'none' ? undefined : cart.quotes[command.data.quoteId];
        const priceVersions = Object.fromEntries(Object.entries(this.prices(Object.keys(quote?.priceVersions ?? {}), now)).map(([sku, entry]) => [sku, entry.version]));
        const campaigns = Object.fromEntries(this.campaigns(coupons).map((snapshot) => [snapshot.campaignId, { version: snapshot.version, status: snapshot.status }]));
        return { now, current: { priceVersions, campaigns } };
      }
      case 'OpenCart':
      case 'ChangeItemQuantity':
      case 'RemoveItem':
      case 'SetShipping':
      case 'DetachCoupon':
      case 'AbandonCart':
        return { now };
    }
  }

  private prices(skus: readonly string[], at: string): Record<string, PriceBookEntry> {
    const entries = skus.map((sku) => [sku, priceAt(this.state<PriceState>(priceStream(sku), priceDecider), at)] as const);
    return Object.fromEntries(entries.filter((entry): entry is readonly [string, PriceBookEntry] => entry[1] !== null));
  }

  private campaigns(codes: readonly { readonly campaignId: string | null }[]) {
    const registry = this.state(campaignRegistryStream(), campaignRegistryDecider);
    const ids = new Set([...registry.automatic, ...codes.flatMap((code) => (code.campaignId === null ? [] : [code.campaignId]))]);
    return [...ids].map((campaignId) => toSnapshot(this.state<CampaignState>(campaignStream(campaignId), campaignDecider), emptyTotals));
  }
}
