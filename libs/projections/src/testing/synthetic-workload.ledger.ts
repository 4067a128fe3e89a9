import {
  type AttachedCode, type BudgetCommand, budgetDecider, type BudgetState, type BudgetTotals, budgetStream, campaignDecider, campaignForCode,
  type CampaignCommand, campaignRegistryDecider, campaignRegistryStream, type CampaignSnapshot, type CampaignState, campaignStream,
  type CampaignCodes, type CartCommand, type CartContext, cartDecider, type CartState, cartStream, type CurrentVersions, customerDecider, customerHistory,
  type CustomerCommand, type CustomerHistory, type CustomerState, customerStream, type Decision, type DomainEvent, type ExistingCart, initialRegistryState, type OrderCommand,
  orderDecider, type OrderState, orderStream, priceAt, type PriceBookEntry, priceDecider, type PriceState, priceStream, type QuoteData, type Rejection,
  type Reservation, type SetPrice, toSnapshot, entriesOf, mapFrom,
} from '@promo-ledger/domain';
import type { SeededRandom } from './synthetic-workload.random';

/** One append as a handler would make it: the stream and the events its decision produced. */
export interface Produced {
  readonly streamId: string;
  readonly events: DomainEvent[];
}

/** The outcome of a command: its events (possibly a recorded rejection's) and the new state. */
export interface Stepped<S> extends Produced {
  readonly state: S;
  readonly rejection: Rejection | null;
}

/** A budget stream's state split into Maps, so a reservation costs O(1) however long the stream grows. */
interface BudgetBook {
  totals: BudgetTotals;
  readonly customerCounts: Map<string, number>;
  readonly reservations: Map<string, Reservation>;
}

const QUOTE_VALIDITY_MS = 15 * 60 * 1000;

function accepted<E>(decision: Decision<E>, what: string): E[] {
  if (decision.kind === 'rejected') throw new Error(`synthetic workload: ${what} was rejected (${decision.rejection.code}: ${decision.rejection.message})`);
  return [...decision.events];
}

/**
 * The ledger as the API's handlers see it (DecisionLookups, CartContextLoader, CheckoutHandler),
 * kept in memory: every command goes through the real decider with the context the API would load,
 * and its events are folded with the real `evolve`. Long streams (budget, registry) are never refolded.
 */
export class SyntheticLedger {
  private nowMs: number;
  private nowIso: string;
  private registry = initialRegistryState();
  private readonly campaigns = new Map<string, CampaignState>();
  private readonly prices = new Map<string, PriceState>();
  private readonly budgets = new Map<string, BudgetBook>();
  private readonly customers = new Map<string, CustomerState>();

  constructor(startMs: number, private readonly random: SeededRandom) {
    this.nowMs = startMs;
    this.nowIso = new Date(startMs).toISOString();
  }

  get now(): string {
    return this.nowIso;
  }

  advance(ms: number): void {
    this.nowMs += ms;
    this.nowIso = new Date(this.nowMs).toISOString();
  }

  registerCampaign(campaignId: string, codes: CampaignCodes): Produced {
    const events = accepted(campaignRegistryDecider.decide({ type: 'RegisterCampaign', data: { campaignId, codes } }, this.registry, { now: this.now }), `registering ${campaignId}`);
    for (const event of events) this.registry = campaignRegistryDecider.evolve(this.registry, event);
    return { streamId: campaignRegistryStream(), events };
  }

  campaign(command: CampaignCommand): Produced {
    const { campaignId } = command.data;
    let state = this.campaigns.get(campaignId) ?? campaignDecider.initialState();
    const events = accepted(campaignDecider.decide(command, state, { now: this.now }), `${command.type} ${campaignId}`);
    for (const event of events) state = campaignDecider.evolve(state, event);
    this.campaigns.set(campaignId, state);
    return { streamId: campaignStream(campaignId), events };
  }

  setPrice(command: SetPrice): Produced {
    let state = this.prices.get(command.data.sku) ?? priceDecider.initialState();
    const events = accepted(priceDecider.decide(command, state, { now: this.now }), `pricing ${command.data.sku}`);
    for (const event of events) state = priceDecider.evolve(state, event);
    this.prices.set(command.data.sku, state);
    return { streamId: priceStream(command.data.sku), events };
  }

  priceOf(sku: string): PriceBookEntry | null {
    const state = this.prices.get(sku);
    return state ? priceAt(state, this.now) : null;
  }

  /** A cart command with the context CartContextLoader would load for it. */
  cart(state: CartState, command: CartCommand): Stepped<CartState> {
    const decision = cartDecider.decide(command, state, this.cartContext(command, state));
    let next = state;
    if (decision.kind === 'accepted') for (const event of decision.events) next = cartDecider.evolve(next, event);
    const cartId = command.type === 'OpenCart' ? command.data.cartId : (state as ExistingCart).cartId;
    return { streamId: cartStream(cartId), events: [...decision.events], state: next, rejection: decision.kind === 'rejected' ? decision.rejection : null };
  }

  /** The versions a checkout compares its quote with (CheckoutHandler.currentVersions). */
  currentVersions(quote: QuoteData): CurrentVersions {
    const priceVersions = Object.fromEntries(Object.keys(quote.priceVersions).flatMap((sku) => {
      const entry = this.priceOf(sku);
      return entry ? [[sku, entry.version]] : [];
    }));
    const ids = new Set([...Object.keys(quote.campaignVersions), ...this.registry.automatic]);
    const campaigns = Object.fromEntries([...ids].flatMap((campaignId) => {
      const snapshot = this.snapshot(campaignId);
      return snapshot ? [[campaignId, { version: snapshot.version, status: snapshot.status }]] : [];
    }));
    return { priceVersions, campaigns };
  }

