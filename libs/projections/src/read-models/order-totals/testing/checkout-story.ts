import {
  budgetDecider, type BudgetState, budgetStream, campaignDecider, campaignForCode, campaignRegistryDecider, campaignRegistryStream,
  type CampaignState, campaignStream, type CampaignCodes, type CampaignTerms, type CartCommand, type CartContext, cartDecider, type CartState,
  cartStream, customerDecider, customerHistory, type CustomerState, customerStream, type Decider, type DomainEvent, type ExistingCart,
  fold, money, type OrderCommand, orderDecider, orderStream, priceAt, type PriceBookEntry, priceDecider, type PriceState, priceStream,
  type QuoteData, toSnapshot,
} from '@promo-ledger/domain';
import { on, type GivenEvent } from '../../../testing/projection-fixture';

const usd = (amount: number) => money(amount, 'USD');

/**
 * A small in-memory ledger for specs: runs the real deciders the way the API's handlers do (same
 * lookups, same checkout steps) and keeps every event, so the projection is fed the events a real
 * checkout produces. `take()` hands over the events recorded since the last call.
 */
export class CheckoutStory {
  private readonly streams = new Map<string, DomainEvent[]>();
  private pending: GivenEvent[] = [];

  take(): GivenEvent[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Appends events written by hand (e.g. what a faulty checkout recorded). */
  record(streamId: string, at: string, ...events: DomainEvent[]): void {
    this.streams.set(streamId, [...(this.streams.get(streamId) ?? []), ...events]);
    this.pending.push(...on(streamId, at, ...events));
  }

  run<C, E extends DomainEvent, S, X>(streamId: string, decider: Decider<C, E, S, X>, command: C, context: X, at: string): E[] {
    const decision = decider.decide(command, this.state(streamId, decider), context);
    // As the API does: a rejection that records the attempt (CouponRejected) appends it, then refuses.
    if (decision.kind === 'rejected') this.record(streamId, at, ...decision.events);
    if (decision.kind === 'rejected') throw new Error(`${streamId} refused: ${decision.rejection.code} ${decision.rejection.message}`);
    this.record(streamId, at, ...decision.events);
    return [...decision.events];
  }

  state<S, E>(streamId: string, decider: Pick<Decider<unknown, E, S, unknown>, 'initialState' | 'evolve'>): S {
    return fold(decider, (this.streams.get(streamId) ?? []) as E[]);
  }

  setPrice(sku: string, amount: number, category: string, at: string, effectiveAt?: string): void {
    this.run(priceStream(sku), priceDecider, { type: 'SetPrice', data: { sku, price: usd(amount), category, ...(effectiveAt ? { effectiveAt } : {}) } }, { now: at }, at);
  }

  launchCampaign(campaignId: string, terms: CampaignTerms, codes: CampaignCodes, at: string): void {
    this.run(campaignRegistryStream(), campaignRegistryDecider, { type: 'RegisterCampaign', data: { campaignId, codes } }, { now: at }, at);
    this.run(campaignStream(campaignId), campaignDecider, { type: 'CreateCampaign', data: { campaignId, name: campaignId, codes, terms } }, { now: at }, at);
    this.run(campaignStream(campaignId), campaignDecider, { type: 'ActivateCampaign', data: { campaignId } }, { now: at }, at);
  }

  reviseTerms(campaignId: string, terms: CampaignTerms, at: string): void {
    this.run(campaignStream(campaignId), campaignDecider, { type: 'ReviseTerms', data: { campaignId, terms } }, { now: at }, at);
  }

  /** A cart command with the context CartContextLoader would load for it. */
  cart(cartId: string, command: CartCommand, at: string, quoteId = `quote-${cartId}`): void {
    const cart = this.state<CartState, never>(cartStream(cartId), cartDecider);
    this.run(cartStream(cartId), cartDecider, command, this.context(cart, command, at, quoteId), at);
  }

  /** The API's checkout: reserve each discounted campaign, check the cart out, place, confirm, record the customer's order. */
  checkout(cartId: string, quoteId: string, orderId: string, at: string): QuoteData {
    const cart = this.existingCart(cartId);
    const quote = cart.quotes[quoteId];
    for (const discount of quote.discounts) {
      const { campaignId } = discount;
      const limits = this.snapshot(campaignId).terms.limits;
      const customerRedemptions = this.customer(cart.customerId).redemptionsByCampaign[campaignId] ?? 0;
      const reserve = { type: 'ReserveRedemption' as const, data: { campaignId, reservationId: orderId, orderId, customerId: cart.customerId, discount: discount.amount } };
      this.run(budgetStream(campaignId), budgetDecider, reserve, { now: at, limits, customerRedemptions }, at);
    }
    this.cart(cartId, { type: 'Checkout', data: { quoteId, orderId } }, at);
    this.order(orderId, { type: 'PlaceOrder', data: { orderId, cartId, customerId: cart.customerId, quote } }, at);
    for (const { campaignId } of quote.discounts) {
      this.run(budgetStream(campaignId), budgetDecider, { type: 'ConfirmRedemption', data: { campaignId, reservationId: orderId } }, { now: at, limits: {} }, at);
    }
    const campaignIds = quote.discounts.map((discount) => discount.campaignId);
    this.run(customerStream(cart.customerId), customerDecider, { type: 'RecordCustomerOrder', data: { customerId: cart.customerId, orderId, campaignIds } }, { now: at }, at);
    return quote;
  }

  order(orderId: string, command: OrderCommand, at: string): void {
    this.run(orderStream(orderId), orderDecider, command, { now: at }, at);
  }

  existingCart(cartId: string): ExistingCart {
    const cart = this.state<CartState, never>(cartStream(cartId), cartDecider);
    if (cart.status === 'none') throw new Error(`no cart ${cartId}`);
    return cart;
  }

  private context(cart: CartState, command: CartCommand, now: string, quoteId: string): CartContext {
    const coupons = cart.status === 'none' ? [] : cart.coupons.map((coupon) => ({ code: coupon.code, campaignId: coupon.campaignId }));
    const skus = cart.status === 'none' ? [] : cart.lines.map((line) => line.sku);
    const customer = cart.status === 'none' ? { isFirstOrder: true, redemptionsByCampaign: {} } : this.customer(cart.customerId);
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
    const entries = skus.map((sku) => [sku, priceAt(this.state<PriceState, never>(priceStream(sku), priceDecider), at)] as const);
    return Object.fromEntries(entries.filter((entry): entry is readonly [string, PriceBookEntry] => entry[1] !== null));
  }

  private campaigns(codes: readonly { readonly campaignId: string | null }[]) {
    const registry = this.state(campaignRegistryStream(), campaignRegistryDecider);
    const ids = new Set([...registry.automatic, ...codes.flatMap((code) => (code.campaignId === null ? [] : [code.campaignId]))]);
    return [...ids].map((campaignId) => this.snapshot(campaignId));
  }

  private snapshot(campaignId: string) {
    const campaign = this.state<CampaignState, never>(campaignStream(campaignId), campaignDecider);
    return toSnapshot(campaign, this.state<BudgetState, never>(budgetStream(campaignId), budgetDecider).totals);
  }

  private customer(customerId: string) {
    return customerHistory(this.state<CustomerState, never>(customerStream(customerId), customerDecider));
  }
}
