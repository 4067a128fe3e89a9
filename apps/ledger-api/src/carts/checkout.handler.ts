import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  budgetDecider, budgetStream, type CampaignRegistryState, type CampaignSnapshot, type CartCommand, cartDecider, type CartState, cartStream, type CurrentVersions, customerDecider,
  type CustomerHistory, customerStream, type ExistingCart, orderDecider, OrderRejections, type OrderState, orderStream, type QuoteData,
} from '@promo-ledger/domain';
import type { StreamCondition } from '@promo-ledger/event-store';
import { Clock } from '../application/clock';
import { type CommandMetadata, recordedMetadata } from '../application/command-metadata';
import { rejectionProblem } from '../application/rejection-status';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import { ProblemException } from '../http/problem';
import { DecisionLookups, type ReadRevisions } from '../registry/decision-lookups';
import { existingCart } from './cart.response';
import { UniqueCodeClaims } from './unique-code-claims';

export class CheckoutCart {
  constructor(
    readonly cartId: string,
    readonly quoteId: string,
    readonly orderId: string | undefined,
    readonly metadata: CommandMetadata,
  ) {}
}

export interface CheckoutResult {
  readonly order: StreamResult<OrderState>;
  readonly cartId: string;
  readonly quote: QuoteData;
}

/**
 * Checkout spans several streams, so it is a small process with a safe order of steps:
 *   1. judge the quote (pure dry run: QUOTE_STALE appends nothing), on the cart as this process holds it;
 *   2. reserve each discounted campaign's budget and claim single-use codes — a limit that ran out
 *      since the quote fails the checkout (409) and releases what was taken: an order is never
 *      placed without a discount the shopper was quoted;
 *   3. check the cart out (the commit point; a cart changed meanwhile releases everything);
 *   4. place the order, confirm the reservations, record the order in the customer's history (side by side).
 * Steps after 3 are idempotent, so a retry after a crash finishes them. A crash between 2 and 3
 * leaves reservations without an order: the reconciler releases those after a timeout.
 */