  order(orderId: string, state: OrderState, command: OrderCommand): Stepped<OrderState> {
    let next = state;
    const events = accepted(orderDecider.decide(command, state, { now: this.now }), `${command.type} ${orderId}`);
    for (const event of events) next = orderDecider.evolve(next, event);
    return { streamId: orderStream(orderId), events, state: next, rejection: null };
  }

  /** Reserve, confirm or release on `budget-<campaignId>`, with the limits and customer count the checkout loads. */
  budget(command: BudgetCommand): Produced & { readonly rejection: Rejection | null } {
    const { campaignId, reservationId } = command.data;
    const book: BudgetBook = this.budgets.get(campaignId) ?? { totals: { redemptions: 0, discountGiven: {} }, customerCounts: new Map<string, number>(), reservations: new Map<string, Reservation>() };
    this.budgets.set(campaignId, book);
    const held = book.reservations.get(reservationId);
    const customerId = command.type === 'ReserveRedemption' ? command.data.customerId : held?.customerId;
    const count = customerId === undefined ? undefined : book.customerCounts.get(customerId);
    const view: BudgetState = {
      totals: book.totals,
      customerCounts: mapFrom(customerId !== undefined && count !== undefined ? { [customerId]: count } : {}),
      reservations: mapFrom(held ? { [reservationId]: held } : {}),
    };
    const snapshot = this.snapshot(campaignId);
    const context = {
      now: this.now,
      limits: command.type === 'ReserveRedemption' ? (snapshot?.terms.limits ?? {}) : {},
      ...(command.type === 'ReserveRedemption' ? { customerRedemptions: this.customer(command.data.customerId).redemptionsByCampaign[campaignId] ?? 0 } : {}),
    };
    const decision = budgetDecider.decide(command, view, context);
    if (decision.kind === 'rejected') return { streamId: budgetStream(campaignId), events: [], rejection: decision.rejection };
    const next = decision.events.reduce((state, event) => budgetDecider.evolve(state, event), view);
    book.totals = next.totals;
    for (const [id, value] of entriesOf(next.customerCounts)) book.customerCounts.set(id, value);
    for (const [id, value] of entriesOf(next.reservations)) book.reservations.set(id, value);
    return { streamId: budgetStream(campaignId), events: [...decision.events], rejection: null };
  }

  customerCommand(command: CustomerCommand): Produced {
    const { customerId } = command.data;
    let state = this.customers.get(customerId) ?? customerDecider.initialState();
    const events = accepted(customerDecider.decide(command, state, { now: this.now }), `${command.type} ${customerId}`);
    for (const event of events) state = customerDecider.evolve(state, event);
    this.customers.set(customerId, state);
    return { streamId: customerStream(customerId), events };
  }

  customer(customerId: string): CustomerHistory {
    return customerHistory(this.customers.get(customerId) ?? customerDecider.initialState());
  }

  private snapshot(campaignId: string): CampaignSnapshot | null {
    const state = this.campaigns.get(campaignId);
    if (!state || state.status === 'none') return null;
    return toSnapshot(state, this.budgets.get(campaignId)?.totals ?? { redemptions: 0, discountGiven: {} });
  }

  private resolveCode(code: string): AttachedCode {
    const normalised = code.trim().toUpperCase();
    return { code: normalised, campaignId: campaignForCode(this.registry, normalised) };
  }

  private campaignsFor(codes: readonly AttachedCode[]): CampaignSnapshot[] {
    const ids = new Set([...this.registry.automatic, ...codes.flatMap((code) => (code.campaignId === null ? [] : [code.campaignId]))]);
    return [...ids].flatMap((campaignId) => this.snapshot(campaignId) ?? []);
  }

  private cartContext(command: CartCommand, cart: CartState): CartContext {
    const now = this.now;
    if (cart.status === 'none') return { now };
    switch (command.type) {
      case 'AddItem': {
        const entry = this.priceOf(command.data.sku);
        return { now, prices: entry ? { [entry.sku]: entry } : {} };
      }
      case 'AttachCoupon': {
        const attachedCode = this.resolveCode(command.data.code);
        const coupons = cart.coupons.map((coupon) => ({ code: coupon.code, campaignId: coupon.campaignId }));
        return { now, attachedCode, campaigns: this.campaignsFor([...coupons, attachedCode]), customer: this.customer(cart.customerId) };
      }
      case 'IssueQuote': {
        const prices = Object.fromEntries(cart.lines.flatMap((line) => {
          const entry = this.priceOf(line.sku);
          return entry ? [[line.sku, entry]] : [];
        }));
        const campaigns = this.campaignsFor(cart.coupons.map((coupon) => this.resolveCode(coupon.code)));
        const validUntil = new Date(this.nowMs + QUOTE_VALIDITY_MS).toISOString();
        return { now, prices, campaigns, customer: this.customer(cart.customerId), redeemedCodes: [], quoteId: this.random.uuid(), validUntil };
      }
      case 'Checkout': {
        const quote = cart.quotes[command.data.quoteId];
        return { now, current: quote ? this.currentVersions(quote) : { priceVersions: {}, campaigns: {} } };
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
}