@CommandHandler(CheckoutCart)
export class CheckoutHandler implements ICommandHandler<CheckoutCart, CheckoutResult> {
  private readonly logger = new Logger('Checkout');

  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(DecisionLookups) private readonly lookups: DecisionLookups,
    @Inject(UniqueCodeClaims) private readonly codes: UniqueCodeClaims,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ cartId, quoteId, orderId: requested, metadata: asked }: CheckoutCart): Promise<CheckoutResult> {
    // a retry after an interrupted attempt simply runs the steps again: each is idempotent by itself
    // (a reservation, a code claim, the checkout and the order are keyed by the order id), whereas
    // StreamRunner's look for that attempt's events could not tell the budget's reserve from its confirm
    const metadata: CommandMetadata = recordedMetadata(asked);
    const orderId = requested ?? `order-${quoteId}`;
    const checkout = { type: 'Checkout' as const, data: { quoteId, orderId } };
    // the dry run goes on the cart as this process holds it, unread; what it refuses there is judged
    // again on the cart as read, since the held fold may be behind the store
    const held = this.runner.cached(cartStream(cartId), cartDecider);
    const judged =
      (held === undefined ? null : await this.judge(held.state, checkout).catch(() => null)) ??
      (await this.judge((await this.runner.load(cartStream(cartId), cartDecider)).state, checkout));
    const { cart, quote } = judged;
    if (judged.facts === null) return this.finish(cart, quote, orderId, metadata);
    const { facts } = judged;

    const reservations = await this.reserve(cart, quote, orderId, metadata, facts);
    try {
      await this.codes.claim(cart, quote, orderId, metadata, facts.registry);
      // decided on the facts the dry run read, which the append holds unchanged to its commit: a price,
      // campaign or registry append since then fails it, and the checkout is decided again on facts read anew
      let read: CheckoutFacts | null = null;
      await this.runner.run(cartStream(cartId), cartDecider, checkout, metadata, {
        context: async () => {
          read = read === null ? facts : await this.factsFor(quote, null);
          return { now: this.clock.now(), current: read.current };
        },
        unchanged: () => read?.unchanged ?? [],
      });
    } catch (error) {
      await this.release(reservations, orderId, 'checkout failed', metadata);
      await this.codes.release(cart, quote, orderId, metadata);
      throw error;
    }
    return this.finish(cart, quote, orderId, metadata);
  }

  /**
   * Checkout's dry run on a cart: QUOTE_STALE and the other refusals, thrown, append nothing. Facts
   * null means the cart is checked out to this order already (a retry): only the steps after remain.
   */
  private async judge(state: CartState, checkout: Extract<CartCommand, { type: 'Checkout' }>): Promise<{ cart: ExistingCart; quote: QuoteData; facts: CheckoutFacts | null }> {
    const cart = existingCart(state);
    const { quoteId, orderId } = checkout.data;
    const quote = cart.quotes[quoteId];
    if (cart.status === 'checked_out' && cart.orderId === orderId && quote) return { cart, quote, facts: null };
    const facts = await this.factsFor(quote, cart.customerId, orderId);
    const judged = cartDecider.decide(checkout, cart, { now: this.clock.now(), current: facts.current });
    if (judged.kind === 'rejected' || !quote) throw rejectionProblem(judged.kind === 'rejected' ? judged.rejection : { code: 'QUOTE_STALE', message: 'Ask for a new quote.' });
    return { cart, quote, facts };
  }

  /**
   * Places the order, then confirms the reservations and records the order for the customer side by
   * side (separate streams, each idempotent). The order comes first: a reservation left open by a
   * crash here is confirmed by the reconciler because its order exists, never confirmed without one.
   */
  private async finish(cart: ExistingCart, quote: QuoteData, orderId: string, metadata: CommandMetadata): Promise<CheckoutResult> {
    const order = await this.placeOrder(cart, quote, orderId, metadata);
    const campaignIds = quote.discounts.map((discount) => discount.campaignId);
    await Promise.all([
      ...campaignIds.map((campaignId) =>
        // confirming reads only the reservation, so no limits are needed
        this.runner.run(budgetStream(campaignId), budgetDecider, { type: 'ConfirmRedemption', data: { campaignId, reservationId: orderId } }, metadata, {
          context: () => Promise.resolve({ now: this.clock.now(), limits: {} }),
        }),
      ),
      this.runner.run(customerStream(cart.customerId), customerDecider, { type: 'RecordCustomerOrder', data: { customerId: cart.customerId, orderId, campaignIds } }, metadata, {
        context: () => Promise.resolve({ now: this.clock.now() }),
      }),
    ]);
    return { order, cartId: cart.cartId, quote };
  }

  /** Places the order; one placed by an earlier attempt of this checkout is answered as it stands. */
  private async placeOrder(cart: ExistingCart, quote: QuoteData, orderId: string, metadata: CommandMetadata): Promise<StreamResult<OrderState>> {
    const command = { type: 'PlaceOrder' as const, data: { orderId, cartId: cart.cartId, customerId: cart.customerId, quote } };
    try {
      return await this.runner.run(orderStream(orderId), orderDecider, command, metadata, { context: () => Promise.resolve({ now: this.clock.now() }) });
    } catch (error) {
      if (!(error instanceof ProblemException) || error.code !== OrderRejections.alreadyExists) throw error;
      return { ...(await this.runner.load(orderStream(orderId), orderDecider)), position: null };
    }
  }

  /** Reserves every discounted campaign's budget, side by side; if any refuses, releases the ones taken and fails. */
  private async reserve(cart: ExistingCart, quote: QuoteData, orderId: string, metadata: CommandMetadata, facts: CheckoutFacts): Promise<string[]> {
    const outcomes = await Promise.allSettled(quote.discounts.map(async ({ campaignId, amount }) => {
      const snapshot = facts.snapshots.get(campaignId);
      if (!snapshot) throw new ProblemException(409, 'QUOTE_STALE', `Campaign ${campaignId} no longer exists; ask for a new quote.`);
      const command = { type: 'ReserveRedemption' as const, data: { campaignId, reservationId: orderId, orderId, customerId: cart.customerId, discount: amount } };
      // the limits and the customer's count were read before taking the budget stream's turn: nothing but the budget itself is read while other checkouts wait
      const context = { limits: snapshot.terms.limits, customerRedemptions: facts.customer?.redemptionsByCampaign[campaignId] ?? 0 };
      await this.runner.run(budgetStream(campaignId), budgetDecider, command, metadata, { context: () => Promise.resolve({ ...context, now: this.clock.now() }) });
      return campaignId;
    }));
    const reserved = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    if (refused === undefined) return reserved;
    await this.release(reserved, orderId, 'another campaign of the order ran out', metadata);
    throw refused.reason;
  }

  /** Best effort: a release that fails is left to the reconciler, which releases reservations without an order. */
  private async release(campaignIds: readonly string[], orderId: string, reason: string, metadata: CommandMetadata): Promise<void> {
    for (const campaignId of campaignIds) {
      const command = { type: 'ReleaseRedemption' as const, data: { campaignId, reservationId: orderId, reason } };
      await this.runner
        .run(budgetStream(campaignId), budgetDecider, command, metadata, { context: () => Promise.resolve({ now: this.clock.now(), limits: {} }) })
        .catch((error: unknown) => this.logger.error(`could not release ${campaignId}/${orderId}: ${String(error)}`));
    }
  }

  /**
   * What the quote relied on, as it stands now: the versions of its prices and campaigns (plus automatic
   * campaigns that started since), the campaigns themselves and, given a customer, their history for
   * the budget's per-customer limit. The registry, the prices, the quoted campaigns and the customer
   * are read in one batch; automatic campaigns the quote did not name, if any, in a second. Given an
   * order id, the order's stream rides in the first batch too, so placing the order later appends
   * on a fold this process holds instead of reading first.
   */
  private async factsFor(quote: QuoteData | undefined, customerId: string | null, orderId: string | null = null): Promise<CheckoutFacts> {
    if (!quote) return { current: { priceVersions: {}, campaigns: {} }, snapshots: new Map(), registry: undefined, customer: undefined, unchanged: [] };
    const quoted = Object.keys(quote.campaignVersions);
    const read: ReadRevisions = new Map();
    const [registry, prices, quotedSnapshots, customer] = await Promise.all([
      this.lookups.registry(read),
      this.lookups.prices(Object.keys(quote.priceVersions), this.clock.now(), read),
      Promise.all(quoted.map((campaignId) => this.lookups.snapshot(campaignId, read))),
      customerId === null ? Promise.resolve(undefined) : this.lookups.customer(customerId),
      orderId === null ? Promise.resolve() : this.runner.load(orderStream(orderId), orderDecider),
    ]);
    const startedSince = await Promise.all(registry.automatic.filter((campaignId) => !quoted.includes(campaignId)).map((campaignId) => this.lookups.snapshot(campaignId, read)));
    const snapshots = new Map([...quotedSnapshots, ...startedSince].flatMap((snapshot) => (snapshot ? [[snapshot.campaignId, snapshot] as const] : [])));
    return {
      current: {
        priceVersions: Object.fromEntries(Object.entries(prices).map(([sku, entry]) => [sku, entry.version])),
        campaigns: Object.fromEntries([...snapshots.values()].map((snapshot) => [snapshot.campaignId, { version: snapshot.version, status: snapshot.status }])),
      },
      snapshots,
      registry,
      customer,
      unchanged: [...read].map(([streamId, revision]) => ({ streamId, revision })),
    };
  }
}

interface CheckoutFacts {
  readonly current: CurrentVersions;
  readonly snapshots: ReadonlyMap<string, CampaignSnapshot>;
  readonly registry: CampaignRegistryState | undefined;
  readonly customer: CustomerHistory | undefined;
  /** The registry, price and campaign streams read, at the revisions read. */
  readonly unchanged: readonly StreamCondition[];
}
